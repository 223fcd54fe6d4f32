/// Presses and the store's answers.
extension Session {
    /// A button was pressed. Every press is kept: as a rating (`.record`, flagged when it does
    /// not count), or, while the follow-up question is shown, as the reason of the rating it explains.
    public mutating func press(_ score: Score, at now: MonotonicInstant) -> [SessionAction] {
        var actions = advance(to: now)
        if case .followUp(let question) = state {
            actions += answer(question, with: score, at: now)
            return finish(actions, at: now)
        }
        let id = PressID(nextPress)
        nextPress += 1
        var (flags, window) = judge(pressAt: now, id: id)
        let group = burst.add(at: now, press: id)
        if group.isBurst { flags.insert(.burst) }
        actions.append(.record(RecordRequest(id: id, score: score, flags: flags, pressedAt: now, window: window)))
        actions += group.joining.map { .amend($0, .addFlag(.burst)) }
        return finish(actions, at: now)
    }

    /// The store committed the press: thank the customer, or after a clean low score ask why.
    ///
    /// Only a press with no flags is asked about: a repeat, a press outside a window or
    /// part of a burst is not a customer's considered rating.
    public mutating func recorded(_ request: RecordRequest, at now: MonotonicInstant) -> [SessionAction] {
        let actions = advance(to: now)
        guard request.id.value >= firstPressOfService else {
            return finish(actions, at: now) // a new service began meanwhile: keep its prompt
        }
        if request.flags.isEmpty && request.score.value < settings.followUpBelow {
            state = .followUp(FollowUp(press: request.id, score: request.score, startedAt: now,
                                       until: now + settings.followUpTimeout))
        } else {
            state = .thanking(score: request.score, until: now + settings.thanks)
        }
        return finish(actions, at: now)
    }

    /// The store could not keep the press: say so instead of thanking.
    ///
    /// A press that was lost does not use anything up: the next press in the same window
    /// (or, in kiosk mode, within the response interval) counts in its place.
    public mutating func recordFailed(_ request: RecordRequest, at now: MonotonicInstant) -> [SessionAction] {
        // Un-count the lost press before time advances: a window that expires meanwhile is then
        // recorded as an unrated service instead of vanishing with the lost press.
        if settings.mode == .counter, openWindow?.countedPress == request.id { openWindow?.countedPress = nil }
        let actions = advance(to: now)
        burst.forget(request.id)
        if settings.mode == .kiosk, !request.flags.contains(.repeat), lastCounted == request.pressedAt { lastCounted = nil }
        state = .storeProblem(until: now + settings.thanks)
        return finish(actions, at: now)
    }

    /// Decides whether a press counts, and which window it belongs to.
    private mutating func judge(pressAt now: MonotonicInstant, id: PressID) -> (Set<RatingFlag>, ServiceWindow?) {
        switch settings.mode {
        case .kiosk:
            if let last = lastCounted, now < last + settings.responseInterval { return ([.repeat], nil) }
            lastCounted = now
            return ([], nil)
        case .counter:
            guard var open = openWindow else { return ([.noWindow], nil) }
            if open.countedPress != nil { return ([.repeat], open.service) }
            open.countedPress = id
            openWindow = open
            return ([], open.service)
        }
    }
}
