import Foundation
import RatingCore
import TerminalHardware
import Testing

/// The keyboard keypad on a real pseudo-terminal.
struct KeyboardKeypadTests {
    @Test func rawModeKeysAndRestore() async throws {
        let pty = try PseudoTerminal()
        let before = pty.mode()
        #expect(before.c_lflag & tcflag_t(ICANON) != 0, "a new pty starts in canonical mode")

        let keypad = try KeyboardKeypad(fd: pty.slave)
        #expect(pty.mode().c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0, "raw mode: no line buffering, echo or signals")

        pty.type("3x\u{03}")
        var events: [KeypadEvent] = []
        for await event in keypad.events {
            events.append(event)
            if event == .quit { break }
        }
        keypad.close()
        #expect(events.count == 2)
        if case .press(let score, _) = events.first { #expect(score == Score(3)) } else { Issue.record("expected press 3, got \(events)") }
        #expect(events.last == .quit, "Ctrl-C arrives as a key and quits")

        let after = pty.mode()
        #expect(after.c_lflag == before.c_lflag, "the terminal's mode is restored")
        #expect(after.c_iflag == before.c_iflag)
    }

    @Test func pressThenQAndCloseFinishesTheStream() async throws {
        let pty = try PseudoTerminal()
        let before = pty.mode()
        let keypad = try KeyboardKeypad(fd: pty.slave)
        pty.type("3q")
        var iterator = keypad.events.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        guard case .press(let score, _) = first else { Issue.record("expected press 3, got \(String(describing: first))"); return }
        #expect(score == Score(3))
        #expect(second == .quit)

        keypad.close()
        keypad.close()
        #expect(await iterator.next() == nil, "close() finishes the stream although the terminal stays open")
        #expect(pty.mode().c_lflag == before.c_lflag, "restored once, and a second close() changes nothing")
    }

    @Test func droppingTheKeypadRestoresTheTerminal() throws {
        let pty = try PseudoTerminal()
        let before = pty.mode()
        do {
            let keypad = try KeyboardKeypad(fd: pty.slave)
            #expect(pty.mode().c_lflag & tcflag_t(ECHO) == 0)
            _ = keypad
        }
        #expect(pty.mode().c_lflag == before.c_lflag, "deinit restored the terminal without close()")
    }

    @Test func aPipeIsNotATerminal() {
        let pipe = Pipe()
        let fd = pipe.fileHandleForReading.fileDescriptor
        #expect(throws: HardwareError.notATerminal(fd: fd)) {
            _ = try KeyboardKeypad(fd: fd)
        }
        #expect(HardwareError.notATerminal(fd: fd).description.contains("driver = \"stdin\""), "the error names the alternative")
    }
}
