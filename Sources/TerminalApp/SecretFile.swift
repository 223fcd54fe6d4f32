import Foundation
import RatingWire

/// Reads the device secret named by `[device] secret_file`.
public enum SecretFile {
    public static func read(_ config: TerminalConfig) throws -> DeviceSecret {
        let path = config.device.secretFile
        guard let data = FileManager.default.contents(atPath: path) else {
            let fix = FileManager.default.fileExists(atPath: path)
                ? "make it readable by the service user (chmod 640, group rating-terminal)"
                : "run `rating-collector device add \(config.device.id)` and save the printed secret there (chmod 600)"
            throw ConfigError(file: config.file, line: 0, message: "the secret file \(path) cannot be read", fix: fix)
        }
        guard let secret = DeviceSecret(hex: String(decoding: data, as: UTF8.self)) else {
            throw ConfigError(file: config.file, line: 0, message: "the secret file \(path) does not hold 64 hex digits",
                              fix: "put the exact secret printed by `rating-collector device add \(config.device.id)` in it")
        }
        return secret
    }
}
