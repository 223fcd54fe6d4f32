import Glibc
import RatingCore

/// Where an HD44780 driver's expander bytes go: the PCF8574 on the I2C bus, or a test's model.
protocol HD44780Bus: Sendable {
    /// Sends one byte to the expander's outputs.
    func write(_ byte: UInt8) throws
}

extension I2CDevice: HD44780Bus {}

/// The state and logic of an HD44780 display behind a PCF8574: what the controller holds
/// (visible codes, CGRAM glyphs), and the steps that bring it to a new frame. Not thread-safe:
/// `HD44780Display` confines it to one serial queue, because every call blocks on I2C
/// transfers and the controller's waits.
///
/// After a failed transfer nothing is assumed about the controller: the next frame reopens the
/// bus, runs the whole initialisation again and redraws everything.
final class HD44780Driver {
    private let openBus: () throws -> any HD44780Bus
    private let planner: HD44780ScreenPlanner
    private var hd44780: HD44780Protocol
    private var bus: (any HD44780Bus)?
    /// What the controller shows; `nil` until initialised (or after a failure).
    private var shown: HD44780Screen?
    /// The glyphs in CGRAM, by slot (`nil`: unknown).
    private var loaded: [[UInt8]?] = Array(repeating: nil, count: 8)

    init(size: GridSize, vietnameseGlyphs: Bool, backlight: Bool, openBus: @escaping () throws -> any HD44780Bus) {
        self.openBus = openBus
        planner = HD44780ScreenPlanner(vietnameseGlyphs: vietnameseGlyphs)
        hd44780 = HD44780Protocol(size: size, backlight: backlight)
    }

    /// Opens the bus and initialises the controller (blank screen), unless that is done.
    func start() throws {
        guard bus == nil else { return }
        let opened = try openBus()
        try run(hd44780.initialisation(), on: opened)
        bus = opened
        shown = nil
        loaded = Array(repeating: nil, count: 8)
    }

    /// Brings the controller to `frame`: glyphs that changed first, then the rows whose codes
    /// or glyphs changed. Nothing is sent for an unchanged frame.
    func show(_ frame: Frame) throws {
        try whileHealthy {
            try start()
            let screen = planner.plan(frame, loaded: loaded)
            var steps: [HD44780Step] = []
            for (slot, bitmap) in screen.glyphSlotsToDefine(from: loaded) {
                steps += hd44780.defineCharacter(slot: slot, rows: bitmap)
            }
            for row in screen.rowsToRewrite(after: shown) {
                steps += hd44780.writeRow(row, codes: screen.rows[row])
            }
            guard !steps.isEmpty, let bus else { return }
            try run(steps, on: bus)
            shown = screen
            loaded = screen.loadedGlyphs(after: loaded)
        }
    }

    /// Switches the backlight (a PCF8574 output, no controller instruction).
    func setBacklight(_ on: Bool) throws {
        try whileHealthy {
            hd44780.backlight = on
            try start()
            if let bus { try run(hd44780.backlightSwitch(), on: bus) }
        }
    }

    /// Forgets the bus (closing it); the controller keeps showing the last frame.
    func close() {
        bus = nil
        shown = nil
    }

    private func whileHealthy(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            close()
            throw error
        }
    }

    private func run(_ steps: [HD44780Step], on bus: any HD44780Bus) throws {
        for step in steps {
            switch step {
            case .write(let byte): try bus.write(byte)
            case .wait(let duration): Self.sleep(duration)
            }
        }
    }

    /// Blocks this thread for at least `duration` (nanosleep resumes after signals).
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
