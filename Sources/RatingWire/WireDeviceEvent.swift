/// One device event on the wire: a report the device makes about itself (a self-test).
///
/// `detail` is the stored JSON object, embedded as JSON (not as a string holding JSON).
public struct WireDeviceEvent: Codable, Hashable, Sendable {
    /// The event's own seq (per store, apart from the other kinds' seqs).
    public var seq: Int64
    /// `selftest` today; lower-case snake_case.
    public var kind: String
    /// A JSON object; the collector sets aside an event whose detail is anything else.
    public var detail: JSONValue
    /// When the device made the report.
    public var time: WireTime

    public init(seq: Int64, kind: String, detail: JSONValue, time: WireTime) {
        self.seq = seq
        self.kind = kind
        self.detail = detail
        self.time = time
    }
}
