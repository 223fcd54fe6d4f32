/// How full the store's disk is, as the technician sees it (`status`, the `storage` device event).
public enum StorageCondition: String, Sendable, Codable, Equatable {
    /// The reserve is held: the disk has room.
    case ok
    /// The disk filled up and the reserve was given back: presses are stored in its room. Free some space.
    case reserveInUse = "reserve_in_use"
    /// A write failed even without a reserve: presses are answered with the store-problem screen and not stored.
    case full
}

/// The storage condition with the figures behind it.
public struct StorageReport: Sendable, Codable, Equatable {
    public var condition: StorageCondition
    /// Bytes free to the service user on the store's file system; `nil` if unreadable.
    public var freeBytes: Int64?
    /// The reserve's size, and whether it is held now.
    public var reserveBytes: Int64
    public var reserveHeld: Bool

    public init(condition: StorageCondition, freeBytes: Int64?, reserveBytes: Int64, reserveHeld: Bool) {
        self.condition = condition
        self.freeBytes = freeBytes
        self.reserveBytes = reserveBytes
        self.reserveHeld = reserveHeld
    }

    /// The `storage` device event's kind.
    public static let eventKind = "storage"

    /// The device event's detail: `{"condition": …, "free_bytes": …, "reserve_bytes": …}` (a JSON object, keys sorted).
    public var eventDetail: String {
        let free = freeBytes.map(String.init) ?? "null"
        return "{\"condition\":\"\(condition.rawValue)\",\"free_bytes\":\(free),\"reserve_bytes\":\(reserveBytes)}"
    }

    /// Below this many free bytes without a reserve, `status` calls the disk full (a few presses' worth of WAL).
    public static let fullBelowBytes: Int64 = 256 << 10

    /// The condition as another process (`status`) sees it from the file system alone: the reserve held,
    /// or room enough to make it, is `ok`; no reserve and almost nothing free is `full`.
    public static func observed(_ reserve: StorageReserve) -> StorageReport {
        let held = reserve.isHeld
        let free = reserve.freeBytes
        let condition: StorageCondition
        if held || (free ?? 0) >= 2 * reserve.size {
            condition = .ok
        } else if let free, free < fullBelowBytes {
            condition = .full
        } else {
            condition = .reserveInUse
        }
        return StorageReport(condition: condition, freeBytes: free, reserveBytes: reserve.size, reserveHeld: held)
    }
}
