/// Why a conversation with LCDd ended. The display reconnects after any of them; they
/// reach the technician through the display's `report` callback.
enum LCDprocError: Error, CustomStringConvertible {
    /// LCDd answered `huh? …` to a command.
    case refused(command: String, reason: String)
    /// LCDd sent something other than the expected answer.
    case unexpected(command: String, line: String)
    /// LCDd closed the connection.
    case closedByServer
    /// No answer within the time limit.
    case timedOut(command: String)

    var description: String {
        switch self {
        case .refused(let command, let reason): return "LCDd refused \"\(command)\": \(reason)"
        case .unexpected(let command, let line): return "LCDd answered \"\(line)\" to \"\(command)\""
        case .closedByServer: return "LCDd closed the connection"
        case .timedOut(let command): return "LCDd did not answer \"\(command)\" in time"
        }
    }
}

/// `[display] lcdproc` is not "HOST:PORT".
public struct LCDprocAddressError: Error, Equatable, CustomStringConvertible {
    public var value: String

    public var description: String {
        "[display] lcdproc = \"\(value)\" is not HOST:PORT (e.g. \"127.0.0.1:13666\")"
    }
}
