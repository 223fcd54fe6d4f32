import Foundation
import RatingCore
import TerminalHardware
import Testing

struct StdinKeypadTests {
    @Test func linesBecomePressesQuitAndUnrecognisedInput() async throws {
        let pipe = Pipe()
        let keypad = StdinKeypad(fd: pipe.fileHandleForReading.fileDescriptor)
        pipe.fileHandleForWriting.write(Data("5\n 4 \nx\n\nq\n3".utf8))
        try pipe.fileHandleForWriting.close()
        var events: [KeypadEvent] = []
        for await event in keypad.events { events.append(event) }
        #expect(events.count == 5)
        guard events.count == 5 else { return }
        guard case .press(let first, let firstAt) = events[0], case .press(let second, let secondAt) = events[1] else {
            Issue.record("expected two presses first, got \(events)")
            return
        }
        #expect(first == Score(5) && second == Score(4))
        #expect(firstAt <= secondAt)
        #expect(events[2] == .unrecognised("x"))
        #expect(events[3] == .quit)
        guard case .press(let last, _) = events[4] else { Issue.record("the unterminated last line is a press"); return }
        #expect(last == Score(3))
    }

    @Test func closeEndsTheStreamWhileTheInputIsIdle() async {
        let pipe = Pipe()
        let keypad = StdinKeypad(fd: pipe.fileHandleForReading.fileDescriptor)
        keypad.close()
        var count = 0
        for await _ in keypad.events { count += 1 }
        #expect(count == 0, "close() finished the stream without any input or EOF")
        _ = pipe.fileHandleForWriting // the writer stays open: only close() ended it
    }

    @Test func closeAfterTheInputEndedIsHarmless() async {
        let pipe = Pipe()
        let keypad = StdinKeypad(fd: pipe.fileHandleForReading.fileDescriptor)
        pipe.fileHandleForWriting.write(Data("2\n".utf8))
        try? pipe.fileHandleForWriting.close()
        var events: [KeypadEvent] = []
        for await event in keypad.events { events.append(event) }
        // The reader's thread has ended; close() must not write into a pipe nobody reads
        // (that would raise SIGPIPE and kill a process that does not ignore it).
        keypad.close()
        keypad.close()
        #expect(events.count == 1)
        var after: [KeypadEvent] = []
        for await event in keypad.events { after.append(event) }
        #expect(after.isEmpty, "a finished stream stays finished")
    }
}
