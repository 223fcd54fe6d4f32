import RatingWire

/// What the uploader does with an answer. The device never drops data because of one.
public enum UploadDecision: Sendable, Equatable {
    /// 200 with a valid reply for this store: record the acknowledgement.
    case acknowledged(UploadReply)
    /// 413: the batch is too large; send at most this many next time (at least 1), at once.
    case shrinkBatch(to: Int)
    /// 415 to a gzip body: the collector does not take gzip; send plain JSON from now on, at once.
    case sendUncompressed
    /// Anything else: keep the ratings, wait (backoff, at least the server's `Retry-After`), send again.
    case retryLater(UploadProblem, reason: String, retryAfter: Duration?)

    /// Decides on `result`, the answer to a batch of `batchSize` ratings of store `storeID`
    /// sent gzip-compressed or not (`gzipped`).
    public static func classify(_ result: HTTPResult, batchSize: Int, storeID: String, gzipped: Bool = true) -> UploadDecision {
        let status = result.status
        let reason = "HTTP \(status): \(Self.reason(result))"
        switch status {
        case 200:
            guard let reply = try? WireCoding.decode(UploadReply.self, from: result.body) else {
                return .retryLater(.malformed, reason: "HTTP 200 with an unreadable reply", retryAfter: nil)
            }
            guard reply.storeID == storeID else {
                return .retryLater(.malformed, reason: "HTTP 200 for store \(reply.storeID), but the batch was of \(storeID)", retryAfter: nil)
            }
            return .acknowledged(reply)
        case 413 where batchSize > 1:
            return .shrinkBatch(to: max(1, batchSize / 2))
        case 415 where gzipped:
            return .sendUncompressed
        case 400, 413, 415, 422:
            return .retryLater(.malformed, reason: reason, retryAfter: nil)
        case 401, 403:
            return .retryLater(.unauthorized, reason: reason, retryAfter: nil)
        case 409:
            return .retryLater(.unknownDevice, reason: reason, retryAfter: nil)
        case 429, 503:
            return .retryLater(.busy, reason: reason, retryAfter: result.retryAfter)
        case 500...599:
            return .retryLater(.serverError, reason: reason, retryAfter: result.retryAfter)
        default:
            return .retryLater(.unexpected, reason: reason, retryAfter: nil)
        }
    }

    /// The collector's `ErrorReply` text, or the start of the body.
    static func reason(_ result: HTTPResult) -> String {
        if let reply = try? WireCoding.decode(ErrorReply.self, from: result.body) { return reply.error }
        let text = String(decoding: result.body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "no reason given" : text
    }
}
