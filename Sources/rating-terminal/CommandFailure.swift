import ArgumentParser
import Foundation
import TerminalApp
import TerminalHardware

/// Prints a failure on stderr and returns the documented exit code for it.
func reportFailure(_ error: any Error, command: String) -> ExitCode {
    if error is CancellationError { return .success }
    let message: String
    let code: ExitCode
    if let config = error as? ConfigError {
        message = "rating-terminal \(command): \(config)"
        code = ExitStatus.config
    } else if error is GPIOError || error is KeypadFailure || error is I2CError || error is SerialPortError {
        message = "rating-terminal \(command): \(error)"
        code = ExitStatus.device
    } else {
        message = "rating-terminal \(command): \(error)"
        code = ExitStatus.operational
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return code
}

/// The buttons stopped working while the terminal ran (a GPIO chip vanished).
struct KeypadFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { "the buttons stopped working: \(reason)" }
}
