import Foundation
import RatingCore
import TerminalHardware
import Testing

struct ConsoleDisplayTests {
    @Test func drawsABoxCountingCharactersAndSkipsRepeatedFrames() async throws {
        let pipe = Pipe()
        let size = GridSize(columns: 16, rows: 2)
        let display = ConsoleDisplay(size: size, fd: pipe.fileHandleForWriting.fileDescriptor)
        let idle = Frame(size: size, lines: ["Xin mời đánh giá", "  1 tệ ... 5 tốt"])
        try await display.show(idle)
        try await display.show(idle)
        try await display.show(Frame(size: size, lines: ["Xin cảm ơn!"]))
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == [
            "+----------------+", "|Xin mời đánh giá|", "|  1 tệ ... 5 tốt|", "+----------------+",
            "+----------------+", "|Xin cảm ơn!     |", "|                |", "+----------------+",
        ], "two boxes: the repeated frame was not written again")
        #expect(lines.allSatisfy { $0.count == 18 })
    }

    @Test func anUnwritableOutputIsAnErrorNamingTheOperation() async throws {
        // A descriptor open for reading only: write(2) fails with EBADF. (Not a closed pipe:
        // that needs SIGPIPE ignored process-wide, which would hide SIGPIPE bugs elsewhere.)
        let readOnly = open("/dev/null", O_RDONLY)
        try #require(readOnly >= 0)
        defer { close(readOnly) }
        let display = ConsoleDisplay(size: GridSize(columns: 16, rows: 2), fd: readOnly)
        await #expect(throws: HardwareError.system(operation: "write to the console display on fd \(readOnly)", errno: EBADF)) {
            try await display.show(Frame(size: GridSize(columns: 16, rows: 2), lines: ["x"]))
        }
        let message = HardwareError.system(operation: "write to the console display on fd \(readOnly)", errno: EBADF).description
        #expect(message.contains("console display") && message.contains("Bad file descriptor"))
    }

    @Test func onATerminalLaterFramesAreRedrawnInPlace() async throws {
        let pty = try PseudoTerminal()
        let size = GridSize(columns: 16, rows: 2)
        let display = ConsoleDisplay(size: size, fd: pty.slave)
        let idle = Frame(size: size, lines: ["Xin mời đánh giá", "  1 tệ ... 5 tốt"])
        let thanks = Frame(size: size, lines: ["Xin cảm ơn!"])
        try await display.show(idle)
        try await display.show(idle)
        try await display.show(thanks)
        // The pty's output processing turns each "\n" into "\r\n".
        let expected = (ConsoleDisplay.box(idle) + "\u{1B}[4A\r" + ConsoleDisplay.box(thanks))
            .replacingOccurrences(of: "\n", with: "\r\n")
        // A repeated box would come before the cursor move, so the exact prefix shows it.
        let output = pty.readOutput(count: expected.utf8.count)
        #expect(String(decoding: output, as: UTF8.self) == expected,
                "first box as is, the repeat skipped, the change drawn over it after moving up 4 lines")
    }
}
