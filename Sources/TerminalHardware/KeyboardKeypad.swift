import Foundation
import RatingCore

/// Buttons on a terminal's keyboard, for the interactive demo: keys 1–5
/// press, `s` is the clerk's "service finished" button, `q`, Ctrl-C or Ctrl-D quit. The terminal is put in raw mode (no
/// echo, no line buffering, no signals) and restored on `close()` or deinit.
public final class KeyboardKeypad: Keypad, @unchecked Sendable {
    // SAFETY: `restored` is guarded by `lock`; every other property is a `let` set in init.
    public let events: AsyncStream<KeypadEvent>
    private let fd: Int32
    private let saved: termios
    private let lock = NSLock()
    private var restored = false
    private let reader: FileDescriptorWatcher

    /// Takes over the terminal on `fd` (standard input by default). Throws
    /// `HardwareError.notATerminal` when `fd` is not a terminal (a pipe, a file, a service without a TTY).
    public init(fd: Int32 = 0) throws {
        guard isatty(fd) == 1 else { throw HardwareError.notATerminal(fd: fd) }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else {
            let code = errno
            throw HardwareError.system(operation: "read the mode of the keyboard terminal on fd \(fd) (tcgetattr)", errno: code)
        }
        var raw = original
        // No line buffering, no echo, no signals (Ctrl-C and Ctrl-D arrive as bytes 3 and 4),
        // no Ctrl-V literal-next, no Ctrl-S/Ctrl-Q flow control. Output processing (OPOST) stays
        // on so a console display on the same terminal still gets "\n" as a new line.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        // VMIN 1, VTIME 0: a read returns as soon as one key arrives.
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else {
            let code = errno
            throw HardwareError.system(operation: "put the keyboard terminal on fd \(fd) in raw mode (tcsetattr)", errno: code)
        }
        let (stream, continuation) = AsyncStream<KeypadEvent>.makeStream()
        do {
            reader = try FileDescriptorWatcher(fd: fd, onBytes: { bytes in
                for byte in bytes {
                    if let event = Self.event(for: byte) { continuation.yield(event) }
                }
            }, onEnd: { continuation.finish() })
        } catch {
            // Never leave the terminal in raw mode behind a failed init.
            _ = tcsetattr(fd, TCSANOW, &original)
            throw error
        }
        self.fd = fd
        saved = original
        events = stream
    }

    /// The event a key stands for; `nil` for keys that mean nothing here.
    static func event(for byte: UInt8) -> KeypadEvent? {
        switch byte {
        case UInt8(ascii: "1")...UInt8(ascii: "5"):
            return Score(Int(byte - UInt8(ascii: "0"))).map { .press($0, at: MonotonicClock.now()) }
        case UInt8(ascii: "s"), UInt8(ascii: "S"):
            return .serviceEnded(at: MonotonicClock.now())
        case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, 4:
            return .quit
        default:
            return nil
        }
    }

    /// Stops reading and puts the terminal back in the mode it had before init.
    /// Safe to call more than once; deinit does the same if `close()` was never called.
    public func close() {
        reader.stop()
        restore()
    }

    deinit {
        reader.stop()
        restore()
    }

    /// Puts the terminal back as it was; only the first call acts.
    private func restore() {
        let first: Bool = lock.withLock {
            defer { restored = true }
            return !restored
        }
        guard first else { return }
        var original = saved
        _ = tcsetattr(fd, TCSANOW, &original)
    }
}
