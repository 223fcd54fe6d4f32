import Foundation
import RatingCore

/// The CSV form of an export: one row per rating, for spreadsheets (import reads the JSON-lines form);
/// encoded as ``CSVCells`` says (byte-order mark, RFC 4180, formulas neutralised).
public enum ExportCSV {
    /// The header row's columns.
    public static let columns = ["device_id", "store_id", "seq", "rating_id", "score", "time_utc", "clock_synced", "boot_id", "mono_ns",
                                 "site", "counter", "flags", "reason", "ticket", "staff", "window_opened_utc"]

    /// The byte-order mark and the header row.
    public static func headerRow() -> [UInt8] {
        CSVCells.byteOrderMark + Array(CSVCells.row(columns).utf8)
    }

    /// One rating's row, with the reason and flags its amendments added.
    public static func row(_ rating: Rating, deviceID: String, amended: AmendedFields) -> [UInt8] {
        let flags = (rating.flags.map(\.rawValue) + amended.flags).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        let cells: [String] = [
            text(deviceID), rating.storeID, String(rating.seq), rating.id, String(rating.score.value),
            utc(rating.time.wallMillis), rating.time.clockSynced ? "true" : "false", rating.time.bootID, String(rating.time.monotonicNanos),
            text(rating.placement.site), text(rating.placement.counter), flags.joined(separator: ";"), amended.reason ?? "",
            text(rating.service?.ticket ?? ""), text(rating.service?.staff ?? ""), rating.service.map { utc($0.openedAt.wallMillis) } ?? "",
        ]
        return Array(CSVCells.row(cells).utf8)
    }

    /// A wall time as `2026-11-23T08:15:02.123Z`.
    static func utc(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    static func text(_ value: String) -> String { CSVCells.text(value) }
}

/// What a rating's amendments add to its CSV row: the latest reason and any flags.
public struct AmendedFields: Sendable, Equatable {
    public var reason: String?
    public var flags: [String] = []

    public init(reason: String? = nil, flags: [String] = []) {
        self.reason = reason
        self.flags = flags
    }

    /// The fields per rating seq, from amendments in seq order (a later reason replaces an earlier one).
    public static func collect(_ amendments: [RatingAmendment]) -> [Int64: AmendedFields] {
        var fields: [Int64: AmendedFields] = [:]
        for amendment in amendments {
            var entry = fields[amendment.ratingSeq] ?? AmendedFields()
            switch amendment.change {
            case .reason(let reason): entry.reason = reason.code
            case .flag(let flag): entry.flags.append(flag.rawValue)
            }
            fields[amendment.ratingSeq] = entry
        }
        return fields
    }
}
