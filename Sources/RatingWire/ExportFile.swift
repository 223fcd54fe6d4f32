import Crypto

/// The JSON-lines export of a terminal's store (`rating-terminal export --format jsonl`),
/// which `rating-collector import` loads: the USB-stick path for terminals that never reach
/// the network.
///
/// One JSON object per line: first `{"export": header}`, then one record per line
/// (`{"rating": …}`, `{"amendment": …}`, `{"unrated_service": …}`, each in the wire form of
/// uploads, so import stores them under the same keys and twice is the same as once), and
/// last `{"end": trailer}` with the counts and an HMAC-SHA256 with the device's secret over
/// everything before it: a file edited on the way (a score changed on the stick) is refused.
public enum ExportFile {
    /// The header's `format` value.
    public static let format = "rating-terminal-export"
    /// The version this build writes and reads.
    public static let version = 1

    /// The signature over the bytes before the end line (hex, 64 digits).
    public static func signature(secret: DeviceSecret, deviceID: String, signedBytesDigest: [UInt8]) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: message(deviceID: deviceID, digest: signedBytesDigest), using: secret.key))
    }

    /// Whether `signature` (hex) is right for these bytes (compared in constant time).
    public static func isValid(signature: String, secret: DeviceSecret, deviceID: String, signedBytesDigest: [UInt8]) -> Bool {
        guard let mac = Hex.decode(signature), mac.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message(deviceID: deviceID, digest: signedBytesDigest), using: secret.key)
    }

    private static func message(deviceID: String, digest: [UInt8]) -> [UInt8] {
        Array("RT1-EXPORT\n\(deviceID)\n\(Hex.encode(digest))".utf8)
    }
}

/// The first line of an export.
public struct ExportHeader: Codable, Hashable, Sendable {
    public var format: String
    public var version: Int
    public var deviceID: String
    public var storeID: String
    /// The device's clocks when the export was written.
    public var exportedAt: WireTime
    /// Ratings with a synchronised clock before this time (ms since 1970) were left out; `nil`: none were.
    public var sinceWallMillis: Int64?

    enum CodingKeys: String, CodingKey {
        case format, version, deviceID = "device_id", storeID = "store_id", exportedAt = "exported_at", sinceWallMillis = "since_wall_ms"
    }

    public init(deviceID: String, storeID: String, exportedAt: WireTime, sinceWallMillis: Int64?) {
        self.format = ExportFile.format
        self.version = ExportFile.version
        self.deviceID = deviceID
        self.storeID = storeID
        self.exportedAt = exportedAt
        self.sinceWallMillis = sinceWallMillis
    }
}

/// One record line of an export.
public enum ExportRecord: Hashable, Sendable {
    case rating(WireRating)
    case amendment(WireAmendment)
    case unratedService(WireUnratedService)
}

/// The last line of an export: how many records of each kind it holds, and the signature.
public struct ExportTrailer: Codable, Hashable, Sendable {
    public var ratings: Int
    public var amendments: Int
    public var unratedServices: Int
    /// HMAC-SHA256 (hex) with the device's secret; see ``ExportFile/signature(secret:deviceID:signedBytesDigest:)``.
    public var signature: String

    enum CodingKeys: String, CodingKey { case ratings, amendments, unratedServices = "unrated_services", signature }

    public init(ratings: Int, amendments: Int, unratedServices: Int, signature: String) {
        self.ratings = ratings
        self.amendments = amendments
        self.unratedServices = unratedServices
        self.signature = signature
    }
}

/// One line of an export, as JSON: exactly one of its keys is present.
struct ExportLine: Codable {
    var export: ExportHeader?
    var rating: WireRating?
    var amendment: WireAmendment?
    var unratedService: WireUnratedService?
    var end: ExportTrailer?

    enum CodingKeys: String, CodingKey { case export, rating, amendment, unratedService = "unrated_service", end }

    init(record: ExportRecord) {
        switch record {
        case .rating(let value): rating = value
        case .amendment(let value): amendment = value
        case .unratedService(let value): unratedService = value
        }
    }

    init(header: ExportHeader) { export = header }
    init(trailer: ExportTrailer) { end = trailer }

    /// How many of the keys are present (a valid line has exactly one).
    var presentCount: Int {
        [export != nil, rating != nil, amendment != nil, unratedService != nil, end != nil].filter { $0 }.count
    }
}
