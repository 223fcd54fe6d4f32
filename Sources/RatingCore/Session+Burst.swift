/// Finds bursts: `presses` or more presses with less than `within` between the first and the last.
///
/// Checked at every press over the presses of the `within` before it, which finds every
/// group there is: when a press completes a burst, the earlier presses of the group are
/// named so they can be amended, and each later press within `within` of enough others
/// is flagged as it is recorded.
struct BurstTracker: Hashable, Sendable {
    struct Entry: Hashable, Sendable {
        var at: MonotonicInstant
        /// The rating to amend; `nil` for a follow-up answer or a press the store lost.
        var press: PressID?
        var flagged: Bool
    }

    /// The result of one press.
    struct Group: Hashable, Sendable {
        /// The new press is part of a burst.
        var isBurst: Bool
        /// Earlier presses that joined the burst just now (they were recorded without the flag).
        var joining: [PressID]
    }

    let presses: Int
    let within: Duration
    private(set) var recent: [Entry] = []

    init(presses: Int, within: Duration) {
        self.presses = presses
        self.within = within
    }

    /// Adds a press at `now` (monotonic: never earlier than the last one).
    mutating func add(at now: MonotonicInstant, press: PressID?) -> Group {
        guard presses >= 2 else { return Group(isBurst: false, joining: []) }
        recent.removeAll { now >= $0.at + within }
        recent.append(Entry(at: now, press: press, flagged: false))
        guard recent.count >= presses else { return Group(isBurst: false, joining: []) }
        var joining: [PressID] = []
        for index in recent.indices where !recent[index].flagged {
            if index != recent.index(before: recent.endIndex), let earlier = recent[index].press { joining.append(earlier) }
            recent[index].flagged = true
        }
        return Group(isBurst: true, joining: joining)
    }

    /// The store lost `press`: it still counts towards a burst, but there is nothing to amend.
    mutating func forget(_ press: PressID) {
        for index in recent.indices where recent[index].press == press { recent[index].press = nil }
    }
}
