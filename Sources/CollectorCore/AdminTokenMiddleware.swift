import Hummingbird

/// Requires the admin token on every route of the group it is added to (see ``buildCollectorApplication``).
///
/// With no token configured it lets everything through: ``AdminAccess/problem(host:adminToken:)``
/// keeps that to loopback addresses. A refusal is 401 with a reason and
/// `WWW-Authenticate: Basic realm="rating-collector"`, so a browser asks for it (any user name, the token as password).
struct AdminTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    static var challenge: HTTPFields { [.wwwAuthenticate: #"Basic realm="rating-collector""#] }

    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        guard let presented = AdminAccess.presentedToken(authorization: request.headers[.authorization]) else {
            throw CollectorHTTPError(.unauthorized, "\(request.uri.path) needs the collector's admin token: send "
                                     + "\"Authorization: Bearer TOKEN\", or HTTP Basic with any user name and the token as password",
                                     headers: Self.challenge)
        }
        guard AdminAccess.matches(presented, expected: token) else {
            throw CollectorHTTPError(.unauthorized, "the admin token does not match; use the token in the collector's --admin-token-file",
                                     headers: Self.challenge)
        }
        return try await next(request, context)
    }
}
