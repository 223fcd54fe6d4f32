import Foundation
import RatingCore
import TerminalApp
import TerminalHardware
import Testing

struct TerminalConfigTests {
    static let minimal = """
        [device]
        id = "HN-BD-Q3"
        [collector]
        url = "http://127.0.0.1:8080"
        """

    func parse(_ text: String) throws -> TerminalConfig { try TerminalConfig.parse(text, file: "t.toml") }

    func error(_ text: String) -> ConfigError? {
        do { _ = try parse(text); return nil } catch let error as ConfigError { return error } catch { return nil }
    }

    /// Found by fuzz-config: "\r\n" is one Character, so splitting on "\n" read a CRLF file as one line.
    @Test func crlfLineEndsReadLikeLF() throws {
        let windows = Self.minimal.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        #expect(try parse(windows) == parse(Self.minimal))
        #expect(error("[device]\r\nid = \"x\"\r\nid = \"y\"\r\n")?.line == 3)
    }

    @Test func theCommentedExampleIsValid() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../hardware/terminal.example.toml").path
        let config = try TerminalConfig.load(path: example)
        #expect(config.device.site == "Điện lực Ba Đình")
        #expect(config.buttons.lines == ["GPIO5", "GPIO6", "GPIO13", "GPIO19", "GPIO26"])
        #expect(config.display.i2cAddress == 0x27)
        #expect(config.display.size == GridSize(columns: 16, rows: 2))
        #expect(config.session.responseIntervalSeconds == 5)
    }

    @Test func defaultsFillWhatIsNotWritten() throws {
        let config = try parse(Self.minimal)
        #expect(config.session.thanksSeconds == 3 && config.storage.keepUploadedDays == 30)
        #expect(config.display.language == .vi && config.buttons.driver == .gpiod)
    }

    @Test func anUnknownKeyNamesItsLineAndTheLikelyKey() throws {
        let found = try #require(error(Self.minimal + "\n[session]\nthank_s = 3\n"))
        #expect(found.line == 6)
        #expect(found.description == "t.toml:6: unknown key 'thank_s' in [session]. Fix: did you mean 'thanks_s'?")
    }

    @Test func wrongTypesRangesAndChoicesSayHowToFixThem() throws {
        let type = try #require(error(Self.minimal + "\n[session]\nthanks_s = \"3\"\n"))
        #expect(type.line == 6 && type.message.contains("must be a whole number") && type.fix.contains("thanks_s = 3"))
        let range = try #require(error(Self.minimal + "\n[session]\nthanks_s = 0\n"))
        #expect(range.line == 6 && range.fix == "use a value from 1 to 60 seconds")
        let choice = try #require(error(Self.minimal + "\n[display]\ndriver = \"consol\"\n"))
        #expect(choice.line == 6 && choice.fix == "did you mean \"console\"?")
    }

    @Test func aCollectorURLWithoutSchemeIsCaught() throws {
        let found = try #require(error("[device]\nid = \"A\"\n[collector]\nurl = \"ratings.example.vn\"\n"))
        #expect(found.line == 4 && found.message.contains("no http:// or https://"))
    }

    @Test func duplicateButtonLinesAreCaught() throws {
        let found = try #require(error(Self.minimal + "\n[buttons]\nlines = [\n  \"GPIO5\", \"GPIO6\",\n  \"GPIO5\", 13, 19,\n]\n"))
        #expect(found.line == 6 && found.message.contains("\"GPIO5\" is used for two buttons"))
    }

    @Test func ledsAreFiveOutputLinesOfTheirOwn() throws {
        let leds = "\n[buttons]\nleds = [\"LED1\", \"LED2\", \"LED3\", \"LED4\", \"LED5\"]\n"
        #expect(try parse(Self.minimal + leds).buttons.leds == ["LED1", "LED2", "LED3", "LED4", "LED5"])
        let three = try #require(error(Self.minimal + "\n[buttons]\nleds = [\"LED1\", \"LED2\", \"LED3\"]\n"))
        #expect(three.line == 6 && three.message.contains("leds lists 3 lines"))
        let shared = try #require(error(Self.minimal + "\n[buttons]\nleds = [\"LED1\", \"LED2\", \"GPIO13\", \"LED4\", \"LED5\"]\n"))
        #expect(shared.line == 6 && shared.message.contains("\"GPIO13\" is used more than once"))
    }

    @Test func biasIsAChoice() throws {
        #expect(try parse(Self.minimal + "\n[buttons]\nbias = \"pull-down\"\n").buttons.bias == .pullDown)
        let wrong = try #require(error(Self.minimal + "\n[buttons]\nbias = \"pullup\"\n"))
        #expect(wrong.line == 6 && wrong.fix == "did you mean \"pull-up\"?")
    }

    @Test func thePoleDisplaysCommandSetIsAChoice() throws {
        #expect(try parse(Self.minimal).display.poleCommands == .epson)
        #expect(try parse(Self.minimal + "\n[display]\npole_commands = \"cd5220\"\n").display.poleCommands == .cd5220)
        #expect(error(Self.minimal + "\n[display]\npole_commands = \"epsom\"\n")?.fix == "did you mean \"epson\"?")
    }

    @Test func syntaxMistakesNameTheLine() throws {
        #expect(error(Self.minimal + "\n[session]\nmode = kiosk\n")?.line == 6)
        #expect(error(Self.minimal + "\n[sesion]\n")?.fix == "did you mean [session]?")
        #expect(error("[device]\nid = \"A\"\nid = \"B\"\n")?.message == "'id' is set twice (first on line 2)")
        #expect(error("[collector]\nurl = \"http://x\"\n")?.message == "[device] id is missing")
        #expect(error(Self.minimal + "\n[device]\n")?.message == "section [device] appears twice (first on line 1)")
    }

    @Test func aMissingFileSaysHowToCreateIt() {
        #expect(throws: ConfigError(file: "/nonexistent/terminal.toml", line: 0, message: "cannot read the config file",
                                    fix: "create it from hardware/terminal.example.toml")) {
            try TerminalConfig.load(path: "/nonexistent/terminal.toml")
        }
    }
}
