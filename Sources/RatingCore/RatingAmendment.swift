/// A change to a stored rating, kept as its own record: a rating is never rewritten
/// after it is stored (it may already be at the collector).
public enum AmendmentChange: Hashable, Sendable {
    /// The answer to the follow-up question.
    case reason(FollowUpReason)
    /// A flag learned after the press was stored (e.g. `burst`).
    case flag(RatingFlag)

    /// The stored and wire name of the kind: "reason" or "flag".
    public var kind: String {
        switch self {
        case .reason: return "reason"
        case .flag: return "flag"
        }
    }

    /// The stored and wire value: the reason's code or the flag's name.
    public var value: String {
        switch self {
        case .reason(let reason): return reason.code
        case .flag(let flag): return flag.rawValue
        }
    }

    /// The change named by a kind and value, or `nil` if either is unknown.
    public init?(kind: String, value: String) {
        switch kind {
        case "reason":
            guard let reason = FollowUpReason.allCases.first(where: { $0.code == value }) else { return nil }
            self = .reason(reason)
        case "flag":
            guard let flag = RatingFlag(rawValue: value) else { return nil }
            self = .flag(flag)
        default:
            return nil
        }
    }
}

/// An amendment as kept by a store: identified by `(deviceID, storeID, seq)` with its own seq.
public struct RatingAmendment: Hashable, Sendable {
    /// The store's random id.
    public var storeID: String
    /// Increases by one for every amendment the store keeps (apart from the ratings' seq).
    public var seq: Int64
    /// The seq of the rating it changes (same store).
    public var ratingSeq: Int64
    public var change: AmendmentChange
    /// When the change happened (the answer, or when the flag was learned).
    public var time: DeviceTime

    public init(storeID: String, seq: Int64, ratingSeq: Int64, change: AmendmentChange, time: DeviceTime) {
        self.storeID = storeID
        self.seq = seq
        self.ratingSeq = ratingSeq
        self.change = change
        self.time = time
    }
}

