import HTTPTypes
import Hummingbird
import RatingCore
import RatingWire

/// The forms `GET /v1/ratings` answers in: JSON (a page object), NDJSON (one rating per line) or CSV.
///
/// NDJSON and CSV carry the next cursor in the `X-Next-Cursor` header; `withdrawn` exists only in JSON
/// (a spreadsheet reader asks with `include_flagged=true` and reads the `flags` column instead).
enum RatingsFormat: String, Sendable, CaseIterable {
    case json
    case ndjson
    case csv

    /// The media type sent back.
    var contentType: String {
        switch self {
        case .json: return "application/json"
        case .ndjson: return "application/x-ndjson"
        case .csv: return "text/csv; charset=utf-8"
        }
    }

    /// `format=` wins; otherwise the `Accept` header's first known type; otherwise JSON.
    static func of(format: String?, accept: String?) throws -> RatingsFormat {
        if let format {
            guard let chosen = RatingsFormat(rawValue: format.lowercased()) else {
                throw CollectorHTTPError(.badRequest, "format=\(format) is unknown; use json, ndjson or csv")
            }
            return chosen
        }
        for type in (accept ?? "").split(separator: ",") {
            switch type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() {
            case "application/x-ndjson", "application/ndjson": return .ndjson
            case "text/csv": return .csv
            case "application/json": return .json
            default: continue
            }
        }
        return .json
    }

    /// The answer for one page.
    func response(_ page: RatingsPage) throws -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        let bytes: [UInt8]
        switch self {
        case .json:
            return JSONResponse.make(page)
        case .ndjson:
            bytes = try page.ratings.flatMap { try WireCoding.encode($0) + [0x0A] }
        case .csv:
            bytes = CSVCells.byteOrderMark + Array((CSVCells.row(Self.csvColumns) + page.ratings.map { CSVCells.row(Self.csvCells($0)) }.joined()).utf8)
        }
        if let name = Self.nextCursorHeader { headers[name] = page.nextCursor }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The header carrying the next cursor of an NDJSON or CSV page.
    /// (Optional only because the initialiser is failable; this valid token never fails.)
    static let nextCursorHeader = HTTPField.Name("X-Next-Cursor")

    /// The CSV header row.
    static let csvColumns = ["cursor", "device_id", "store_id", "seq", "id", "score", "flags", "site", "counter",
                             "corrected_time", "time_quality", "device_wall_time", "clock_synced", "boot_id", "mono_ns",
                             "ticket", "staff", "window_opened_at", "reason", "received_at"]

    /// One rating's CSV cells, in ``csvColumns`` order; free text neutralised against formulas.
    static func csvCells(_ rating: PulledRating) -> [String] {
        [rating.cursor, CSVCells.text(rating.deviceID), rating.storeID, String(rating.seq), rating.id, String(rating.score),
         rating.flags.joined(separator: ";"), CSVCells.text(rating.site), CSVCells.text(rating.counter),
         rating.correctedTime, rating.timeQuality, ISOTime.string(millis: rating.time.wallMillis), rating.time.synced ? "true" : "false",
         rating.time.bootID, String(rating.time.monotonicNanos), CSVCells.text(rating.ticket ?? ""), CSVCells.text(rating.staff ?? ""),
         rating.windowOpenedAt.map { ISOTime.string(millis: $0.wallMillis) } ?? "", rating.reason ?? "", rating.receivedAt]
    }
}
