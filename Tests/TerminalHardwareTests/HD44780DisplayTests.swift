import DisplayModels
import Foundation
import RatingCore
import Synchronization
@testable import TerminalHardware
import Testing

/// The HD44780 driver against the controller model: what reaches the expander, byte for
/// byte, turns into the frame on the modelled glass; only changes are sent; a failed transfer
/// leads to a full re-initialisation on the next frame. (The real kernel I2C peer is in
/// Tests/EndToEndTests/DisplayRigTests.swift.)
struct HD44780DisplayTests {
    /// A byte sink that feeds a shared controller model and can be told to fail.
    final class ModelBus: HD44780Bus, Sendable {
        struct State {
            var model: HD44780Model
            var written = 0
            var opens = 0
            var failNext = false
        }
        let state: Mutex<State>
        init(size: GridSize) { state = Mutex(State(model: HD44780Model(size: size))) }

        func write(_ byte: UInt8) throws {
            try state.withLock { state in
                if state.failNext {
                    state.failNext = false
                    throw I2CError.write(bus: "/dev/i2c-test", address: 0x27, errno: EREMOTEIO)
                }
                state.model.feed(byte)
                state.written += 1
            }
        }

        var lines: [String] { state.withLock { $0.model.visibleLines } }
        var written: Int { state.withLock { $0.written } }
    }

    let size = GridSize(columns: 16, rows: 2)

    func display(_ bus: ModelBus, glyphs: Bool = true) throws -> HD44780Display {
        try HD44780Display(size: size, vietnameseGlyphs: glyphs, backlight: true) {
            bus.state.withLock { $0.opens += 1 }
            return bus
        }
    }

    @Test func everyScreenReachesTheGlassWithItsAccents() async throws {
        let bus = ModelBus(size: size)
        let display = try display(bus)
        let composer = ScreenComposer(size: size, language: .vi)
        let contents: [ScreenContent] = [.idle, .storeProblem] + Score.all.map { .thanks($0) } + (0..<5).map { .followUp(page: $0) }
        for content in contents {
            let frame = composer.compose(content)
            try await display.show(frame)
            #expect(bus.lines == frame.lines, "\(content)")
        }
        #expect(bus.state.withLock { $0.model.violations.isEmpty })
    }

    @Test func foldModeSendsPlainASCII() async throws {
        let bus = ModelBus(size: size)
        let display = try display(bus, glyphs: false)
        let frame = ScreenComposer(size: size, language: .vi).compose(.thanks(Score.all[4]))
        try await display.show(frame)
        #expect(bus.lines == frame.lines.map(VietnameseFolding.fold))
    }

    @Test func anUnchangedFrameSendsNothingAndOneChangedRowOnlyThatRow() async throws {
        let bus = ModelBus(size: size)
        let display = try display(bus)
        let frame = Frame(size: size, lines: ["Quầy 3", "Xin chào"])
        try await display.show(frame)
        let afterFirst = bus.written
        try await display.show(frame)
        #expect(bus.written == afterFirst, "an unchanged frame sends nothing")
        try await display.show(Frame(size: size, lines: ["Quầy 3", "Xin chao"]))
        // One row: Set DDRAM Address plus 16 characters, 2 nibbles of 3 bytes each.
        #expect(bus.written - afterFirst == 17 * 6)
        #expect(bus.lines == ["Quầy 3          ", "Xin chao        "])
    }

    @Test func afterAFailedTransferTheNextFrameReinitialisesAndRedrawsEverything() async throws {
        let bus = ModelBus(size: size)
        let display = try display(bus)
        try await display.show(Frame(size: size, lines: ["Cảm ơn", "quý khách"]))
        bus.state.withLock { $0.failNext = true }
        await #expect(throws: I2CError.self) { try await display.show(Frame(size: size, lines: ["Lỗi", ""])) }
        try await display.show(Frame(size: size, lines: ["Lỗi", ""]))
        #expect(bus.lines == ["Lỗi             ", "                "])
        #expect(bus.state.withLock { $0.opens } == 2, "the bus is reopened")
        #expect(bus.state.withLock { $0.model.commands.filter { $0 == 0x01 }.count } == 2, "Clear Display again: a full initialisation")
    }

    @Test func backlightSwitchesWithoutTouchingTheText() async throws {
        let bus = ModelBus(size: size)
        let display = try display(bus)
        try await display.show(Frame(size: size, lines: ["Xin chào"]))
        try await display.setBacklight(false)
        #expect(bus.state.withLock { $0.model.backlight } == false)
        #expect(bus.lines[0].hasPrefix("Xin chào"))
        try await display.show(Frame(size: size, lines: ["Xin chào", "1"]))
        #expect(bus.state.withLock { $0.model.backlight } == false, "later writes keep it off")
    }
}
