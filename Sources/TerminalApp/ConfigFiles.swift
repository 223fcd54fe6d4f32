import Foundation
import RatingWire

/// The files a config names, checked before start-up: the device secret and the extra CA
/// bundle. `check-config` and `run` both call this, so a technician sees these mistakes
/// before the service starts.
public enum ConfigFiles {
    /// Throws `ConfigError` (file:line and the fix) for a missing, unreadable or malformed
    /// secret file, or a `ca_file` that is missing, a directory or unreadable; returns the secret.
    @discardableResult
    public static func check(_ config: TerminalConfig) throws -> DeviceSecret {
        let secret = try SecretFile.read(config)
        let caFile = config.collector.caFile
        guard !caFile.isEmpty else { return secret }
        let line = config.collector.caFileLine
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: caFile, isDirectory: &isDirectory) else {
            throw ConfigError(file: config.file, line: line, message: "[collector] ca_file \(caFile) does not exist",
                              fix: "copy the collector's CA bundle (PEM) there, or leave ca_file = \"\" to trust the system's CAs")
        }
        if isDirectory.boolValue {
            throw ConfigError(file: config.file, line: line, message: "[collector] ca_file \(caFile) is a directory",
                              fix: "name the PEM file itself, e.g. ca_file = \"/etc/rating-terminal/ca.pem\"")
        }
        guard let data = FileManager.default.contents(atPath: caFile) else {
            throw ConfigError(file: config.file, line: line, message: "[collector] ca_file \(caFile) cannot be read",
                              fix: "make it readable by the service user (chmod 644)")
        }
        guard String(decoding: data, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw ConfigError(file: config.file, line: line, message: "[collector] ca_file \(caFile) holds no PEM certificate",
                              fix: "use the CA certificate in PEM form (a file with -----BEGIN CERTIFICATE-----)")
        }
        return secret
    }
}
