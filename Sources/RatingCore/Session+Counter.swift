/// A rating window as the session holds it (counter mode).
public struct RatingWindow: Hashable, Sendable {
    /// The service whose customer may rate in this window.
    public var service: ServiceWindow
    /// The window covers `service.openedAt` up to, not including, this instant.
    public var closesAt: MonotonicInstant
    /// The press that counted, once there is one; later presses are flagged `repeat`.
    public var countedPress: PressID?

    /// A window for `service`, open until `closesAt`, rated by `countedPress` if given.
    public init(service: ServiceWindow, closesAt: MonotonicInstant, countedPress: PressID? = nil) {
        self.service = service
        self.closesAt = closesAt
        self.countedPress = countedPress
    }
}

/// Counter mode: the clerk's "service ended" opens a rating window.
extension Session {
    /// The clerk ended a service (their button, or the queue system's call): open a rating window.
    ///
    /// A window still open is closed first, and recorded as unrated if it had no counted
    /// press. Whatever the display showed (a thank-you, the follow-up question, which then
    /// gets no reason) gives way to the prompt for the new customer. Kiosk mode has no
    /// windows: there the call only settles due timers.
    public mutating func serviceEnded(ticket: String?, staff: String?, at now: MonotonicInstant) -> [SessionAction] {
        var actions = advance(to: now)
        guard settings.mode == .counter else { return finish(actions, at: now) }
        if var open = openWindow, open.countedPress == nil, firstPressOfService == nextPress,
           now < open.service.openedAt + Self.sameServiceTriggers,
           compatible(open.service.ticket, ticket), compatible(open.service.staff, staff) {
            // Both triggers of one service (the queue system's call and the clerk's button, in
            // either order): one window, with what each knew, instead of a phantom unrated service.
            open.service.ticket = open.service.ticket ?? ticket
            open.service.staff = open.service.staff ?? staff
            openWindow = open
            return finish(actions, at: now)
        }
        if let old = openWindow, old.countedPress == nil {
            actions.append(.recordUnratedService(UnratedService(window: old.service, closedAt: now)))
        }
        openWindow = RatingWindow(service: ServiceWindow(ticket: ticket, staff: staff, openedAt: now),
                                  closesAt: now + settings.window)
        firstPressOfService = nextPress
        state = .idle
        return finish(actions, at: now)
    }

    /// Two triggers this close together, with no press between them and no ticket or staff that
    /// differ, are taken as the same service ended twice (button and queue system both used).
    static let sameServiceTriggers: Duration = .seconds(5)

    private func compatible(_ old: String?, _ new: String?) -> Bool {
        old == nil || new == nil || old == new
    }

    /// Closes the window if it has expired by `now`; returns it when it got no rating.
    mutating func expireWindow(at now: MonotonicInstant) -> UnratedService? {
        guard let open = openWindow, now >= open.closesAt else { return nil }
        openWindow = nil
        guard open.countedPress == nil else { return nil }
        return UnratedService(window: open.service, closedAt: open.closesAt)
    }
}
