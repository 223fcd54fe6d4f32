import RatingCore

/// One scenario file: settings, events on virtual time, and what must come out.
///
/// The format (plain text, one statement a line; `#` starts a comment, blank lines are skipped):
/// ```
/// settings mode=counter window_s=30 followup_below=3     # any number of lines, before the first event
/// at 0 service-ended ticket=A017 staff=nv07            # times: seconds since boot, e.g. 2.5
/// at 2.5 press 5
/// at 40 store down                                     # every record fails until "store up"
/// at 50 restart                                        # power loss: a new Session; the store survives
/// at 90 end                                            # optional: run nothing after this instant
/// expect
/// rating 1 score=5 flags= window=0 ticket=A017 staff=nv07 reason=waiting_time at=2.5
/// amend 1 reason=waiting_time                          # or: amend 3 flag=burst
/// unrated opened=0 closed=30 ticket=A017 staff=nv07
/// screen 2.5 thanks(5)                                 # idle, welcome, thanks(N), store-problem, follow-up(P)
/// ignore screens                                       # instead of listing every screen
/// ```
/// Settings keys: `mode`, `thanks_s`, `response_interval_s`, `window_s`, `followup_below`,
/// `followup_timeout_s`, `followup_page_s`, `burst_presses`, `burst_window_s`; the rest keep
/// `SessionSettings`' defaults. Events run in file order and must not go back in time; the
/// session's wake-ups run in between (one due at an event's instant runs first). Without
/// `end`, the run goes on until the session asks for no more wake-ups.
///
/// Every list is compared in full: the ratings the store kept (numbered in store order,
/// with their flags and reason after all amendments), the amendments applied (in order),
/// the unrated services, and every screen change with its time. In a `rating` or `unrated`
/// line, a field left out means "absent" (no window, no ticket, no reason), except `at`,
/// which is only checked when given. While the store is down, amendments and unrated
/// services are lost like ratings.
struct Scenario: Sendable {
    enum Event: Hashable, Sendable {
        case press(Score)
        case serviceEnded(ticket: String?, staff: String?)
        case store(up: Bool)
        case restart
        case end
    }

    struct Timed: Hashable, Sendable {
        var at: MonotonicInstant
        var event: Event
        var line: Int
    }

    struct ExpectedRating: Hashable, Sendable {
        var number: Int
        var rating: StoredRating
        /// Checked only when the line gives `at=`.
        var at: MonotonicInstant?
        var line: Int
    }

    struct Expected<Value: Hashable & Sendable>: Hashable, Sendable {
        var value: Value
        var line: Int
    }

    var name: String
    var file: String
    var settings = SessionSettings()
    var events: [Timed] = []
    /// The line of `expect` (where missing expectations are reported).
    var expectLine = 0
    var ratings: [ExpectedRating] = []
    var amendments: [Expected<AppliedAmendment>] = []
    var unrated: [Expected<UnratedService>] = []
    var screens: [Expected<ShownScreen>] = []
    var checksScreens = true
}

/// A rating as the scenario's model store keeps it.
struct StoredRating: Hashable, Sendable {
    var score: Score
    var flags: Set<RatingFlag>
    var window: ServiceWindow?
    var reason: FollowUpReason?
    var pressedAt: MonotonicInstant
}

/// An amendment as applied to the model store, naming the rating by its store number (1 = first kept).
struct AppliedAmendment: Hashable, Sendable {
    var rating: Int
    var amendment: Amendment
}

struct ShownScreen: Hashable, Sendable {
    var at: MonotonicInstant
    var content: ScreenContent
}

/// A malformed scenario, at its file and line.
struct ScenarioError: Error, CustomStringConvertible {
    var file: String
    var line: Int
    var message: String
    var description: String { "\(file):\(line): \(message)" }
}

/// Seconds with up to nine decimals, exactly (no floating point: edges must be exact).
enum ScenarioTime {
    static func parse(_ text: String) -> MonotonicInstant? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = UInt64(parts[0]), parts[0].allSatisfy(\.isNumber) else { return nil }
        var fraction: UInt64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...9).contains(digits.count), digits.allSatisfy(\.isNumber),
                  let value = UInt64(digits + String(repeating: "0", count: 9 - digits.count)) else { return nil }
            fraction = value
        }
        return MonotonicInstant(nanoseconds: whole * 1_000_000_000 + fraction)
    }

    static func format(_ instant: MonotonicInstant) -> String {
        let whole = instant.nanoseconds / 1_000_000_000
        var fraction = String(instant.nanoseconds % 1_000_000_000)
        guard fraction != "0" else { return String(whole) }
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
