import CLinuxShim
import Foundation
import Testing

/// A real pseudo-terminal pair: the device side (`slave`) is what a keypad or display
/// sees as its terminal; the test plays the user on `master`.
final class PseudoTerminal: @unchecked Sendable {
    // SAFETY: the descriptors are set once in init; a test reads the pty from one thread at a time.
    let master: Int32
    let slave: Int32

    init() throws {
        var master: Int32 = -1, slave: Int32 = -1
        guard clinuxshim_open_pty_pair(&master, &slave) == 0 else {
            let code = errno
            throw PseudoTerminalError(message: "open a pseudo-terminal: \(String(cString: strerror(code)))")
        }
        self.master = master
        self.slave = slave
    }

    deinit {
        close(master)
        close(slave)
    }

    /// The device side's current mode.
    func mode() -> termios {
        var state = termios()
        _ = tcgetattr(slave, &state)
        return state
    }

    /// Types `text` as the user.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads what the device side wrote until `count` bytes have arrived. The data is
    /// already in the pty when this is called; the timeout only stops a failing test from hanging.
    func readOutput(count: Int, timeoutMs: Int32 = 2_000) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while output.count < count {
            var polled = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&polled, 1, timeoutMs) > 0 else { break }
            let got = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            output += buffer[0..<got]
        }
        return output
    }
}

struct PseudoTerminalError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
