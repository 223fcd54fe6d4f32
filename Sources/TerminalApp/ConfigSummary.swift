/// A technician-readable summary of what a terminal will do with its config.
public enum ConfigSummary {
    public static func describe(_ config: TerminalConfig) -> String {
        let buttons = config.buttons.driver == .gpiod
            ? "gpiod on \(config.buttons.chip), lines \(config.buttons.lines.joined(separator: ", ")) (buttons 1-5)"
            : config.buttons.driver.rawValue
        return """
            \(config.file): OK
              terminal  \(config.device.id) at "\(config.device.site)", counter "\(config.device.counter)"
              buttons   \(buttons)
              display   \(config.display.driver.rawValue) \(config.display.size), \(config.display.language.rawValue), Vietnamese as \(config.display.vietnamese.rawValue)
              session   \(config.session.mode.rawValue): thanks \(config.session.thanksSeconds) s, repeat presses within \(config.session.responseIntervalSeconds) s flagged
              store     \(config.storage.path), uploaded ratings kept \(config.storage.keepUploadedDays) days
              collector \(config.collector.url), every \(config.collector.uploadIntervalSeconds) s and on each press
            """
    }
}
