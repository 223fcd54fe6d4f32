import Foundation
import Logging
import RatingCore
import TerminalStore

/// Keeps a `storage` device event each time the disk's condition changes (the reserve given back,
/// the disk full even so, the reserve made again), so the collector's device view shows it.
///
/// An event is kept only when the condition differs from the newest `storage` event in the store,
/// so a restart in the same condition adds nothing. When the disk is so full that the event itself
/// cannot be kept, that is logged; the next change is kept once there is room.
public struct StorageRecorder: Sendable {
    let store: RatingStore
    let clock: any DeviceClock
    let logger: Logger
    /// Called after each event is stored (wakes the uploader).
    let onRecorded: @Sendable () -> Void

    public init(store: RatingStore, clock: any DeviceClock, logger: Logger, onRecorded: @escaping @Sendable () -> Void) {
        self.store = store
        self.clock = clock
        self.logger = logger
        self.onRecorded = onRecorded
    }

    /// Records the condition at start if it differs from the last one kept, then every change, until the stream ends.
    public func run(changes: AsyncStream<StorageReport>) async {
        await record(store.storage)
        for await report in changes { await record(report) }
    }

    private func record(_ report: StorageReport) async {
        do {
            // Kept only on a change: an unchanged condition (a restart), or a first one that is `ok`, adds nothing.
            let last = try await store.latestDeviceEvent(kind: StorageReport.eventKind)
            if (last.map { Self.condition(of: $0.event.detail) } ?? .ok) == report.condition { return }
        } catch {
            logger.warning("the last storage condition could not be read", metadata: ["error": "\(error)"])
        }
        let metadata: Logger.Metadata = ["condition": "\(report.condition.rawValue)", "free_bytes": "\(report.freeBytes ?? -1)",
                                         "reserve_bytes": "\(report.reserveBytes)"]
        switch report.condition {
        case .ok: logger.notice("storage: the disk has room again; the reserve is held", metadata: metadata)
        case .reserveInUse: logger.error("storage: the disk is full; presses are stored in the reserve's room - free some space", metadata: metadata)
        case .full: logger.critical("storage: the disk is full and the reserve is used up; presses are NOT stored - free some space now", metadata: metadata)
        }
        do {
            _ = try await store.recordDeviceEvent(DeviceEvent(kind: StorageReport.eventKind, detail: report.eventDetail, time: clock.now()))
            onRecorded()
        } catch {
            logger.warning("the storage condition could not be kept as a device event", metadata: ["error": "\(error)"])
        }
    }

    /// The condition a stored `storage` event's detail names, or `nil`.
    static func condition(of detail: String) -> StorageCondition? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any],
              let raw = object["condition"] as? String else { return nil }
        return StorageCondition(rawValue: raw)
    }
}
