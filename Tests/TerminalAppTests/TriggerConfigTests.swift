import Foundation
import TerminalApp
import TerminalHardware
import Testing

/// `[buttons] staff_line` and `[session] trigger_listen`: the counter mode's service-ended triggers.
struct TriggerConfigTests {
    func parse(_ text: String) throws -> TerminalConfig { try TerminalConfig.parse(TerminalConfigTests.minimal + text, file: "t.toml") }

    func error(_ text: String) -> ConfigError? {
        do { _ = try parse(text); return nil } catch let error as ConfigError { return error } catch { return nil }
    }

    @Test func theStaffLineIsANameOrAnOffsetAndOffByDefault() throws {
        #expect(try parse("").buttons.staffLine == "")
        #expect(try parse("\n[buttons]\nstaff_line = \"GPIO21\"\n").buttons.staffLine == "GPIO21")
        #expect(try parse("\n[buttons]\nstaff_line = 21\n").buttons.staffLine == "21")
        let wrong = try #require(error("\n[buttons]\nstaff_line = true\n"))
        #expect(wrong.line == 6 && wrong.message.contains("a line name or offset"))
    }

    @Test func theStaffLineMayNotBeAButtonOrAnLED() throws {
        let button = try #require(error("\n[buttons]\nstaff_line = \"GPIO13\"\n"))
        #expect(button.description == "t.toml:6: [buttons] staff_line \"GPIO13\" is also button 3. "
            + "Fix: wire the clerk's button to a GPIO line of its own, or leave staff_line = \"\" for none")
        let led = try #require(error("\n[buttons]\nleds = [\"L1\", \"L2\", \"L3\", \"L4\", \"L5\"]\n\nstaff_line = \"L4\"\n"))
        #expect(led.line == 8 && led.message == "[buttons] staff_line \"L4\" is also an LED")
        let offset = try #require(error("\n[buttons]\nlines = [5, 6, 13, 19, 26]\nstaff_line = 26\n"))
        #expect(offset.line == 7 && offset.message.contains("is also button 5"))
    }

    @Test func theBuzzerIsOptionalAndNeedsALineOfItsOwn() throws {
        #expect(try parse("").buttons.buzzer == "")
        let buttons = try parse("\n[buttons]\nbuzzer = \"GPIO18\"\nbuzzer_ms = 120\n").buttons
        #expect(buttons.buzzer == "GPIO18" && buttons.buzzerMilliseconds == 120)
        let shared = try #require(error("\n[buttons]\nstaff_line = \"GPIO23\"\nbuzzer = \"GPIO23\"\n"))
        #expect(shared.line == 7 && shared.message == "[buttons] buzzer \"GPIO23\" is also the staff line")
        let long = try #require(error("\n[buttons]\nbuzzer_ms = 5000\n"))
        #expect(long.line == 6 && long.message.contains("buzzer_ms"))
    }

    @Test func triggerListenIsOffByDefaultAndTakesLoopbackOrAUnixSocket() throws {
        #expect(try parse("").session.triggerListen == nil)
        #expect(try parse("\n[session]\ntrigger_listen = \"\"\n").session.triggerListen == nil)
        #expect(try parse("\n[session]\ntrigger_listen = \"127.0.0.1:8765\"\n").session.triggerListen == .loopback(host: "127.0.0.1", port: 8765))
        #expect(try parse("\n[session]\ntrigger_listen = \"localhost:8765\"\n").session.triggerListen == .loopback(host: "127.0.0.1", port: 8765))
        #expect(try parse("\n[session]\ntrigger_listen = \"unix:/run/rating-terminal/trigger.sock\"\n").session.triggerListen
            == .unixSocket(path: "/run/rating-terminal/trigger.sock"))
    }

    @Test func triggerListenRefusesNetworkAddressesWithTheLineAndTheFix() throws {
        for host in ["0.0.0.0", "192.168.1.20", "ratings.example.vn", "128.0.0.1"] {
            let found = try #require(error("\n[session]\nmode = \"counter\"\ntrigger_listen = \"\(host):8765\"\n"), "\(host)")
            #expect(found.line == 7)
            #expect(found.message == "[session] trigger_listen: \"\(host)\" is not this machine's loopback address: the trigger API has no password, so it never listens on a network")
            #expect(found.fix.hasPrefix("use \"127.0.0.1:8765\""))
        }
    }

    @Test func triggerListenMistakesSayHowToWriteIt() throws {
        #expect(error("\n[session]\ntrigger_listen = \"127.0.0.1\"\n")?.message == "[session] trigger_listen: \"127.0.0.1\" is not HOST:PORT or unix:PATH")
        #expect(error("\n[session]\ntrigger_listen = \"127.0.0.1:0\"\n")?.message.contains("not a number from 1 to 65535") == true)
        #expect(error("\n[session]\ntrigger_listen = \"127.0.0.1:http\"\n")?.message.contains("not a number from 1 to 65535") == true)
        #expect(error("\n[session]\ntrigger_listen = \"[::1]:8765\"\n")?.fix == "IPv6 is not supported; use \"127.0.0.1:PORT\"")
        #expect(error("\n[session]\ntrigger_listen = \"unix:trigger.sock\"\n")?.message.contains("is not an absolute socket path") == true)
        let long = "unix:/" + String(repeating: "d", count: 120)
        #expect(error("\n[session]\ntrigger_listen = \"\(long)\"\n")?.message.contains("longer than 107 bytes") == true)
        #expect(error("\n[session]\ntrigger_listen = 8765\n")?.line == 6)
    }
}
