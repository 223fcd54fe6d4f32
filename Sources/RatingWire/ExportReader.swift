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
        var ratings: [WireRating] = [], amendments: [WireAmendment] = [], services: [WireUnratedService] = []
        for record in records {
            switch record {
            case .rating(let value): ratings.append(value)
            case .amendment(let value): amendments.append(value)
            case .unratedService(let value): services.append(value)
            }
        }
        ratings.sort { $0.seq < $1.seq }
        amendments.sort { $0.seq < $1.seq }
        services.sort { $0.seq < $1.seq }
        let size = WireFormat.maxRatingsPerBatch
        func batch(ratings: [WireRating] = [], amendments: [WireAmendment] = [], services: [WireUnratedService] = []) -> UploadBatch {
            UploadBatch(deviceID: header.deviceID, storeID: header.storeID, sentAt: header.exportedAt, queueDepth: 0,
                        ratings: ratings, amendments: amendments, unratedServices: services)
        }
        // Ratings first, so that amendments find the ratings they change.
        return stride(from: 0, to: ratings.count, by: size).map { batch(ratings: Array(ratings[$0..<min($0 + size, ratings.count)])) }
            + stride(from: 0, to: amendments.count, by: size).map { batch(amendments: Array(amendments[$0..<min($0 + size, amendments.count)])) }
            + stride(from: 0, to: services.count, by: size).map { batch(services: Array(services[$0..<min($0 + size, services.count)])) }
    }

    private func checkCounts() throws {
        var counts = (0, 0, 0)
        for record in records {
            switch record {
            case .rating: counts.0 += 1
            case .amendment: counts.1 += 1
            case .unratedService: counts.2 += 1
            }
        }
        guard counts == (trailer.ratings, trailer.amendments, trailer.unratedServices) else {
            throw ExportFileError("the end line counts \(trailer.ratings) ratings, \(trailer.amendments) amendments and \(trailer.unratedServices) unrated services but the file holds \(counts.0), \(counts.1) and \(counts.2): lines were added or removed; export again on the terminal")
        }
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
        throw ExportFileError("line \(number) is not a rating, amendment or unrated_service record; the file is damaged: export again on the terminal")
    }
}
