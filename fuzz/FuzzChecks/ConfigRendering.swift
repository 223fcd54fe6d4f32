import RatingCore
import TerminalApp
import TerminalHardware

/// A `TerminalConfig` written out as the TOML the terminal reads, every key explicit:
/// the other half of the config fuzzer's round trip.
enum ConfigRendering {
    static func toml(_ config: TerminalConfig) -> String {
        let d = config.device, c = config.collector, b = config.buttons, s = config.display, n = config.session
        return """
        [device]
        id = \(quoted(d.id))
        secret_file = \(quoted(d.secretFile))
        site = \(quoted(d.site))
        counter = \(quoted(d.counter))

        [collector]
        url = \(quoted(c.url))
        ca_file = \(quoted(c.caFile))
        upload_interval_s = \(c.uploadIntervalSeconds)
        startup_delay_max_s = \(c.startupDelayMaxSeconds)
        heartbeat_interval_s = \(c.heartbeatIntervalSeconds)

        [buttons]
        driver = \(quoted(b.driver.rawValue))
        chip = \(quoted(b.chip))
        lines = \(list(b.lines))
        active_low = \(b.activeLow)
        bias = \(quoted(b.bias.rawValue))
        debounce_ms = \(b.debounceMilliseconds)
        leds = \(list(b.leds))
        staff_line = \(quoted(b.staffLine))
        buzzer = \(quoted(b.buzzer))
        buzzer_ms = \(b.buzzerMilliseconds)

        [display]
        driver = \(quoted(s.driver.rawValue))
        size = \(quoted(s.size.description))
        i2c_bus = \(quoted(s.i2cBus))
        i2c_address = 0x\(String(s.i2cAddress, radix: 16))
        serial_port = \(quoted(s.serialPort))
        baud = \(s.baud)
        pole_commands = \(quoted(s.poleCommands.rawValue))
        lcdproc = \(quoted(s.lcdproc))
        language = \(quoted(s.language.rawValue))
        vietnamese = \(quoted(s.vietnamese.rawValue))
        backlight = \(s.backlight)

        [session]
        mode = \(quoted(n.mode.rawValue))
        thanks_s = \(n.thanksSeconds)
        response_interval_s = \(n.responseIntervalSeconds)
        window_s = \(n.windowSeconds)
        followup_below = \(n.followupBelow)
        followup_timeout_s = \(n.followupTimeoutSeconds)
        followup_page_s = \(n.followupPageSeconds)
        burst_presses = \(n.burstPresses)
        burst_window_s = \(n.burstWindowSeconds)
        trigger_listen = \(quoted(n.triggerListen?.description ?? ""))

        [storage]
        path = \(quoted(config.storage.path))
        keep_uploaded_days = \(config.storage.keepUploadedDays)

        """
    }

    /// A TOML basic string: printable ASCII as it is, `"` and `\` escaped, everything else as
    /// `\uXXXX` / `\UXXXXXXXX` (so no combining mark can merge with a quote).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += scalar.value <= 0xFFFF
                    ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return out + "\""
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
}
