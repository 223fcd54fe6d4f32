import DisplayModels
import Foundation
import RatingCore
import TerminalHardware
import Testing

/// The pole-display decoder, proven on LCDd's own serialPOS driver, then used on PoleDisplay's
/// output through a real pseudo-terminal pair.
@Suite(.timeLimit(.minutes(2)))
struct PoleDisplayTests {
    let size = GridSize(columns: 20, rows: 2)

    func compose(_ content: ScreenContent) -> Frame { ScreenComposer(size: size, language: .vi).compose(content) }
    func folded(_ content: ScreenContent) -> [String] { compose(content).lines.map(VietnameseFolding.fold) }

    @Test func decoderReadsLCDdsSerialPOSEpsonOutput() async throws {
        let pty = try PseudoTerminal()
        let lcdd = try LCDdServer(driver: "serialPOS", settings: ["Device=\(try pty.slavePath())", "Type=Epson", "Size=20x2", "Speed=9600"])
        try lcdd.start()
        let display = try LCDprocDisplay(host: "127.0.0.1", port: lcdd.port, size: size,
                                         retryDelays: .init(initial: .milliseconds(100), maximum: .seconds(1)))
        var decoder = PoleDisplayDecoder(.epson)
        for content in [ScreenContent.idle, .thanks(Score.all[4])] {
            try await display.show(compose(content))
            await pty.decode(into: &decoder, until: folded(content))
            #expect(decoder.lines == folded(content), "LCDd's serialPOS bytes decode to the client's screen")
        }
        #expect(decoder.unknown.isEmpty, "every byte LCDd sent is a known command: \(decoder.unknown)")
        // LCDd 0.5.9 (serialPOS.c, serialPOS_cursor_goto and _flush) writes `US $` with ASCII
        // digits and a NUL after each command and row; the decoder accepts and records both.
        #expect(decoder.quirks == ["decimal cursor address", "NUL byte"])
        await display.close()
    }

    @Test(arguments: [PoleDisplayCommandSet.epson, .cd5220])
    func showsComposedScreensAndSendsOnlyChangedRows(_ commandSet: PoleDisplayCommandSet) async throws {
        let pty = try PseudoTerminal()
        let display = try PoleDisplay(path: try pty.slavePath(), baud: 9_600, commandSet: commandSet, size: size)
        var decoder = PoleDisplayDecoder(commandSet == .epson ? .epson : .cd5220)
        for content in [ScreenContent.idle, .thanks(Score.all[4]), .followUp(page: 1), .storeProblem] {
            try await display.show(compose(content))
            await pty.decode(into: &decoder, until: folded(content))
            #expect(decoder.lines == folded(content), "\(commandSet): \(content)")
        }
        // Same upper row, new lower row: only the lower row is sent, as one row command.
        let before = compose(.storeProblem)
        let changed = Frame(size: size, lines: [before.lines[0], "Quay 3"])
        try await display.show(changed)
        let bytes = await pty.decode(into: &decoder, until: changed.lines)
        let lower = Array("Quay 3".utf8) + Array(repeating: 0x20, count: 14)
        #expect(bytes == (commandSet == .epson ? [0x1F, 0x24, 1, 2] + lower : [0x1B, 0x51, 0x42] + lower + [0x0D]))
        try await display.show(changed)
        #expect(pty.readOutput(count: 1, timeoutMs: 200).isEmpty, "an unchanged frame sends nothing")
        #expect(decoder.unknown.isEmpty && decoder.quirks.isEmpty, "only specified commands: \(decoder.unknown) \(decoder.quirks)")
        await display.close()
    }

    @Test func putsThePortInRawModeAtTheConfiguredSpeed() async throws {
        let pty = try PseudoTerminal()
        let display = try PoleDisplay(path: try pty.slavePath(), baud: 19_200, size: size)
        var mode = pty.mode()
        #expect(mode.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0)
        #expect(mode.c_oflag & tcflag_t(OPOST) == 0, "no \\n → \\r\\n translation")
        #expect(mode.c_iflag & tcflag_t(IXON | IXOFF | ICRNL) == 0)
        #expect(mode.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
        #expect(mode.c_cflag & tcflag_t(CLOCAL | CREAD) == tcflag_t(CLOCAL | CREAD))
        #expect(mode.c_cflag & (tcflag_t(PARENB) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS)) == 0)
        #expect(cfgetospeed(&mode) == speed_t(B19200))
        await display.close()
    }

    @Test func aMissingPortIsAnErrorNamingThePort() throws {
        let path = "/dev/ttyUSB-missing-\(getpid())"
        #expect(throws: SerialPortError.open(path: path, errno: ENOENT)) {
            try PoleDisplay(path: path, size: size)
        }
        #expect(SerialPortError.open(path: path, errno: ENOENT).description.contains(path))
        let denied = SerialPortError.open(path: "/dev/ttyUSB0", errno: EACCES).description
        #expect(denied.contains("/dev/ttyUSB0") && denied.contains("dialout"))
        #expect(throws: SerialPortError.unsupportedBaud(300)) { try PoleDisplay(path: path, baud: 300, size: size) }
    }
}
