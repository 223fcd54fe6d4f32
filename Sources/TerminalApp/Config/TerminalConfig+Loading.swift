import Foundation
import RatingCore

extension TerminalConfig {
    /// The path systemd's unit and the commands use by default.
    public static let defaultPath = "/etc/rating-terminal/terminal.toml"

    /// Reads and validates a config file. Every error names the file, the line and the fix.
    public static func load(path: String) throws -> TerminalConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let fix = FileManager.default.fileExists(atPath: path)
                ? "make it readable by the service user (chmod 640, group rating-terminal)"
                : "create it from hardware/terminal.example.toml"
            throw ConfigError(file: path, line: 0, message: "cannot read the config file", fix: fix)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, message: "the file is not UTF-8 text", fix: "save it as UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Validates config text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> TerminalConfig {
        let document = try TOMLParser(file: file).parse(text)
        let sections = ["device", "collector", "buttons", "display", "session", "storage"]
        for table in document.tables where table.name.isEmpty {
            if let entry = table.entries.first {
                throw ConfigError(file: file, line: entry.value.line, message: "'\(entry.key)' is outside any [section]",
                                  fix: "move it under its section, e.g. [device]")
            }
        }
        for table in document.tables where !table.name.isEmpty && !sections.contains(table.name) {
            let hint = suggestion(for: table.name, among: sections).map { "did you mean [\($0)]?" } ?? "the sections are " + sections.map { "[\($0)]" }.joined(separator: ", ")
            throw ConfigError(file: file, line: table.line, message: "unknown section [\(table.name)]", fix: hint)
        }
        return TerminalConfig(
            file: file,
            device: try readDevice(document, file),
            collector: try readCollector(document, file),
            buttons: try readButtons(document, file),
            display: try readDisplay(document, file),
            session: try readSession(document, file),
            storage: try readStorage(document, file))
    }
}
