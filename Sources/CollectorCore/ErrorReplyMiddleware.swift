import Hummingbird
import RatingWire

/// Turns every error into an ``RatingWire/ErrorReply`` JSON answer, so clients
/// see one error shape (also for Hummingbird's own 404 and 405), and logs 5xx.
struct ErrorReplyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let error: CollectorHTTPError
        do {
            return try await next(request, context)
        } catch let caught as CollectorHTTPError {
            error = caught
        } catch let caught as HTTPError {
            let reason = caught.body ?? "\(request.method) \(request.uri.path): \(caught.status.reasonPhrase)"
            error = CollectorHTTPError(caught.status, reason, headers: caught.headers)
        } catch let caught as any HTTPResponseError {
            error = CollectorHTTPError(caught.status, "\(request.method) \(request.uri.path): \(caught)")
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return try CollectorHTTPError(.internalServerError, "the collector failed unexpectedly: \(error)")
                .response(from: request, context: context)
        }
        if error.status.code >= 500 {
            context.logger.warning("request failed", metadata: ["status": "\(error.status.code)", "reason": "\(error.reason)", "path": "\(request.uri.path)"])
        }
        return try error.response(from: request, context: context)
    }
}
