import RatingCore
import TerminalStore

/// The self-test report kept in the terminal's store, as a device event of kind `selftest`:
/// the service uploads it with the ratings, so the central office sees every terminal's last test.
public enum SelfTestRecord {
    /// The device event kind.
    public static let kind = "selftest"

    /// Stores `report` durably (its own transaction).
    @discardableResult
    public static func store(_ report: SelfTestReport, in store: RatingStore, at time: DeviceTime) async throws -> DeviceEventRecord {
        try await store.recordDeviceEvent(DeviceEvent(kind: kind, detail: try report.json(), time: time))
    }
}
