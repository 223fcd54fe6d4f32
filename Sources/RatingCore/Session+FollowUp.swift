/// The follow-up question after a low score: "why?", answered with the same five buttons.
public struct FollowUp: Hashable, Sendable {
    /// The rating the answer will explain.
    public var press: PressID
    /// The low score it follows (the thank-you after the answer names it).
    public var score: Score
    /// When the question appeared (after the score was durable).
    public var startedAt: MonotonicInstant
    /// The question gives up at this instant; the rating then simply has no reason.
    public var until: MonotonicInstant

    /// The question about `press`, shown from `startedAt` until `until`.
    public init(press: PressID, score: Score, startedAt: MonotonicInstant, until: MonotonicInstant) {
        self.press = press
        self.score = score
        self.startedAt = startedAt
        self.until = until
    }

    /// The page shown at `now` when each reason stays `interval` (0 = never scrolls).
    public func page(at now: MonotonicInstant, every interval: Duration) -> Int {
        let step = interval.nanosecondsClamped
        guard step > 0 else { return 0 }
        return Int(now.since(startedAt).nanosecondsClamped / step)
    }

    /// When the page after the one shown at `now` appears, or `nil` if the screen does not scroll.
    public func nextPage(after now: MonotonicInstant, every interval: Duration) -> MonotonicInstant? {
        let step = interval.nanosecondsClamped
        guard step > 0 else { return nil }
        let (offset, overflow) = Int64(page(at: now, every: interval) + 1).multipliedReportingOverflow(by: step)
        return overflow ? nil : startedAt + .nanoseconds(offset)
    }
}

extension Session {
    /// The press answering the question: button N is reason N; then the thank-you for the score.
    ///
    /// The answer is a press too, so it counts towards a burst (and may flag the rating it explains).
    mutating func answer(_ question: FollowUp, with button: Score, at now: MonotonicInstant) -> [SessionAction] {
        let group = burst.add(at: now, press: nil)
        state = .thanking(score: question.score, until: now + settings.thanks)
        return [.amend(question.press, .reason(FollowUpReason(button: button)))]
            + group.joining.map { .amend($0, .addFlag(.burst)) }
    }
}
