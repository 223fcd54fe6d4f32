import Crypto
import Foundation

/// Why an export file cannot be imported; the text says what to do.
public struct ExportFileError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}

/// A whole export, read and checked for shape (the signature is checked with ``isSigned(by:)``).
public struct ParsedExport: Sendable {
    public var header: ExportHeader
    /// The records in file order.
    public var records: [ExportRecord]
    public var trailer: ExportTrailer
    private var signedDigest: [UInt8]

    /// Reads an export; throws ``ExportFileError`` naming the line at fault.
    public init(bytes: [UInt8]) throws {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, let header = Self.decode(first)?.export else {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: Array("device_id,".utf8)) {
                throw ExportFileError("this is a CSV export (for spreadsheets); import needs the JSON-lines export: on the terminal run 'rating-terminal export --format jsonl'")
            }
            throw ExportFileError("line 1 is not the header of a rating-terminal export; import reads files written by 'rating-terminal export --format jsonl'")
        }
        guard header.format == ExportFile.format, header.version == ExportFile.version else {
            throw ExportFileError("line 1: export format \(header.format) version \(header.version) is not supported; this collector reads \(ExportFile.format) version \(ExportFile.version)")
        }
        guard lines.count >= 2, let trailer = Self.decode(lines[lines.count - 1])?.end else {
            throw ExportFileError("the file ends without its end line: it was cut short (copy it again from the terminal, and eject the stick before pulling it)")
        }
        var hasher = SHA256()
        var records: [ExportRecord] = []
        for (index, line) in lines.dropLast().enumerated() {
            hasher.update(data: Array(line) + [UInt8(ascii: "\n")])
            guard index > 0 else { continue }
            records.append(try Self.record(line, number: index + 1))
        }
        self.header = header
        self.records = records
        self.trailer = trailer
        self.signedDigest = Array(hasher.finalize())
        try checkCounts()
    }

    /// Whether the end line's signature is right for `secret` (the device's secret at the collector).
    public func isSigned(by secret: DeviceSecret) -> Bool {
        ExportFile.isValid(signature: trailer.signature, secret: secret, deviceID: header.deviceID, signedBytesDigest: signedDigest)
    }

    /// The records as upload batches of at most ``WireFormat/maxRatingsPerBatch`` records, each kind in seq order.
    public func batches() -> [UploadBatch] {
        var ratings: [WireRating] = [], amendments: [WireAmendment] = [], services: [WireUnratedService] = [], events: [WireDeviceEvent] = []
        for record in records {
            switch record {
            case .rating(let value): ratings.append(value)
            case .amendment(let value): amendments.append(value)
            case .unratedService(let value): services.append(value)
            case .deviceEvent(let value): events.append(value)
            }
        }
        let empty = UploadBatch(deviceID: header.deviceID, storeID: header.storeID, sentAt: header.exportedAt, queueDepth: 0, ratings: [])
        // One batch per `size` records of one kind, in seq order, each made by `fill` from the empty batch.
        func chunked<Record>(_ records: [Record], seq: (Record) -> Int64, _ fill: (inout UploadBatch, [Record]) -> Void) -> [UploadBatch] {
            let sorted = records.sorted { seq($0) < seq($1) }
            let size = WireFormat.maxRatingsPerBatch
            return stride(from: 0, to: sorted.count, by: size).map { start in
                var batch = empty
                fill(&batch, Array(sorted[start..<min(start + size, sorted.count)]))
                return batch
            }
        }
        // Ratings first, so that amendments find the ratings they change.
        return chunked(ratings, seq: \.seq) { $0.ratings = $1 }
            + chunked(amendments, seq: \.seq) { $0.amendments = $1 }
            + chunked(services, seq: \.seq) { $0.unratedServices = $1 }
            + chunked(events, seq: \.seq) { $0.deviceEvents = $1 }
    }

    private func checkCounts() throws {
        var found = trailer
        (found.ratings, found.amendments, found.unratedServices, found.deviceEvents) = (0, 0, 0, 0)
        for record in records { found.count(record) }
        guard found != trailer else { return }
        throw ExportFileError("the end line counts \(trailer.ratings) ratings, \(trailer.amendments) amendments, \(trailer.unratedServices) unrated services and \(trailer.deviceEvents) device events but the file holds \(found.ratings), \(found.amendments), \(found.unratedServices) and \(found.deviceEvents): lines were added or removed; export again on the terminal")
    }

    private static func decode(_ line: ArraySlice<UInt8>) -> ExportLine? {
        guard let decoded = try? JSONDecoder().decode(ExportLine.self, from: Data(line)), decoded.presentCount == 1 else { return nil }
        return decoded
    }

    private static func record(_ line: ArraySlice<UInt8>, number: Int) throws -> ExportRecord {
        guard let decoded = try? JSONDecoder().decode(ExportLine.self, from: Data(line)) else {
            throw ExportFileError("line \(number) is not a valid record (not JSON, or a field is missing or of the wrong type); the file is damaged: export again on the terminal")
        }
        if let rating = decoded.rating, decoded.presentCount == 1 { return .rating(rating) }
        if let amendment = decoded.amendment, decoded.presentCount == 1 { return .amendment(amendment) }
        if let service = decoded.unratedService, decoded.presentCount == 1 { return .unratedService(service) }
        if let event = decoded.deviceEvent, decoded.presentCount == 1 { return .deviceEvent(event) }
        throw ExportFileError("line \(number) is not a rating, amendment, unrated_service or device_event record; the file is damaged: export again on the terminal")
    }
}
