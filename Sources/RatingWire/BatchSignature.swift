import Crypto
import Foundation

/// Per-device request signing: HMAC-SHA256 with the device's secret over the
/// method, the path, the device id and a SHA-256 digest of the body as sent
/// (after gzip), carried in the `Authorization` header:
///
///     Authorization: RT1-HMAC-SHA256 device=HN-BD-Q3,signature=<64 hex>
///
/// The body digest lets the collector verify a request before it decompresses
/// anything. Replays are harmless because ingestion is idempotent.
public enum BatchSignature {
    /// The authorization scheme name.
    public static let scheme = "RT1-HMAC-SHA256"

    /// The `Authorization` header value for a request.
    public static func header(secret: DeviceSecret, deviceID: String, method: String, path: String, body: [UInt8]) -> String {
        let mac = code(secret: secret, deviceID: deviceID, method: method, path: path, body: body)
        return "\(scheme) device=\(deviceID),signature=\(Hex.encode(mac))"
    }

    /// The device id and signature bytes of a header, or `nil` if it is not of this scheme.
    public static func parse(header: String) -> (deviceID: String, signature: [UInt8])? {
        let prefix = scheme + " "
        guard header.hasPrefix(prefix) else { return nil }
        var deviceID: String?
        var signature: [UInt8]?
        for part in header.dropFirst(prefix.count).split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "device": deviceID = pair[1]
            case "signature": signature = Hex.decode(pair[1])
            default: return nil
            }
        }
        guard let deviceID, !deviceID.isEmpty, let signature, signature.count == 32 else { return nil }
        return (deviceID, signature)
    }

    /// Whether `signature` is right for this request (compared in constant time).
    public static func isValid(signature: [UInt8], secret: DeviceSecret, deviceID: String, method: String, path: String, body: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message(deviceID: deviceID, method: method, path: path, body: body), using: secret.key)
    }

    private static func code(secret: DeviceSecret, deviceID: String, method: String, path: String, body: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message(deviceID: deviceID, method: method, path: path, body: body), using: secret.key))
    }

    private static func message(deviceID: String, method: String, path: String, body: [UInt8]) -> [UInt8] {
        let digest = Hex.encode(Array(SHA256.hash(data: body)))
        return Array("\(scheme)\n\(method.uppercased())\n\(path)\n\(deviceID)\n\(digest)".utf8)
    }
}

/// A device's shared secret: 32 random bytes, written as 64 hex digits in its secret file.
public struct DeviceSecret: Sendable, Equatable {
    public let bytes: [UInt8]

    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A new random secret.
    public static func random() -> DeviceSecret {
        DeviceSecret(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// Parses the hex form (surrounding whitespace ignored); `nil` unless it is 64 hex digits.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The hex form, as stored in the secret file.
    public var hex: String { Hex.encode(bytes) }
}
