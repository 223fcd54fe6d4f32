/// The outboxes besides ratings: each has its own seq, acknowledged-through cursor and set-aside kind.
enum Outbox: CaseIterable {
    case amendments, unratedServices, deviceEvents

    /// The table (a fixed name, never input).
    var table: String {
        switch self {
        case .amendments: return "amendments"
        case .unratedServices: return "unrated_services"
        case .deviceEvents: return "device_events"
        }
    }

    /// The `upload_state` column with the acknowledged-through cursor.
    var cursor: String { table + "_acked_through" }

    /// The kind in `set_aside_records`.
    var kind: String {
        switch self {
        case .amendments: return "amendment"
        case .unratedServices: return "unrated_service"
        case .deviceEvents: return "device_event"
        }
    }
}
