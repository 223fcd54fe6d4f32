import RatingCore
import TerminalHardware

extension TerminalConfig {
    static func readDevice(_ document: TOMLDocument, _ file: String) throws -> Device {
        var section = SectionReader(file: file, name: "device", document: document)
        let idLine = document.table("device")?.entries.first { $0.key == "id" }?.value.line ?? section.headerLine
        let device = Device(
            id: try section.string("id"),
            secretFile: try section.string("secret_file", default: "/etc/rating-terminal/secret"),
            secretFileLine: document.table("device")?.entries.first { $0.key == "secret_file" }?.value.line ?? section.headerLine,
            site: try section.string("site", default: ""),
            counter: try section.string("counter", default: ""))
        guard !device.id.isEmpty, device.id.count <= 64, device.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ConfigError(file: file, line: idLine, message: "[device] id \"\(device.id)\" is not a usable terminal id",
                              fix: "use 1-64 ASCII letters, digits, '-', '_' or '.', e.g. \"HN-BD-Q3\"")
        }
        try section.rejectUnknownKeys()
        return device
    }

    static func readCollector(_ document: TOMLDocument, _ file: String) throws -> Collector {
        var section = SectionReader(file: file, name: "collector", document: document)
        let urlLine = document.table("collector")?.entries.first { $0.key == "url" }?.value.line ?? section.headerLine
        var collector = Collector(
            url: try section.string("url"),
            caFile: try section.string("ca_file", default: ""),
            uploadIntervalSeconds: try section.integer("upload_interval_s", default: 30, in: 1...86_400, unit: " seconds"),
            startupDelayMaxSeconds: try section.integer("startup_delay_max_s", default: 60, in: 0...3_600, unit: " seconds"),
            heartbeatIntervalSeconds: try section.integer("heartbeat_interval_s", default: 600, in: 0...86_400, unit: " seconds"))
        collector.caFileLine = document.table("collector")?.entries.first { $0.key == "ca_file" }?.value.line ?? 0
        let lower = collector.url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), collector.url.count > 8 else {
            throw ConfigError(file: file, line: urlLine, message: "[collector] url \"\(collector.url)\" has no http:// or https:// scheme",
                              fix: "write the full address, e.g. url = \"https://ratings.example.vn\"")
        }
        try section.rejectUnknownKeys()
        return collector
    }

    static func readButtons(_ document: TOMLDocument, _ file: String) throws -> Buttons {
        var section = SectionReader(file: file, name: "buttons", document: document)
        let driver: ButtonsDriver = try section.choice("driver", default: .gpiod)
        let lines = try section.stringList("lines", default: ["GPIO5", "GPIO6", "GPIO13", "GPIO19", "GPIO26"])
        let leds = try section.stringList("leds", default: [])
        let staff = try section.lineName("staff_line", default: "")
        let buzzer = try section.lineName("buzzer", default: "")
        let buttons = Buttons(
            driver: driver,
            chip: try section.string("chip", default: "gpiochip0"),
            lines: lines.items,
            activeLow: try section.bool("active_low", default: true),
            bias: try section.choice("bias", default: GPIOBias.pullUp),
            debounceMilliseconds: try section.integer("debounce_ms", default: 20, in: 0...1_000, unit: " ms"),
            leds: leds.items,
            staffLine: staff.name,
            buzzer: buzzer.name,
            buzzerMilliseconds: try section.integer("buzzer_ms", default: 80, in: 10...2_000, unit: " ms"))
        if driver == .gpiod {
            guard buttons.lines.count == 5 else {
                throw ConfigError(file: file, line: lines.line, message: "[buttons] lines lists \(buttons.lines.count) lines, but there are 5 buttons",
                                  fix: "list five GPIO lines, for buttons 1 to 5 in order")
            }
            if let duplicate = buttons.lines.first(where: { line in buttons.lines.filter { $0 == line }.count > 1 }) {
                throw ConfigError(file: file, line: lines.line, message: "[buttons] line \"\(duplicate)\" is used for two buttons",
                                  fix: "give each button its own GPIO line")
            }
            guard buttons.leds.isEmpty || buttons.leds.count == 5 else {
                throw ConfigError(file: file, line: leds.line, message: "[buttons] leds lists \(buttons.leds.count) lines, but there are 5 buttons",
                                  fix: "list five output lines, one LED per button in order, or leave leds = [] for none")
            }
            let wired = buttons.lines + buttons.leds
            if let shared = wired.first(where: { line in wired.filter { $0 == line }.count > 1 }) {
                throw ConfigError(file: file, line: leds.line, message: "[buttons] line \"\(shared)\" is used more than once in lines and leds",
                                  fix: "give each button and each LED its own GPIO line")
            }
            if !buttons.staffLine.isEmpty, wired.contains(buttons.staffLine) {
                let role = buttons.lines.contains(buttons.staffLine) ? "button \((buttons.lines.firstIndex(of: buttons.staffLine) ?? 0) + 1)" : "an LED"
                throw ConfigError(file: file, line: staff.line, message: "[buttons] staff_line \"\(buttons.staffLine)\" is also \(role)",
                                  fix: "wire the clerk's button to a GPIO line of its own, or leave staff_line = \"\" for none")
            }
            if !buttons.buzzer.isEmpty, (wired + [buttons.staffLine]).contains(buttons.buzzer) {
                let role = buttons.lines.firstIndex(of: buttons.buzzer).map { "button \($0 + 1)" }
                    ?? buttons.leds.firstIndex(of: buttons.buzzer).map { "LED \($0 + 1)" } ?? "the staff line"
                throw ConfigError(file: file, line: buzzer.line, message: "[buttons] buzzer \"\(buttons.buzzer)\" is also \(role)",
                                  fix: "wire the buzzer to a GPIO line of its own, or leave buzzer = \"\" for none")
            }
        }
        try section.rejectUnknownKeys()
        return buttons
    }

    static func readDisplay(_ document: TOMLDocument, _ file: String) throws -> Display {
        var section = SectionReader(file: file, name: "display", document: document)
        let driver: DisplayDriver = try section.choice("driver", default: .hd44780I2C)
        let sizeLine = document.table("display")?.entries.first { $0.key == "size" }?.value.line ?? section.headerLine
        let sizeText = try section.string("size", default: "16x2")
        guard let size = GridSize(parsing: sizeText) else {
            throw ConfigError(file: file, line: sizeLine, message: "[display] size \"\(sizeText)\" is not COLUMNSxROWS",
                              fix: "write e.g. size = \"16x2\", \"20x2\" or \"20x4\"")
        }
        let display = Display(
            driver: driver, size: size,
            i2cBus: try section.string("i2c_bus", default: "/dev/i2c-1"),
            i2cAddress: try section.integer("i2c_address", default: 0x27, in: 0x03...0x77, hex: true),
            serialPort: try section.string("serial_port", default: "/dev/ttyUSB0"),
            baud: try section.integer("baud", default: 9600, in: 1_200...115_200),
            poleCommands: try section.choice("pole_commands", default: PoleDisplayCommandSet.epson),
            lcdproc: try section.string("lcdproc", default: "127.0.0.1:13666"),
            language: try section.choice("language", default: .vi),
            vietnamese: try section.choice("vietnamese", default: .glyphs),
            backlight: try section.bool("backlight", default: true))
        if driver == .hd44780I2C, size.rows > 2 && size.columns > 20 {
            throw ConfigError(file: file, line: sizeLine, message: "[display] size \(size) is not an HD44780 module (4-row modules are at most 20 columns)",
                              fix: "write the module's size, e.g. size = \"16x2\", \"20x2\", \"20x4\" or \"40x2\"")
        }
        try section.rejectUnknownKeys()
        return display
    }

    static func readSession(_ document: TOMLDocument, _ file: String) throws -> Session {
        var section = SectionReader(file: file, name: "session", document: document)
        let session = Session(
            mode: try section.choice("mode", default: .kiosk),
            thanksSeconds: try section.integer("thanks_s", default: 3, in: 1...60, unit: " seconds"),
            responseIntervalSeconds: try section.integer("response_interval_s", default: 5, in: 0...3_600, unit: " seconds"),
            windowSeconds: try section.integer("window_s", default: 30, in: 5...3_600, unit: " seconds"),
            followupBelow: try section.integer("followup_below", default: 3, in: 0...5),
            followupTimeoutSeconds: try section.integer("followup_timeout_s", default: 15, in: 3...120, unit: " seconds"),
            followupPageSeconds: try section.integer("followup_page_s", default: 2, in: 1...10, unit: " seconds"),
            burstPresses: try section.integer("burst_presses", default: 5, in: 0...100),
            burstWindowSeconds: try section.integer("burst_window_s", default: 10, in: 1...600, unit: " seconds"),
            triggerListen: try readTriggerListen(&section, document, file))
        if session.burstPresses == 1 {
            let line = document.table("session")?.entries.first { $0.key == "burst_presses" }?.value.line ?? section.headerLine
            throw ConfigError(file: file, line: line, message: "[session] burst_presses = 1 would flag every press as a burst",
                              fix: "use 0 to turn burst detection off, or 2 or more (default 5)")
        }
        try section.rejectUnknownKeys()
        return session
    }

    /// `trigger_listen`: "" (off), a loopback HOST:PORT or unix:PATH; never a network address.
    static func readTriggerListen(_ section: inout SectionReader, _ document: TOMLDocument, _ file: String) throws -> LocalListenAddress? {
        let text = try section.string("trigger_listen", default: "")
        guard !text.isEmpty else { return nil }
        do {
            return try LocalListenAddress(parsing: text)
        } catch {
            let line = document.table("session")?.entries.first { $0.key == "trigger_listen" }?.value.line ?? section.headerLine
            throw ConfigError(file: file, line: line, message: "[session] trigger_listen: \(error.message)", fix: error.fix)
        }
    }

    static func readStorage(_ document: TOMLDocument, _ file: String) throws -> Storage {
        var section = SectionReader(file: file, name: "storage", document: document)
        let storage = Storage(
            path: try section.string("path", default: "/var/lib/rating-terminal/ratings.sqlite"),
            keepUploadedDays: try section.integer("keep_uploaded_days", default: 30, in: 1...3_650, unit: " days"))
        try section.rejectUnknownKeys()
        return storage
    }
}
