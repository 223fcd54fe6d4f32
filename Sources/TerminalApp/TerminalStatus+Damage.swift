import Foundation
import TerminalStore

extension TerminalStatus {
    /// The newest `store_damaged` event: a damaged store moved aside at a start.
    public struct LastDamage: Codable, Sendable, Equatable {
        public var wallMillis: Int64
        public var movedTo: String
        public var problem: String
        enum CodingKeys: String, CodingKey { case wallMillis = "wall_ms", movedTo = "moved_to", problem }
    }

    /// A damaged file beside the store, and its salvage.
    public struct Salvage: Codable, Sendable, Equatable {
        public var damagedPath: String
        /// `nil` until the service has salvaged it.
        public var salvagePath: String?
        public var storeID: String?
        public var records: Int?
        public var unreadable: Int?
        /// Salvaged records the collector has not acknowledged yet.
        public var unsent: Int?
        enum CodingKeys: String, CodingKey {
            case damagedPath = "damaged_path", salvagePath = "salvage_path", storeID = "store_id", records, unreadable, unsent
        }
    }

    /// Fills in the damage and salvage parts from `store` and the files beside it.
    mutating func readDamage(_ store: RatingStore) async throws {
        if let record = try await store.latestDeviceEvent(kind: StoreDamage.damagedKind),
           let object = try? JSONSerialization.jsonObject(with: Data(record.event.detail.utf8)) as? [String: Any] {
            lastDamage = LastDamage(wallMillis: record.event.time.wallMillis, movedTo: object["moved_to"] as? String ?? "?",
                                    problem: object["problem"] as? String ?? "?")
        }
        salvages = []
        for damaged in DamagedStoreFiles.damaged(forStore: store.path) {
            var salvage = Salvage(damagedPath: damaged)
            let path = DamagedStoreFiles.salvagePath(forDamaged: damaged)
            if FileManager.default.fileExists(atPath: path), let opened = try? RatingStore(path: path),
               let report = try? await opened.salvageReport() {
                salvage.salvagePath = path
                salvage.storeID = report.storeID
                salvage.records = report.records
                salvage.unreadable = report.unreadable
                salvage.unsent = try? await opened.unsentRecordCount()
            }
            salvages.append(salvage)
        }
    }

    /// The text lines about damaged stores (none when there never was one).
    public var damageLines: [String] {
        var lines: [String] = []
        if let damage = lastDamage {
            let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(damage.wallMillis) / 1000))
            lines.append("damaged     the store was damaged at \(when) (\(damage.problem)); moved aside to \(damage.movedTo)")
        }
        for salvage in salvages {
            if let records = salvage.records, let storeID = salvage.storeID {
                lines.append("salvaged    \(records) records of store \(storeID) read from \(salvage.damagedPath), \(salvage.unreadable ?? 0) unreadable; \(salvage.unsent.map(String.init) ?? "?") not uploaded yet")
            } else {
                lines.append("salvaged    \(salvage.damagedPath): not yet (the service salvages it at its next start)")
            }
        }
        return lines
    }
}
