import Foundation
import TerminalHardware
import TerminalStore

/// The clock state for `status`.
public struct SystemClockReading: Sendable, Equatable, Codable {
    public var wallMillis: Int64
    public var synced: Bool

    enum CodingKeys: String, CodingKey { case synced, wallMillis = "wall_ms" }

    public static func now() -> SystemClockReading {
        let time = SystemDeviceClock().now()
        return SystemClockReading(wallMillis: time.wallMillis, synced: time.clockSynced)
    }
}

/// `rating-terminal status` as text.
public enum StatusText {
    public static func describe(_ status: StoreStatus, clock: SystemClockReading) -> String {
        func when(_ millis: Int64?) -> String {
            guard let millis else { return "never" }
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            return ISO8601DateFormatter().string(from: date)
        }
        return """
            store       \(status.storeID) (\(status.path))
            unsent      \(status.unsentCount) of \(status.totalKept) kept; oldest unsent \(when(status.oldestUnsentWallMillis))
            acked       through seq \(status.ackedThrough) of \(status.lastSeq); set aside \(status.setAsideCount)
            also unsent \(status.unsentAmendments) reasons/flags, \(status.unsentUnratedServices) unrated services, \(status.unsentDeviceEvents) device events; set aside \(status.setAsideRecords)
            last upload \(when(status.lastAttemptWallMillis)): \(status.lastResult ?? "none")\(status.lastHTTPStatus.map { " (HTTP \($0))" } ?? "")
            last ok     \(when(status.lastSuccessWallMillis))
            clock       \(clock.synced ? "synchronised" : "NOT synchronised") (\(when(clock.wallMillis)))
            """
    }
}
