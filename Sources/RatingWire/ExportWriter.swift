import Crypto

/// Writes an export line by line, keeping the digest and the counts for the end line.
///
/// Pure: it returns bytes; the caller writes them wherever the export goes.
public struct ExportWriter {
    private let header: ExportHeader
    private var hasher = SHA256()
    /// The counts so far (its signature is filled in by ``endLine(secret:)``).
    private var tally = ExportTrailer(ratings: 0, amendments: 0, unratedServices: 0, deviceEvents: 0, signature: "")

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
        tally.count(record)
        return try signed(ExportLine(record: record))
    }

    /// The last line: the counts and the signature over every line before it.
    public func endLine(secret: DeviceSecret) throws -> [UInt8] {
        let signature = ExportFile.signature(secret: secret, deviceID: header.deviceID, signedBytesDigest: Array(hasher.finalize()))
        var trailer = tally
        trailer.signature = signature
        return try WireCoding.encode(ExportLine(trailer: trailer)) + [UInt8(ascii: "\n")]
    }

    /// How many records of each kind have been written.
    public var counts: (ratings: Int, amendments: Int, unratedServices: Int, deviceEvents: Int) {
        (tally.ratings, tally.amendments, tally.unratedServices, tally.deviceEvents)
    }

    private mutating func signed(_ line: ExportLine) throws -> [UInt8] {
        let bytes = try WireCoding.encode(line) + [UInt8(ascii: "\n")]
        hasher.update(data: bytes)
        return bytes
    }
}
