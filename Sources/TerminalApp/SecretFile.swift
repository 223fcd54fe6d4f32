import Foundation
import RatingWire

/// Reads the device secret named by `[device] secret_file`.
public enum SecretFile {
    public static func read(_ config: TerminalConfig) throws -> DeviceSecret {
        let path = config.device.secretFile
        let line = config.device.secretFileLine
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            throw ConfigError(file: config.file, line: line, message: "[device] secret_file \(path) is a directory",
                              fix: "name the secret file itself, e.g. secret_file = \"/etc/rating-terminal/secret\"")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let message = exists ? "[device] secret_file \(path) cannot be read" : "[device] secret_file \(path) does not exist"
            let fix = exists
                ? "make it readable by the service user (chmod 640, group rating-terminal)"
                : "run `rating-collector device add \(config.device.id)` and save the printed secret there (chmod 600)"
            throw ConfigError(file: config.file, line: line, message: message, fix: fix)
        }
        guard let secret = DeviceSecret(hex: String(decoding: data, as: UTF8.self)) else {
            throw ConfigError(file: config.file, line: line, message: "[device] secret_file \(path) does not hold 64 hex digits",
                              fix: "put the exact secret printed by `rating-collector device add \(config.device.id)` in it")
        }
        return secret
    }
}
