/// Something the device reports about itself (not a rating): e.g. a self-test report.
///
/// The store and the wire keep `detail` verbatim: what it says is the reporter's business
/// (the self-test's steps and verdicts); the outbox only carries it to the collector.
public struct DeviceEvent: Sendable, Hashable {
    /// What kind of report: `selftest` today; lower-case snake_case, 1…40 characters.
    public var kind: String
    /// A JSON object as text, at most ``DeviceEvent/maxDetailBytes`` bytes of UTF-8.
    public var detail: String
    /// When the device made the report.
    public var time: DeviceTime

    /// A report of `kind` with `detail` (a JSON object as text), made at `time`.
    public init(kind: String, detail: String, time: DeviceTime) {
        self.kind = kind
        self.detail = detail
        self.time = time
    }

    /// The longest kind, in characters.
    public static let maxKindLength = 40
    /// The largest detail, in bytes of UTF-8 (16 KiB): a report, not a log file.
    public static let maxDetailBytes = 16 * 1024

    /// Why `kind` is not a valid kind, or `nil` when it is: 1…40 characters of `a`–`z`, `0`–`9` and `_`.
    ///
    /// Checked by the terminal before it stores an event and again by the collector, which
    /// sets aside an event whose kind a newer or broken build got wrong.
    public static func problem(kind: String) -> String? {
        guard (1...maxKindLength).contains(kind.unicodeScalars.count) else {
            return "kind \"\(kind)\" must be 1 to \(maxKindLength) characters long"
        }
        guard kind.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            return "kind \"\(kind)\" may hold only a-z, 0-9 and _ (lower-case snake_case)"
        }
        return nil
    }
}

/// A device event as kept by a store: identified by `(deviceID, storeID, seq)` with its own seq.
public struct DeviceEventRecord: Sendable, Hashable {
    /// The store's random id.
    public var storeID: String
    /// Increases by one for every device event the store keeps (apart from the other kinds' seqs).
    public var seq: Int64
    /// The event: kind, detail, time.
    public var event: DeviceEvent

    public init(storeID: String, seq: Int64, event: DeviceEvent) {
        self.storeID = storeID
        self.seq = seq
        self.event = event
    }
}
