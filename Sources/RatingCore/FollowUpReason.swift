/// Why a customer who gave a low score was not satisfied: the answer to the follow-up
/// question, chosen with the same five buttons (button N picks the reason numbered N).
public enum FollowUpReason: Int, Hashable, Sendable, CaseIterable, Codable {
    case waitingTime = 1
    case staffAttitude = 2
    case procedure = 3
    case facilities = 4
    case other = 5

    /// The reason on button `score`'s position.
    public init(button score: Score) {
        self = FollowUpReason(rawValue: score.value) ?? .other
    }

    /// The stable name used in the store, on the wire and in the collector.
    public var code: String {
        switch self {
        case .waitingTime: return "waiting_time"
        case .staffAttitude: return "staff_attitude"
        case .procedure: return "procedure"
        case .facilities: return "facilities"
        case .other: return "other"
        }
    }
}
