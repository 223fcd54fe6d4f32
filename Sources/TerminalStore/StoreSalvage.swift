import Foundation
import GRDB

/// What a salvage read from a damaged store.
public struct SalvageReport: Sendable, Equatable {
    /// The damaged file (moved aside) and the salvage store made from it.
    public var damagedPath: String
    public var salvagePath: String
    /// The id the salvaged records are uploaded under: the damaged store's own, or a new one when that was unreadable.
    public var storeID: String
    public var oldStoreIDReadable: Bool
    /// Records of every kind copied into the salvage store.
    public var records: Int
    /// Seqs that could not be read (or read as garbage) and were skipped.
    public var unreadable: Int
    /// Whether this salvage ran now (`false`: it was complete from an earlier start).
    public var ranNow: Bool = true
}

/// Copies the readable records of a damaged store into a salvage store, a clean store file that
/// holds the damaged store's id, so they are uploaded later under their original identity
/// (store id, seq, rating id) and the collector keeps each once, even if it had some already.
///
/// Reads from a working copy (``SalvageCopy``), range by range, splitting a range that fails
/// down to single seqs and skipping those; every row's types are checked before it is copied.
/// The damaged file is never written.
public enum StoreSalvage {
    /// Seqs read in one query before a failure splits the range.
    static let chunk: Int64 = 256

    /// Salvages `damagedPath` into ``DamagedStoreFiles/salvagePath(forDamaged:)`` unless that is already complete; returns the salvage store.
    public static func salvage(_ damagedPath: String, now: @escaping @Sendable () -> Int64 = RatingStore.wallMillisNow) async throws
        -> (store: RatingStore, report: SalvageReport) {
        let salvagePath = DamagedStoreFiles.salvagePath(forDamaged: damagedPath)
        if FileManager.default.fileExists(atPath: salvagePath), let done = try? RatingStore(path: salvagePath, now: now),
           var report = try await done.salvageReport() {
            report.ranNow = false
            return (done, report)
        }
        let copy = try SalvageCopy.make(of: damagedPath, at: salvagePath + ".work")
        defer { copy.remove() }
        var configuration = Configuration()
        configuration.readonly = true
        let source: DatabaseQueue? = try? DatabaseQueue(path: copy.path, configuration: configuration)
        let oldID: String? = try await source?.unsafeRead { db in
            (try? Row.fetchOne(db, sql: "SELECT store_id FROM store_info WHERE id = 1")).flatMap { row in
                let value: DatabaseValue = row["store_id"]
                if case .string(let id) = value.storage, id.utf8.count == 36 { return id }
                return nil
            }
        }
        // An unreadable old id: the records go up under a new id. Ratings the collector already holds
        // are then recognised by their rating id and set aside there (reported, never counted twice).
        let store = try RatingStore(path: salvagePath, adoptingStoreID: oldID, now: now)
        var (records, unreadable) = (0, 0)
        if let source {
            for table in SalvageTable.all {
                let (kept, skipped) = try await copyTable(table, from: source, into: store)
                records += kept
                unreadable += skipped
            }
        }
        let report = SalvageReport(damagedPath: damagedPath, salvagePath: salvagePath, storeID: store.storeID,
                                   oldStoreIDReadable: oldID != nil, records: records, unreadable: unreadable)
        try await store.markSalvaged(report, at: now())
        return (store, report)
    }

    /// Copies one table's readable rows; returns how many were kept and how many seqs failed.
    private static func copyTable(_ table: SalvageTable, from source: DatabaseQueue, into store: RatingStore) async throws -> (Int, Int) {
        let bounds: ClosedRange<Int64>? = try await source.unsafeRead { db in
            let low = (try? Int64.fetchOne(db, sql: "SELECT min(seq) FROM \(table.name)")) ?? 1
            let highs = [try? Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table.name]),
                         try? Int64.fetchOne(db, sql: "SELECT max(seq) FROM \(table.name)")].compactMap { $0 }
            guard let high = highs.max(), high >= max(low, 1) else { return nil }
            return max(low, 1)...high
        }
        guard let bounds else { return (0, 0) }
        var (kept, failed) = (0, 0)
        var start = bounds.lowerBound
        while start <= bounds.upperBound {
            let end = min(start + chunk - 1, bounds.upperBound)
            let range = start...end
            let (rows, errors) = try await source.unsafeRead { db in readRange(table, range, db) }
            failed += errors
            kept += try await store.insertSalvaged(table, rows)
            start = end + 1
        }
        return (kept, failed)
    }

    /// The checked values of the rows with seq in `range`; a range whose query fails is split down to
    /// single seqs, and a single seq that fails or holds garbage counts as unreadable.
    static func readRange(_ table: SalvageTable, _ range: ClosedRange<Int64>, _ db: Database) -> ([[DatabaseValue]], Int) {
        do {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.name) WHERE seq BETWEEN ? AND ? ORDER BY seq",
                                        arguments: [range.lowerBound, range.upperBound])
            let values = rows.compactMap(table.values(of:))
            return (values, rows.count - values.count)
        } catch {
            guard range.count > 1 else { return ([], 1) }
            let middle = range.lowerBound + (range.upperBound - range.lowerBound) / 2
            let (first, firstErrors) = readRange(table, range.lowerBound...middle, db)
            let (second, secondErrors) = readRange(table, (middle + 1)...range.upperBound, db)
            return (first + second, firstErrors + secondErrors)
        }
    }
}

extension RatingStore {
    /// Keeps salvaged rows of `table` (unsent: they go up again); returns how many were new here.
    func insertSalvaged(_ table: SalvageTable, _ rows: [[DatabaseValue]]) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        return try await write { db in try rows.reduce(0) { $0 + (try table.insert($1, db) ? 1 : 0) } }
    }

    /// Records that this salvage store is complete.
    func markSalvaged(_ report: SalvageReport, at wallMillis: Int64) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO salvage_info (id, damaged_path, old_store_id_readable, records, unreadable, completed_wall_ms)
                VALUES (1, ?, ?, ?, ?, ?)
                """, arguments: [report.damagedPath, report.oldStoreIDReadable, report.records, report.unreadable, wallMillis])
        }
    }

    /// What the salvage that made this store read, or `nil` when this is not a complete salvage store.
    public func salvageReport() async throws -> SalvageReport? {
        let (path, storeID) = (self.path, self.storeID)
        return try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM salvage_info WHERE id = 1") else { return nil }
            return SalvageReport(damagedPath: row["damaged_path"], salvagePath: path, storeID: storeID,
                                 oldStoreIDReadable: row["old_store_id_readable"], records: row["records"], unreadable: row["unreadable"])
        }
    }
}
