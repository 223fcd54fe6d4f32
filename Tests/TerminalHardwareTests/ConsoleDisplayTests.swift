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

    @Test func aClosedOutputIsAnErrorNamingTheOperation() async throws {
        let pipe = Pipe()
        signal(SIGPIPE, SIG_IGN)
        let display = ConsoleDisplay(size: GridSize(columns: 16, rows: 2), fd: pipe.fileHandleForWriting.fileDescriptor)
        try pipe.fileHandleForReading.close()
        await #expect(throws: HardwareError.self) {
            try await display.show(Frame(size: GridSize(columns: 16, rows: 2), lines: ["x"]))
        }
    }
}
