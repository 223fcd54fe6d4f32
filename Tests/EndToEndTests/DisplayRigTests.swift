import DisplayModels
import Foundation
import RatingCore
import TerminalHardware
import Testing

/// Real display drivers on real kernel devices in the QEMU guest: `rating-terminal screens`
/// drives an HD44780 on i2c-stub (every SMBus byte logged by the kernel) and a pole display on
/// QEMU's USB-serial adapter (/dev/ttyUSB0, bytes in a host file). A model of each device
/// replays the bytes; every screen must appear on the modelled glass, in order.
@Suite(.serialized, .enabled(if: Rig.shouldRun, Rig.skipReason))
struct DisplayRigTests {
    static let screens: [(name: String, content: ScreenContent)] =
        [("idle", .idle), ("thanks:5", .thanks(Score.all[4])), ("thanks:1", .thanks(Score.all[0])),
         ("followup:1", .followUp(page: 0)), ("followup:4", .followUp(page: 3)), ("idle", .idle)]

    @Test(arguments: [GridSize(columns: 16, rows: 2), GridSize(columns: 20, rows: 4)])
    func hd44780OnI2CStubShowsEveryScreenWithVietnameseGlyphs(size: GridSize) async throws {
        let folder = try Rig.runFolder("hd44780-\(size)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await Self.showScreens("hd44780", size: size, folder: folder, rigOptions: [
            "--modprobe", "i2c-dev", "--modprobe", "i2c-stub chip_addr=0x27", "--kernel-arg", "log_buf_len=8M",
        ])
        try #require(run.status == 0, "the guest run failed:\n\(run.stdout)\n\(run.stderr)")
        let log = try String(contentsOf: folder.appendingPathComponent("i2c-bytes.log"), encoding: .utf8)
        let bytes = log.split(separator: "\n").compactMap { UInt8($0.dropFirst(2), radix: 16) }
        try #require(bytes.count > 100, "the kernel logged \(bytes.count) bytes written to 0x27")

        var model = HD44780Model(size: size)
        var seen: [[String]] = []
        for byte in bytes {
            model.feed(byte)
            let lines = model.visibleLines
            if lines != seen.last { seen.append(lines) }
        }
        #expect(model.violations.isEmpty, "\(model.violations.prefix(5))")
        #expect(model.unsupported.isEmpty)
        #expect(model.backlight && model.displayOn && model.fourBitMode)
        let composer = ScreenComposer(size: size, language: .vi)
        let expected = Self.screens.map { composer.compose($0.content).lines }
        Self.expectInOrder(expected, in: seen)
        #expect(seen.last == expected.last, "the last screen stays on the glass")
        if size.columns == 16 {
            let thanks = composer.compose(.thanks(Score.all[4])).lines
            #expect(thanks[0] == "Cảm ơn quý khách", "the thank-you reads in full, accents included")
        }
    }

    @Test func poleDisplayOnUSBSerialShowsEveryScreenFolded() async throws {
        let folder = try Rig.runFolder("pole")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = folder.appendingPathComponent("usb-serial.bytes")
        FileManager.default.createFile(atPath: capture.path, contents: nil)
        let size = GridSize(columns: 20, rows: 2)
        let run = try await Self.showScreens("pole", size: size, folder: folder, rigOptions: [
            "--modprobe", "xhci_pci", "--modprobe", "ftdi_sio",
            "--qemu-arg", "-device", "--qemu-arg", "qemu-xhci,id=xhci",
            "--qemu-arg", "-chardev", "--qemu-arg", "file,id=pole,path=\(capture.path)",
            "--qemu-arg", "-device", "--qemu-arg", "usb-serial,chardev=pole,bus=xhci.0",
        ])
        try #require(run.status == 0, "the guest run failed:\n\(run.stdout)\n\(run.stderr)")
        let bytes = [UInt8](try Data(contentsOf: capture))
        var decoder = PoleDisplayDecoder(.epson, columns: size.columns, rows: size.rows)
        var seen: [[String]] = []
        for byte in bytes {
            decoder.feed([byte])
            if decoder.lines != seen.last { seen.append(decoder.lines) }
        }
        #expect(decoder.unknown.isEmpty && decoder.quirks.isEmpty, "\(decoder.unknown) \(decoder.quirks)")
        let composer = ScreenComposer(size: size, language: .vi)
        let expected = Self.screens.map { composer.compose($0.content).lines.map(VietnameseFolding.fold) }
        Self.expectInOrder(expected, in: seen)
        #expect(seen.last == expected.last)
    }

    /// Runs rig/scenarios/show_screens.sh in the guest with the screens of `screens`.
    static func showScreens(_ kind: String, size: GridSize, folder: URL, rigOptions: [String]) async throws -> ProcessRun {
        let terminal = try Executables.path("rating-terminal")
        let script = Rig.root.appendingPathComponent("rig/scenarios/show_screens.sh").path
        let run = try await Rig.guestRun(share: folder, [script, kind, terminal, folder.path, size.description] + screens.map(\.name),
                                         timeoutSeconds: 300, rigOptions: rigOptions)
        let errors = (try? String(contentsOf: folder.appendingPathComponent("screens.err"), encoding: .utf8)) ?? ""
        return ProcessRun(status: run.status, stdout: run.stdout, stderr: run.stderr + errors)
    }

    /// Each of `expected` appears among `seen` (the successive states of the glass), in order.
    static func expectInOrder(_ expected: [[String]], in seen: [[String]], sourceLocation: SourceLocation = #_sourceLocation) {
        var index = seen.startIndex
        for screen in expected {
            guard let found = seen[index...].firstIndex(of: screen) else {
                Issue.record("never shown: \(screen); the glass showed \(seen.suffix(8))", sourceLocation: sourceLocation)
                return
            }
            index = found
        }
    }
}
