import Foundation

/// A device could not be used; the message names it and what to check.
public enum HardwareError: Error, Equatable, CustomStringConvertible {
    /// A system call failed (errno captured right after the call).
    case system(operation: String, errno: Int32)
    /// The keyboard keypad needs a terminal on its input.
    case notATerminal(fd: Int32)

    /// One line for the log and the technician: what failed and the system's reason, or what to use instead.
    public var description: String {
        switch self {
        case .system(let operation, let code):
            return "\(operation) failed: \(String(cString: strerror(code)))"
        case .notATerminal(let fd):
            return "the keyboard keypad needs a terminal on file descriptor \(fd); use [buttons] driver = \"stdin\" for scripts and pipes"
        }
    }
}
