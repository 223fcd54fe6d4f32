import Foundation
import RatingWire

/// The demo's state folder: collector database and log, the terminal's config, secret and store.
enum DemoFolder {
    static let deviceID = "demo-terminal"
    /// A file that marks a folder as the demo's own, so re-creating it never deletes anything else.
    static let marker = ".rating-terminal-demo"

    /// Empties (or creates) the folder; refuses a folder that exists and is not a demo folder.
    static func prepare(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path) {
            guard manager.fileExists(atPath: url.appendingPathComponent(marker).path) else { throw DemoError.unsafeStateFolder(url.path) }
            try manager.removeItem(at: url)
        }
        try manager.createDirectory(at: url, withIntermediateDirectories: true)
        _ = manager.createFile(atPath: url.appendingPathComponent(marker).path, contents: Data())
        return url
    }

    static func openLog(_ path: String) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        guard let handle = FileHandle(forWritingAtPath: path) else { throw DemoError.collectorFailed("cannot write \(path)") }
        return handle
    }

    static func writeSecret(_ secret: DeviceSecret, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data((secret.hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DemoError.collectorFailed("cannot write the secret file \(path)")
        }
    }

    /// Writes the terminal's config (embedded defaults, simulated buttons and console display); returns its path.
    static func writeConfig(in folder: URL, collectorURL: String, interactive: Bool) throws -> String {
        let buttons = interactive && isatty(0) == 1 ? "keyboard" : "stdin"
        let text = """
            # Written by `rating-terminal demo`: a terminal on embedded defaults with simulated hardware.
            [device]
            id = "\(deviceID)"
            secret_file = "\(folder.appendingPathComponent("secret").path)"
            site = "Điện lực Ba Đình"
            counter = "Quầy 3"

            [collector]
            url = "\(collectorURL)"
            startup_delay_max_s = 0

            [buttons]
            driver = "\(buttons)"

            [display]
            driver = "console"

            [storage]
            path = "\(folder.appendingPathComponent("ratings.sqlite").path)"

            """
        let path = folder.appendingPathComponent("terminal.toml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw DemoError.collectorFailed("cannot write \(path)")
        }
        return path
    }
}
