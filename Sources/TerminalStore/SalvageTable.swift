import GRDB

/// One outbox table as the salvage reads it: the columns copied, and the storage type each must have.
/// A value of the wrong type (garbled bytes that still parse) makes the row unreadable: it is
/// skipped, never guessed, and never decoded (GRDB traps on a value it cannot convert).
struct SalvageTable: Sendable {
    enum Kind: Sendable { case integer, text, optionalInteger, optionalText }

    let name: String
    let columns: [(String, Kind)]

    static let all: [SalvageTable] = [
        SalvageTable(name: "ratings", columns: [
            ("seq", .integer), ("rating_id", .text), ("score", .integer), ("flags", .text), ("device_id", .text), ("site", .text),
            ("counter", .text), ("wall_ms", .integer), ("boot_id", .text), ("mono_ns", .integer), ("clock_synced", .integer),
            ("ticket", .optionalText), ("staff", .optionalText), ("window_wall_ms", .optionalInteger), ("window_boot_id", .optionalText),
            ("window_mono_ns", .optionalInteger), ("window_clock_synced", .optionalInteger)]),
        SalvageTable(name: "amendments", columns: [
            ("seq", .integer), ("rating_seq", .integer), ("kind", .text), ("value", .text), ("wall_ms", .integer),
            ("boot_id", .text), ("mono_ns", .integer), ("clock_synced", .integer)]),
        SalvageTable(name: "unrated_services", columns: [
            ("seq", .integer), ("ticket", .optionalText), ("staff", .optionalText), ("opened_wall_ms", .integer),
            ("opened_boot_id", .text), ("opened_mono_ns", .integer), ("opened_clock_synced", .integer), ("closed_wall_ms", .integer),
            ("closed_boot_id", .text), ("closed_mono_ns", .integer), ("closed_clock_synced", .integer)]),
        SalvageTable(name: "device_events", columns: [
            ("seq", .integer), ("kind", .text), ("detail", .text), ("wall_ms", .integer), ("boot_id", .text),
            ("mono_ns", .integer), ("clock_synced", .integer)]),
    ]

    /// The row's values in column order, or `nil` when one is missing or of the wrong type.
    func values(of row: Row) -> [DatabaseValue]? {
        var values: [DatabaseValue] = []
        for (column, kind) in columns {
            guard row.hasColumn(column) else { return nil }
            let value: DatabaseValue = row[column]
            switch (kind, value.storage) {
            case (.integer, .int64), (.optionalInteger, .int64), (.optionalInteger, .null),
                 (.text, .string), (.optionalText, .string), (.optionalText, .null):
                values.append(value)
            default:
                return nil
            }
        }
        // A rating id is a UUID in text (36 characters); anything else is a garbled row.
        if name == "ratings", case .string(let id) = values[1].storage, id.utf8.count != 36 { return nil }
        return values
    }

    /// Inserts a checked row into a salvage store (the CHECK constraints refuse out-of-range values); returns whether it was kept.
    func insert(_ values: [DatabaseValue], _ db: Database) throws -> Bool {
        let names = columns.map(\.0).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.execute(sql: "INSERT OR IGNORE INTO \(name) (\(names)) VALUES (\(marks))", arguments: StatementArguments(values))
        return db.changesCount > 0
    }
}
