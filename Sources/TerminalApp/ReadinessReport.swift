import Foundation
import Logging

/// Tells whoever started the terminal that it is taking presses.
///
/// Printed only after the buttons, the display and the store are open: a press
/// before this line may be missed (on kernel 6.1 a GPIO line shows as used a
/// moment before its edge detection is armed), so test rigs and technicians
/// wait for it instead of polling `gpioinfo`.
public enum ReadinessReport {
    /// The line on standard output: `READY device=ID buttons=DRIVER store=STORE-ID`.
    public static func line(config: TerminalConfig, storeID: String) -> String {
        "READY device=\(config.device.id) buttons=\(config.buttons.driver.rawValue) store=\(storeID)"
    }

    /// Prints the READY line (flushed at once, also into a pipe) and sends `READY=1` to systemd.
    public static func announce(config: TerminalConfig, storeID: String, logger: Logger) {
        print(line(config: config, storeID: storeID))
        fflush(nil) // all C streams: Swift 6 forbids touching the global `stdout` from here
        if SystemdNotifier.notify("READY=1") { logger.debug("told systemd READY=1") }
    }
}
