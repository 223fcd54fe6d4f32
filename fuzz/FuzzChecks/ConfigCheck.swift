import TerminalApp

/// `fuzz-config`: any text gives a `TerminalConfig` or a `ConfigError` naming the file and a
/// line of the text; never another error, a crash or a hang (libFuzzer's `-timeout`).
///
/// Beyond that: a loaded config, written out again as TOML (``ConfigRendering``), loads to the
/// same config; and the text with CRLF line ends (a file saved on Windows) gives the same result.
enum ConfigCheck {
    static let file = "fuzz.toml"

    static func check(_ input: [UInt8]) throws(FuzzViolation) {
        // The loader refuses non-UTF-8 files before parsing (TerminalConfig.load); the parser sees only text.
        guard let text = String(validating: input, as: UTF8.self) else { return }
        let outcome = try load(text)
        if case .loaded(let config) = outcome {
            let rendered = ConfigRendering.toml(config)
            let again = try load(rendered)
            try require(again == .loaded(config), .config, "a loaded config written out again loads differently: \(again)\n--- written:\n\(rendered)")
        }
        // Only LF line ends turned into CRLF: a lone CR stays as it is.
        if !text.unicodeScalars.contains("\r") {
            let crlf = String(String.UnicodeScalarView(text.unicodeScalars.flatMap { $0 == "\n" ? ["\r", "\n"] : [$0] }))
            let windows = try load(crlf)
            try require(windows == outcome, .config, "the same text with CRLF line ends gives \(windows), with LF \(outcome)")
        }
    }

    enum Outcome: Equatable {
        case loaded(TerminalConfig)
        case refused(ConfigError)
    }

    /// Loads `text`; a refusal must be a `ConfigError` for this file at a line of the text (0: the whole file).
    static func load(_ text: String) throws(FuzzViolation) -> Outcome {
        let lines = text.unicodeScalars.filter { $0 == "\n" }.count + 1
        do {
            var config = try TerminalConfig.parse(text, file: file)
            // Where a key was written is not part of the setting: compare settings only.
            config.device.secretFileLine = 0
            config.collector.caFileLine = 0
            return .loaded(config)
        } catch let error as ConfigError {
            try require(error.file == file, .config, "the error names file \(error.file), not \(file): \(error)")
            try require((0...lines).contains(error.line), .config, "the error names line \(error.line) of a \(lines)-line text: \(error)")
            try require(!error.message.isEmpty, .config, "an error without a message at line \(error.line)")
            return .refused(error)
        } catch {
            throw FuzzViolation(target: FuzzTarget.config.rawValue, message: "parse threw \(type(of: error)), not a ConfigError: \(error)")
        }
    }
}
