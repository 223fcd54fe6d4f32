import Foundation
import Logging
import RatingCore
import TerminalStore

/// A store found damaged at start-up and moved aside.
public struct StoreDamage: Sendable, Equatable {
    /// Where the damaged file now is (never deleted).
    public var movedTo: String
    /// What was wrong (`PRAGMA quick_check`'s findings or SQLite's error).
    public var problem: String

    /// The device event kinds: the damage found, and what the salvage read.
    public static let damagedKind = "store_damaged"
    public static let salvagedKind = "store_salvaged"

    /// Opens the store at `path`; when it is damaged, moves it aside and opens a new one in its place.
    /// Throws what the store throws for anything else (a missing folder, permissions).
    static func open(path: String, reserve: StorageReserve, logger: Logger) throws -> (RatingStore, StoreDamage?) {
        do {
            return (try RatingStore(path: path, reserve: reserve), nil)
        } catch StoreError.damaged(_, let detail) {
            let movedTo = try DamagedStoreFiles.moveAside(path)
            logger.critical("the rating store is damaged: moved aside (not deleted), a new store starts; its readable records are uploaded later",
                            metadata: ["moved_to": "\(movedTo)", "problem": "\(detail)"])
            return (try RatingStore(path: path, reserve: reserve), StoreDamage(movedTo: movedTo, problem: detail))
        }
    }
}

/// Keeps the `store_damaged` event, salvages every damaged file beside the store (once: a complete
/// salvage store is reused at later starts), keeps a `store_salvaged` event for each new salvage,
/// and hands the salvage stores to the upload queue.
struct DamagedStoreRecovery: Sendable {
    let store: RatingStore
    let queue: StoreUploadQueue
    let clock: any DeviceClock
    let logger: Logger
    let onRecorded: @Sendable () -> Void

    func run(damage: StoreDamage?) async {
        if let damage {
            await record(StoreDamage.damagedKind, ["moved_to": damage.movedTo, "problem": damage.problem])
        }
        for damaged in DamagedStoreFiles.damaged(forStore: store.path) {
            do {
                let (salvage, report) = try await StoreSalvage.salvage(damaged)
                if report.ranNow {
                    logger.notice("salvaged the readable records of a damaged store; they are uploaded under its store id",
                                  metadata: ["damaged": "\(damaged)", "salvage": "\(report.salvagePath)", "store": "\(report.storeID)",
                                             "records": "\(report.records)", "unreadable": "\(report.unreadable)"])
                    await record(StoreDamage.salvagedKind, ["damaged_path": report.damagedPath, "salvage_path": report.salvagePath,
                                                            "store_id": report.storeID, "old_store_id_readable": report.oldStoreIDReadable,
                                                            "records": report.records, "unreadable": report.unreadable])
                }
                queue.addSalvaged(salvage)
                onRecorded()
            } catch {
                logger.error("the damaged store could not be salvaged; it stays where it is, for `rating-terminal export` or by hand",
                             metadata: ["damaged": "\(damaged)", "error": "\(error)"])
            }
        }
    }

    private func record(_ kind: String, _ detail: [String: Any]) async {
        do {
            let data = try JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys, .withoutEscapingSlashes])
            _ = try await store.recordDeviceEvent(DeviceEvent(kind: kind, detail: String(decoding: data, as: UTF8.self), time: clock.now()))
            onRecorded()
        } catch {
            logger.warning("a store event could not be kept", metadata: ["kind": "\(kind)", "error": "\(error)"])
        }
    }
}
