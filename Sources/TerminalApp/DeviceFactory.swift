import RatingCore
import TerminalHardware

/// Opens the keypad and display a config names.
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
                debounce: .milliseconds(buttons.debounceMilliseconds), leds: buttons.leds,
                staffLine: buttons.staffLine.isEmpty ? nil : buttons.staffLine,
                buzzer: buttons.buzzer.isEmpty ? nil : buttons.buzzer, buzzerDuration: .milliseconds(buttons.buzzerMilliseconds)))
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
            return try HD44780Display(bus: display.i2cBus, address: display.i2cAddress, size: display.size,
                                      vietnameseGlyphs: display.vietnamese == .glyphs, backlight: display.backlight)
        }
    }

    /// The screen composer for `[display]`.
    public static func composer(for config: TerminalConfig) -> ScreenComposer {
        ScreenComposer(size: config.display.size, language: config.display.language, foldToASCII: config.display.vietnamese == .fold)
    }
}
