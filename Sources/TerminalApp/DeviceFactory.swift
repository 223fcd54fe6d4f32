import RatingCore
import TerminalHardware

/// Opens the keypad and display a config names.
///
/// The HD44780 I2C display driver is not in this build yet; a config naming
/// it fails at start-up with a clear error naming the drivers that exist.
public enum DeviceFactory {
    /// The keypad of `[buttons] driver`.
    public static func keypad(for config: TerminalConfig) throws -> any Keypad {
        switch config.buttons.driver {
        case .stdin: return StdinKeypad()
        case .keyboard: return try KeyboardKeypad()
        case .gpiod:
            let buttons = config.buttons
            return try GPIOKeypad(settings: GPIOKeypad.Settings(
                chip: buttons.chip, lines: buttons.lines, activeLow: buttons.activeLow, bias: buttons.bias,
                debounce: .milliseconds(buttons.debounceMilliseconds), leds: buttons.leds))
        }
    }

    /// The display of `[display] driver`.
    public static func display(for config: TerminalConfig) throws -> any Display {
        let display = config.display
        switch display.driver {
        case .console: return ConsoleDisplay(size: display.size)
        case .lcdproc:
            return try LCDprocDisplay(address: display.lcdproc, size: display.size)
        case .serialVFD:
            return try PoleDisplay(path: display.serialPort, baud: display.baud, commandSet: display.poleCommands, size: display.size)
        case .hd44780I2C:
            throw DriverUnavailable(section: "display", driver: display.driver.rawValue, file: config.file,
                                    alternatives: "\"serial-vfd\", \"lcdproc\" or \"console\"")
        }
    }

    /// The screen composer for `[display]`.
    public static func composer(for config: TerminalConfig) -> ScreenComposer {
        ScreenComposer(size: config.display.size, language: config.display.language, foldToASCII: config.display.vietnamese == .fold)
    }
}

/// A config names a driver this build does not have yet.
public struct DriverUnavailable: Error, CustomStringConvertible {
    public var section: String
    public var driver: String
    public var file: String
    public var alternatives: String

    public var description: String {
        "\(file): [\(section)] driver \"\(driver)\" is not available in this build yet; use \(alternatives)"
    }
}
