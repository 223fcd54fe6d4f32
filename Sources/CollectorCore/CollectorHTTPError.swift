import Hummingbird
import RatingWire

/// An error answer: a status and a reason a person can act on, sent as an ``RatingWire/ErrorReply``.
struct CollectorHTTPError: HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    var reason: String
    var headers: HTTPFields

    init(_ status: HTTPResponse.Status, _ reason: String, headers: HTTPFields = [:]) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }

    var description: String { "\(status.code) \(reason)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(ErrorReply(error: reason), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// The answer for a storage failure: 503 with `Retry-After` when waiting may help, else 500.
    static func storage(_ error: CollectorStorageError, retryAfterSeconds: Int) -> CollectorHTTPError {
        switch error {
        case .busy, .unavailable:
            return CollectorHTTPError(.serviceUnavailable, "\(error); retry later",
                                      headers: [.retryAfter: String(retryAfterSeconds)])
        default:
            return CollectorHTTPError(.internalServerError, error.description)
        }
    }
}

/// JSON responses, encoded the one wire way.
enum JSONResponse {
    /// `value` as an `application/json` response.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        do {
            let bytes = try WireCoding.encode(value)
            return Response(status: status, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            // Encoding our own plain structs cannot fail in practice; still never crash over it.
            let fallback = #"{"error":"the collector could not encode its answer"}"#
            return Response(status: .internalServerError, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: fallback)))
        }
    }
}
