import CLinuxShim
import Foundation
import RatingCore
import TerminalHardware
import Testing

/// The keyboard keypad on a real pseudo-terminal.
struct KeyboardKeypadTests {
    @Test func rawModeKeysAndRestore() async throws {
        var master: Int32 = -1, slave: Int32 = -1
        try #require(clinuxshim_open_pty_pair(&master, &slave) == 0, "openpty: \(String(cString: strerror(errno)))")
        defer { close(master); close(slave) }
        var before = termios()
        tcgetattr(slave, &before)
        #expect(before.c_lflag & tcflag_t(ICANON) != 0, "a new pty starts in canonical mode")

        let keypad = try KeyboardKeypad(fd: slave)
        var raw = termios()
        tcgetattr(slave, &raw)
        #expect(raw.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0, "raw mode: no line buffering, echo or signals")

        _ = "3x\u{03}".withCString { write(master, $0, 3) }
        var events: [KeypadEvent] = []
        for await event in keypad.events {
            events.append(event)
            if event == .quit { break }
        }
        keypad.close()
        #expect(events.count == 2)
        if case .press(let score, _) = events.first { #expect(score == Score(3)) } else { Issue.record("expected press 3, got \(events)") }
        #expect(events.last == .quit, "Ctrl-C arrives as a key and quits")

        var after = termios()
        tcgetattr(slave, &after)
        #expect(after.c_lflag == before.c_lflag, "the terminal's mode is restored")
    }

    @Test func aPipeIsNotATerminal() {
        let pipe = Pipe()
        #expect(throws: HardwareError.notATerminal(fd: pipe.fileHandleForReading.fileDescriptor)) {
            _ = try KeyboardKeypad(fd: pipe.fileHandleForReading.fileDescriptor)
        }
    }
}
