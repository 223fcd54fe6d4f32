import Foundation
import RatingCore
@testable import TerminalApp
import TerminalStore
import Testing

/// `rating-terminal status` as text, from a real store.
struct StatusTextTests {
    @Test func theAlsoUnsentLineCountsDeviceEvents() async throws {
        let store = try RatingStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString).sqlite").path)
        let time = DeviceTime(wallMillis: 1_700_000_000_000, bootID: "b", monotonicNanos: 1, clockSynced: true)
        _ = try await store.recordUnratedService(ServiceRecord(ticket: "A1", staff: nil, openedAt: time), closedAt: time)
        _ = try await store.recordDeviceEvent(DeviceEvent(kind: "selftest", detail: #"{"passed":true}"#, time: time))
        let text = StatusText.describe(try await store.status(), clock: SystemClockReading(wallMillis: time.wallMillis, synced: true))
        #expect(text.contains("also unsent 0 reasons/flags, 1 unrated services, 1 device events; set aside 0"), "\(text)")
    }
}
