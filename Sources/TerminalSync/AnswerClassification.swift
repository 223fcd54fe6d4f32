import RatingWire

/// What the uploader does with an answer. The device never drops data because of one.
public enum UploadDecision: Sendable, Equatable {
    /// 200 with a valid reply: record the acknowledgement, then continue at once.
    case acknowledged(UploadReply)
    /// 413: the batch is too large; send at most this many next time (at least 1).
    case shrinkBatch(to: Int)
    /// 415: the collector does not take gzip; send plain JSON from now on.
    case sendUncompressed
    /// Anything else: wait (the server's `Retry-After` when given, else backoff) and try the same again.
    case retryLater(reason: String, retryAfter: Duration?)

    /// Decides on `result`, the answer to a batch of `batchSize` ratings of store `storeID`.
    public static func classify(_ result: HTTPResult, batchSize: Int, storeID: String) -> UploadDecision {
        let reason = Self.reason(result)
        switch result.status {
        case 200:
            guard let reply = try? WireCoding.decode(UploadReply.self, from: result.body) else {
                return .retryLater(reason: "200 with an unreadable reply", retryAfter: nil)
            }
            guard reply.storeID == storeID else {
                return .retryLater(reason: "200 for store \(reply.storeID), but the batch was of \(storeID)", retryAfter: nil)
            }
            return .acknowledged(reply)
        case 413 where batchSize > 1:
            return .shrinkBatch(to: max(1, batchSize / 2))
        case 415:
            return .sendUncompressed
        case 429, 503:
            return .retryLater(reason: "HTTP \(result.status): \(reason)", retryAfter: RetryAfter.parse(result.headers["retry-after"]))
        default:
            return .retryLater(reason: "HTTP \(result.status): \(reason)", retryAfter: RetryAfter.parse(result.headers["retry-after"]))
        }
    }

    /// The collector's `ErrorReply` text, or the start of the body.
    static func reason(_ result: HTTPResult) -> String {
        if let reply = try? WireCoding.decode(ErrorReply.self, from: result.body) { return reply.error }
        let text = String(decoding: result.body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "no reason given" : text
    }
}
