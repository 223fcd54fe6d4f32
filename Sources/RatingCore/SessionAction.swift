/// What the session asks its owner to do, in order.
///
/// Every press yields exactly one `.record`, except the press that answers the
/// follow-up question: that one is kept as the reason of the rating it explains
/// (`.amend(_, .reason(_))`). An `.amend` always comes after the `.record` of the
/// press it names, so an owner that performs actions in order can always apply it.
public enum SessionAction: Hashable, Sendable {
    /// Store this press durably, then report back with `Session.recorded` or `Session.recordFailed`.
    case record(RecordRequest)
    /// Add to a press already asked to be stored (the owner maps the `PressID` to its stored rating).
    case amend(PressID, Amendment)
    /// A rating window closed without a counted press: keep that the service produced no rating,
    /// so the collector can report ratings per served customer.
    case recordUnratedService(UnratedService)
    /// Draw this content on the display.
    case show(ScreenContent)
    /// Call `Session.tick` at this instant (replaces any earlier wake-up).
    case wake(at: MonotonicInstant)
}

/// The session's name for one press: increasing from 1 within one `Session` value.
///
/// A new session (after a restart or power loss) starts again from 1; the owner's
/// mapping to stored ratings starts afresh with it.
public struct PressID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The number: 1 for a session's first press.
    public let value: Int

    /// The press numbered `value`.
    public init(_ value: Int) { self.value = value }
    /// The press numbered `value` (tests write `1` for `PressID(1)`).
    public init(integerLiteral value: Int) { self.value = value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
    public var description: String { "#\(value)" }
}

/// A press the session wants stored.
public struct RecordRequest: Hashable, Sendable {
    /// How later amendments will name this press.
    public var id: PressID
    /// The button pressed.
    public var score: Score
    /// Why the press does not count as an ordinary rating; empty when it does.
    public var flags: Set<RatingFlag>
    /// When the press happened (the keypad's event time).
    public var pressedAt: MonotonicInstant
    /// Counter mode: the rating window the press fell in (its service's ticket and staff), if one was open.
    public var window: ServiceWindow?

    /// A press to store; `window` only in counter mode, when one was open.
    public init(id: PressID, score: Score, flags: Set<RatingFlag>, pressedAt: MonotonicInstant, window: ServiceWindow? = nil) {
        self.id = id
        self.score = score
        self.flags = flags
        self.pressedAt = pressedAt
        self.window = window
    }
}

/// A change to a press after it was asked to be stored.
public enum Amendment: Hashable, Sendable {
    /// The answer to the follow-up question after a low score.
    case reason(FollowUpReason)
    /// A flag learned later, e.g. `burst` once enough presses followed.
    case addFlag(RatingFlag)
}

/// One served customer's rating window (counter mode): opened when the clerk ended the service.
public struct ServiceWindow: Hashable, Sendable {
    /// The queue ticket number, if the queue system sent one.
    public var ticket: String?
    /// The clerk's id, if known.
    public var staff: String?
    /// When the service ended and the window opened.
    public var openedAt: MonotonicInstant

    /// The window of a service ended at `openedAt`.
    public init(ticket: String?, staff: String?, openedAt: MonotonicInstant) {
        self.ticket = ticket
        self.staff = staff
        self.openedAt = openedAt
    }
}

/// A service that produced no counted rating.
public struct UnratedService: Hashable, Sendable {
    /// The service that went unrated.
    public var window: ServiceWindow
    /// When the window closed: when it expired, or when the next service ended.
    public var closedAt: MonotonicInstant

    /// `window`, closed at `closedAt` without a counted press.
    public init(window: ServiceWindow, closedAt: MonotonicInstant) {
        self.window = window
        self.closedAt = closedAt
    }
}
