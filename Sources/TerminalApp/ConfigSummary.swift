/// A technician-readable summary of what a terminal will do with its config.
public enum ConfigSummary {
    public static func describe(_ config: TerminalConfig) -> String {
        let staff = config.buttons.staffLine.isEmpty ? "" : ", clerk's button \(config.buttons.staffLine)"
        let buttons = config.buttons.driver == .gpiod
            ? "gpiod on \(config.buttons.chip), lines \(config.buttons.lines.joined(separator: ", ")) (buttons 1-5)\(staff)"
            : config.buttons.driver.rawValue
        let session = config.session
        let api = session.triggerListen.map { "; service-ended API on \($0)" } ?? ""
        let mode = session.mode == .counter
            ? "counter: a \(session.windowSeconds) s rating window after each service, its first press counts\(api)"
            : "kiosk: any time, presses within \(session.responseIntervalSeconds) s of a counted one flagged repeat\(api.isEmpty ? "" : api + " (answers 409: no windows in kiosk mode)")"
        let followUp = session.followupBelow == 0 ? "no follow-up question" : "asks why for scores below \(session.followupBelow) (\(session.followupTimeoutSeconds) s)"
        let burst = session.burstPresses == 0 ? "no burst flag" : "\(session.burstPresses) presses in \(session.burstWindowSeconds) s flagged burst"
        return """
            \(config.file): OK
              terminal  \(config.device.id) at "\(config.device.site)", counter "\(config.device.counter)"
              buttons   \(buttons)
              display   \(config.display.driver.rawValue) \(config.display.size), \(config.display.language.rawValue), Vietnamese as \(config.display.vietnamese.rawValue)
              session   \(mode); thanks \(session.thanksSeconds) s; \(followUp); \(burst)
              store     \(config.storage.path), uploaded ratings kept \(config.storage.keepUploadedDays) days
              collector \(config.collector.url), every \(config.collector.uploadIntervalSeconds) s and on each press
            """
    }
}
