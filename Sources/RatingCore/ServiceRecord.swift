/// One served customer's rating window as kept with a rating or an unrated service:
/// the queue ticket, the clerk, and when the window opened (device time).
///
/// The session's ``ServiceWindow`` names the opening on the monotonic clock only;
/// the owner places it in device time (wall, boot, monotonic, synced) when it stores it.
public struct ServiceRecord: Hashable, Sendable {
    /// The queue ticket number, if the queue system sent one.
    public var ticket: String?
    /// The clerk's id, if known.
    public var staff: String?
    /// When the service ended and the rating window opened.
    public var openedAt: DeviceTime

    /// A window of `ticket` served by `staff`, opened at `openedAt`.
    public init(ticket: String?, staff: String?, openedAt: DeviceTime) {
        self.ticket = ticket
        self.staff = staff
        self.openedAt = openedAt
    }
}

/// A service whose rating window closed without a counted press, as kept by a store
/// (its own seq), so the collector can report ratings per served customer.
public struct UnratedServiceRecord: Hashable, Sendable {
    /// The store's random id.
    public var storeID: String
    /// Increases by one for every unrated service the store keeps.
    public var seq: Int64
    /// The service: ticket, staff, opening time.
    public var service: ServiceRecord
    /// When the window closed (expired, or the next service ended).
    public var closedAt: DeviceTime

    public init(storeID: String, seq: Int64, service: ServiceRecord, closedAt: DeviceTime) {
        self.storeID = storeID
        self.seq = seq
        self.service = service
        self.closedAt = closedAt
    }
}
