import Crypto

/// The JSON-lines export of a terminal's store (`rating-terminal export --format jsonl`),
/// which `rating-collector import` loads: the USB-stick path for terminals that never reach
/// the network.
///
/// One JSON object per line: first `{"export": header}`, then one record per line
/// (`{"rating": …}`, `{"amendment": …}`, `{"unrated_service": …}`, `{"device_event": …}`, each in the wire form of
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
    case deviceEvent(WireDeviceEvent)
}

/// The last line of an export: how many records of each kind it holds, and the signature.
public struct ExportTrailer: Codable, Hashable, Sendable {
    public var ratings: Int
    public var amendments: Int
    public var unratedServices: Int
    /// Absent in files written before device events were exported: read as 0.
    public var deviceEvents: Int
    /// HMAC-SHA256 (hex) with the device's secret; see ``ExportFile/signature(secret:deviceID:signedBytesDigest:)``.
    public var signature: String

    enum CodingKeys: String, CodingKey { case ratings, amendments, unratedServices = "unrated_services", deviceEvents = "device_events", signature }

    public init(ratings: Int, amendments: Int, unratedServices: Int, deviceEvents: Int = 0, signature: String) {
        self.ratings = ratings
        self.amendments = amendments
        self.unratedServices = unratedServices
        self.deviceEvents = deviceEvents
        self.signature = signature
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ratings = try container.decode(Int.self, forKey: .ratings)
        amendments = try container.decode(Int.self, forKey: .amendments)
        unratedServices = try container.decode(Int.self, forKey: .unratedServices)
        deviceEvents = try container.decodeIfPresent(Int.self, forKey: .deviceEvents) ?? 0
        signature = try container.decode(String.self, forKey: .signature)
    }

    /// Counts one more record of its kind (the writer's tally, and the reader's check of it).
    mutating func count(_ record: ExportRecord) {
        switch record {
        case .rating: ratings += 1
        case .amendment: amendments += 1
        case .unratedService: unratedServices += 1
        case .deviceEvent: deviceEvents += 1
        }
    }
}

/// One line of an export, as JSON: exactly one of its keys is present.
struct ExportLine: Codable {
    var export: ExportHeader?
    var rating: WireRating?
    var amendment: WireAmendment?
    var unratedService: WireUnratedService?
    var deviceEvent: WireDeviceEvent?
    var end: ExportTrailer?

    enum CodingKeys: String, CodingKey { case export, rating, amendment, unratedService = "unrated_service", deviceEvent = "device_event", end }

    init(record: ExportRecord) {
        switch record {
        case .rating(let value): rating = value
        case .amendment(let value): amendment = value
        case .unratedService(let value): unratedService = value
        case .deviceEvent(let value): deviceEvent = value
        }
    }

    init(header: ExportHeader) { export = header }
    init(trailer: ExportTrailer) { end = trailer }

    /// How many of the keys are present (a valid line has exactly one).
    var presentCount: Int {
        [export != nil, rating != nil, amendment != nil, unratedService != nil, deviceEvent != nil, end != nil].filter { $0 }.count
    }
}
