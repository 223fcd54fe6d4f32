import Foundation
import TerminalApp
import Testing

/// One broken config file and the exact message a technician gets for it.
struct BrokenConfig: Sendable, CustomTestStringConvertible {
    var name: String
    var toml: String
    var expected: String

    var testDescription: String { name }

    /// Lines 1-4: a valid [device] and [collector].
    static let minimal = """
        [device]
        id = "HN-BD-Q3"
        [collector]
        url = "http://127.0.0.1:8080"
        """

    /// `minimal`, then `[section]` on line 5 and `body` from line 6.
    init(_ name: String, _ section: String, _ body: String, _ expected: String) {
        self.init(name, toml: Self.minimal + "\n[\(section)]\n" + body + "\n", expected)
    }

    init(_ name: String, toml: String, _ expected: String) {
        self.name = name
        self.toml = toml
        self.expected = expected
    }
}

struct BrokenConfigTests {
    static let cases: [BrokenConfig] = [
        // Unknown names
        .init("unknown key, near a known one", "session", "thank_s = 3",
              #"t.toml:6: unknown key 'thank_s' in [session]. Fix: did you mean 'thanks_s'?"#),
        .init("unknown key, near buzzer_ms", "buttons", "buzer_ms = 100",
              #"t.toml:6: unknown key 'buzer_ms' in [buttons]. Fix: did you mean 'buzzer_ms'?"#),
        .init("unknown key, nothing near", "storage", "colour = 1",
              #"t.toml:6: unknown key 'colour' in [storage]. Fix: remove it; [storage] takes path, keep_uploaded_days"#),
        .init("unknown section, near a known one", "sesion", "thanks_s = 3",
              #"t.toml:5: unknown section [sesion]. Fix: did you mean [session]?"#),
        .init("unknown section, nothing near", "network", "dhcp = true",
              #"t.toml:5: unknown section [network]. Fix: the sections are [device], [collector], [buttons], [display], [session], [storage]"#),
        .init("key before any section", toml: "debug = true\n" + BrokenConfig.minimal,
              #"t.toml:1: 'debug' is outside any [section]. Fix: move it under its section, e.g. [device]"#),

        // Wrong types
        .init("string for an integer", "session", #"thanks_s = "3""#,
              #"t.toml:6: [session] thanks_s must be a whole number, not a string. Fix: write it like thanks_s = 3"#),
        .init("decimal for an integer", "session", "window_s = 30.5",
              #"t.toml:6: [session] window_s must be a whole number, not a decimal number. Fix: write it like window_s = 30"#),
        .init("integer for a bool", "buttons", "active_low = 1",
              #"t.toml:6: [buttons] active_low must be true or false, not an integer. Fix: write it like active_low = true"#),
        .init("string for a bool", "display", #"backlight = "yes""#,
              #"t.toml:6: [display] backlight must be true or false, not a string. Fix: write it like backlight = true"#),
        .init("list for a string", "display", #"i2c_bus = ["/dev/i2c-1"]"#,
              #"t.toml:6: [display] i2c_bus must be text in quotes, not a list. Fix: write it like i2c_bus = "/dev/i2c-1""#),
        .init("integer for a choice", "display", "driver = 1",
              #"t.toml:6: [display] driver must be text in quotes, not an integer. Fix: write it like driver = "hd44780-i2c""#),
        .init("string for a list", "buttons", #"lines = "GPIO5""#,
              #"t.toml:6: [buttons] lines must be a list, not a string. Fix: write it like lines = ["a", "b"]"#),
        .init("bool inside the lines list", "buttons", #"lines = ["GPIO5", true, 13, 19, 26]"#,
              #"t.toml:6: [buttons] lines must be a list of names or numbers, not true/false. Fix: write it like lines = ["GPIO5", 6]"#),
        .init("bool for a GPIO line", "buttons", "staff_line = true",
              #"t.toml:6: [buttons] staff_line must be a line name or offset, not true/false. Fix: write it like staff_line = "GPIO21""#),

        // Out of range
        .init("thanks_s = 0", "session", "thanks_s = 0",
              #"t.toml:6: [session] thanks_s = 0 is out of range. Fix: use a value from 1 to 60 seconds"#),
        .init("debounce_ms too long", "buttons", "debounce_ms = 5000",
              #"t.toml:6: [buttons] debounce_ms = 5000 is out of range. Fix: use a value from 0 to 1000 ms"#),
        .init("i2c_address past 0x77", "display", "i2c_address = 0x78",
              #"t.toml:6: [display] i2c_address = 0x78 is out of range. Fix: use a value from 0x03 to 0x77"#),
        .init("baud too slow", "display", "baud = 300",
              #"t.toml:6: [display] baud = 300 is out of range. Fix: use a value from 1200 to 115200"#),
        .init("window_s too short", "session", "window_s = 4",
              #"t.toml:6: [session] window_s = 4 is out of range. Fix: use a value from 5 to 3600 seconds"#),
        .init("burst_presses = 1", "session", "burst_presses = 1",
              #"t.toml:6: [session] burst_presses = 1 would flag every press as a burst. Fix: use 0 to turn burst detection off, or 2 or more (default 5)"#),
        .init("buzzer_ms too short", "buttons", "buzzer_ms = 5",
              #"t.toml:6: [buttons] buzzer_ms = 5 is out of range. Fix: use a value from 10 to 2000 ms"#),
        .init("number past 64 bits", "session", "thanks_s = 99999999999999999999",
              #"t.toml:6: 99999999999999999999 is too large a number. Fix: use a number from -9223372036854775808 to 9223372036854775807"#),

        // Bad choices
        .init("display driver typo", "display", #"driver = "consol""#,
              #"t.toml:6: [display] driver = "consol" is not one of "hd44780-i2c", "serial-vfd", "lcdproc", "console". Fix: did you mean "console"?"#),
        .init("buttons driver typo", "buttons", #"driver = "gpio""#,
              #"t.toml:6: [buttons] driver = "gpio" is not one of "gpiod", "keyboard", "stdin". Fix: did you mean "gpiod"?"#),
        .init("bias without dash", "buttons", #"bias = "pullup""#,
              #"t.toml:6: [buttons] bias = "pullup" is not one of "as-is", "disabled", "pull-up", "pull-down". Fix: did you mean "pull-up"?"#),
        .init("vietnamese mode unknown", "display", #"vietnamese = "ascii""#,
              #"t.toml:6: [display] vietnamese = "ascii" is not one of "glyphs", "fold". Fix: use one of "glyphs", "fold""#),
        .init("language unknown", "display", #"language = "fr""#,
              #"t.toml:6: [display] language = "fr" is not one of "vi", "en". Fix: use one of "vi", "en""#),
        .init("pole_commands typo", "display", #"pole_commands = "epsom""#,
              #"t.toml:6: [display] pole_commands = "epsom" is not one of "epson", "cd5220". Fix: did you mean "epson"?"#),
        .init("session mode typo", "session", #"mode = "counters""#,
              #"t.toml:6: [session] mode = "counters" is not one of "kiosk", "counter". Fix: did you mean "counter"?"#),
        .init("size not COLUMNSxROWS", "display", #"size = "16by2""#,
              #"t.toml:6: [display] size "16by2" is not COLUMNSxROWS. Fix: write e.g. size = "16x2", "20x2" or "20x4""#),
        .init("size no HD44780 has", "display", #"size = "40x4""#,
              #"t.toml:6: [display] size 40x4 is not an HD44780 module (4-row modules are at most 20 columns). Fix: write the module's size, e.g. size = "16x2", "20x2", "20x4" or "40x2""#),

        // Device and collector
        .init("collector url without scheme", toml: "[device]\nid = \"A\"\n[collector]\nurl = \"ratings.example.vn\"\n",
              #"t.toml:4: [collector] url "ratings.example.vn" has no http:// or https:// scheme. Fix: write the full address, e.g. url = "https://ratings.example.vn""#),
        .init("collector url missing", toml: "[device]\nid = \"A\"\n[collector]\nca_file = \"\"\n",
              #"t.toml:3: [collector] url is missing. Fix: add a line url = "..." to the [collector] section"#),
        .init("device id with a space", toml: "[device]\nid = \"HN BD\"\n[collector]\nurl = \"http://127.0.0.1:8080\"\n",
              #"t.toml:2: [device] id "HN BD" is not a usable terminal id. Fix: use 1-64 ASCII letters, digits, '-', '_' or '.', e.g. "HN-BD-Q3""#),
        .init("missing secret file", toml: "[device]\nid = \"HN-BD-Q3\"\nsecret_file = \"/nonexistent/rating-terminal/secret\"\n[collector]\nurl = \"http://127.0.0.1:8080\"\n",
              #"t.toml:3: [device] secret_file /nonexistent/rating-terminal/secret does not exist. Fix: run `rating-collector device add HN-BD-Q3` and save the printed secret there (chmod 600)"#),
        .init("secret file is a directory", toml: "[device]\nid = \"HN-BD-Q3\"\nsecret_file = \"/\"\n[collector]\nurl = \"http://127.0.0.1:8080\"\n",
              #"t.toml:3: [device] secret_file / is a directory. Fix: name the secret file itself, e.g. secret_file = "/etc/rating-terminal/secret""#),
        .init("secret file without a secret", toml: "[device]\nid = \"HN-BD-Q3\"\nsecret_file = \"/etc/passwd\"\n[collector]\nurl = \"http://127.0.0.1:8080\"\n",
              #"t.toml:3: [device] secret_file /etc/passwd does not hold 64 hex digits. Fix: put the exact secret printed by `rating-collector device add HN-BD-Q3` in it"#),

        // Wiring
        .init("duplicate button lines", "buttons", "lines = [\n  \"GPIO5\", \"GPIO6\",\n  \"GPIO5\", 13, 19,\n]",
              #"t.toml:6: [buttons] line "GPIO5" is used for two buttons. Fix: give each button its own GPIO line"#),
        .init("four button lines", "buttons", "lines = [5, 6, 13, 19]",
              #"t.toml:6: [buttons] lines lists 4 lines, but there are 5 buttons. Fix: list five GPIO lines, for buttons 1 to 5 in order"#),
        .init("three LEDs", "buttons", "leds = [20, 21, 22]",
              #"t.toml:6: [buttons] leds lists 3 lines, but there are 5 buttons. Fix: list five output lines, one LED per button in order, or leave leds = [] for none"#),
        .init("an LED on a button line", "buttons", #"leds = ["GPIO5", 21, 22, 23, 24]"#,
              #"t.toml:6: [buttons] line "GPIO5" is used more than once in lines and leds. Fix: give each button and each LED its own GPIO line"#),
        .init("staff_line on a button", "buttons", #"staff_line = "GPIO6""#,
              #"t.toml:6: [buttons] staff_line "GPIO6" is also button 2. Fix: wire the clerk's button to a GPIO line of its own, or leave staff_line = "" for none"#),
        .init("buzzer on an LED", "buttons", "leds = [20, 21, 22, 23, 24]\nbuzzer = 22",
              #"t.toml:7: [buttons] buzzer "22" is also LED 3. Fix: wire the buzzer to a GPIO line of its own, or leave buzzer = "" for none"#),
        .init("trigger_listen on every interface", "session", #"trigger_listen = "0.0.0.0:8080""#,
              #"t.toml:6: [session] trigger_listen: "0.0.0.0" is not this machine's loopback address: the trigger API has no password, so it never listens on a network. Fix: use "127.0.0.1:8080" (a queue system on another machine needs a local relay), or a Unix socket "unix:/run/rating-terminal/trigger.sock""#),

        // Malformed TOML
        .init("unterminated string", toml: "[device]\nid = \"HN-BD-Q3\n",
              #"t.toml:2: a string is not closed. Fix: end the string with a double quote"#),
        .init("missing =", toml: "[device]\nid \"HN-BD-Q3\"\n",
              #"t.toml:2: expected 'key = value' but found 'id "HN-BD-Q3"'. Fix: write the setting as key = value, with strings in double quotes"#),
        .init("missing value", toml: "[device]\nid =\n",
              #"t.toml:2: a value is missing after =. Fix: write a value, e.g. "text", 42 or true"#),
        .init("unquoted text", "session", "mode = kiosk",
              #"t.toml:6: 'kiosk' is not a value. Fix: put text in double quotes ("kiosk"); numbers and true/false go without quotes"#),
        .init("duplicate key", "session", "thanks_s = 3\nthanks_s = 4",
              #"t.toml:7: 'thanks_s' is set twice (first on line 6). Fix: keep only one of the two lines"#),
        .init("duplicate table", toml: BrokenConfig.minimal + "\n[device]\nsite = \"Ba Đình\"\n",
              #"t.toml:5: section [device] appears twice (first on line 1). Fix: merge the two sections into one"#),
        .init("header without ]", toml: "[device\nid = \"A\"\n",
              #"t.toml:1: a section header must end with ]. Fix: write it as [name]"#),
        .init("list never closed", "buttons", "lines = [5, 6, 13,\n  19, 26",
              #"t.toml:6: a list is not closed. Fix: end the list with ]"#),
        .init("list without commas", "buttons", "lines = [5 6 13 19 26]",
              #"t.toml:6: list items must be separated by commas. Fix: write ["a", "b"]"#),
        .init("inline table", "display", "i2c = { bus = 1 }",
              #"t.toml:6: inline tables ({...}) are not used in this file. Fix: write the keys in their own [section]"#),
        .init("array of tables", toml: "[[device]]\n",
              #"t.toml:1: arrays of tables ([[...]]) are not used in this file. Fix: write a plain [section] header"#),
        .init("two values on a line", "session", "thanks_s = 3 4",
              #"t.toml:6: unexpected text after the value of 'thanks_s'. Fix: put one value per line; start comments with #"#),
    ]

    /// Parses the text and, when that passes, checks the files it names as check-config and
    /// start-up do; returns the first mistake.
    func firstMistake(_ text: String) -> String? {
        do {
            try ConfigFiles.check(TerminalConfig.parse(text, file: "t.toml"))
            return nil
        } catch {
            return (error as? ConfigError)?.description ?? "not a ConfigError: \(error)"
        }
    }

    @Test func caFileMistakesAreCaughtBeforeStartUp() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("broken-ca-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret")
        try String(repeating: "ab", count: 32).write(to: secret, atomically: true, encoding: .utf8)
        let notPEM = folder.appendingPathComponent("ca.txt")
        try "hello".write(to: notPEM, atomically: true, encoding: .utf8)
        func config(_ caFile: String) -> String {
            "[device]\nid = \"HN-BD-Q3\"\nsecret_file = \"\(secret.path)\"\n[collector]\nurl = \"https://ratings.example.vn\"\nca_file = \"\(caFile)\"\n"
        }
        #expect(firstMistake(config("")) == nil, "no ca_file: the system's CAs")
        #expect(firstMistake(config("/nonexistent/ca.pem"))
            == "t.toml:6: [collector] ca_file /nonexistent/ca.pem does not exist. Fix: copy the collector's CA bundle (PEM) there, or leave ca_file = \"\" to trust the system's CAs")
        #expect(firstMistake(config(folder.path))
            == "t.toml:6: [collector] ca_file \(folder.path) is a directory. Fix: name the PEM file itself, e.g. ca_file = \"/etc/rating-terminal/ca.pem\"")
        #expect(firstMistake(config(notPEM.path))
            == "t.toml:6: [collector] ca_file \(notPEM.path) holds no PEM certificate. Fix: use the CA certificate in PEM form (a file with -----BEGIN CERTIFICATE-----)")
    }

    @Test func thereAreAtLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    @Test(arguments: cases)
    func eachBrokenConfigGetsItsExactMessage(_ broken: BrokenConfig) {
        #expect(firstMistake(broken.toml) == broken.expected)
    }
}
