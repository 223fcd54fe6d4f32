import Crypto

/// Writes an export line by line, keeping the digest and the counts for the end line.
///
/// Pure: it returns bytes; the caller writes them wherever the export goes.
public struct ExportWriter {
    private let header: ExportHeader
    private var hasher = SHA256()
    private var ratings = 0
    private var amendments = 0
    private var unratedServices = 0

    /// Starts an export; ``headerLine()`` is its first line.
    public init(header: ExportHeader) {
        self.header = header
    }

    /// The first line.
    public mutating func headerLine() throws -> [UInt8] {
        try signed(ExportLine(header: header))
    }

    /// The line of one record.
    public mutating func line(_ record: ExportRecord) throws -> [UInt8] {
        switch record {
        case .rating: ratings += 1
        case .amendment: amendments += 1
        case .unratedService: unratedServices += 1
        }
        return try signed(ExportLine(record: record))
    }

    /// The last line: the counts and the signature over every line before it.
    public func endLine(secret: DeviceSecret) throws -> [UInt8] {
        let signature = ExportFile.signature(secret: secret, deviceID: header.deviceID, signedBytesDigest: Array(hasher.finalize()))
        let trailer = ExportTrailer(ratings: ratings, amendments: amendments, unratedServices: unratedServices, signature: signature)
        return try WireCoding.encode(ExportLine(trailer: trailer)) + [UInt8(ascii: "\n")]
    }

    /// How many records of each kind have been written.
    public var counts: (ratings: Int, amendments: Int, unratedServices: Int) { (ratings, amendments, unratedServices) }

    private mutating func signed(_ line: ExportLine) throws -> [UInt8] {
        let bytes = try WireCoding.encode(line) + [UInt8(ascii: "\n")]
        hasher.update(data: bytes)
        return bytes
    }
}
