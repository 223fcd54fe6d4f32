import ArgumentParser
import Foundation
import TerminalApp

/// Prints a failure on stderr and returns the documented exit code for it.
func reportFailure(_ error: any Error, command: String) -> ExitCode {
    if error is CancellationError { return .success }
    let message: String
    let code: ExitCode
    if let config = error as? ConfigError {
        message = "rating-terminal \(command): \(config)"
        code = ExitStatus.config
    } else {
        message = "rating-terminal \(command): \(error)"
        code = ExitStatus.operational
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return code
}
