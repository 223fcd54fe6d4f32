import Dispatch
import RatingCore

/// A character LCD with an HD44780 controller on a PCF8574 I2C backpack (16×2, 20×2, 20×4;
/// address 0x27 or 0x3F), in 4-bit mode. Only rows that changed are rewritten; with
/// `vietnameseGlyphs` the accented letters of each screen are drawn in the controller's
/// eight custom glyphs (the character ROM has none), the rest folded to ASCII.
///
/// Every transfer blocks (about 0.2 ms per byte at 100 kHz, plus the controller's waits), so
/// the work runs on the display's own serial queue, never on the Swift concurrency pool:
/// `show` returns when the frame is on the glass.
public final class HD44780Display: Display {
    public let size: GridSize
    private let queue = DispatchQueue(label: "rating-terminal.hd44780")
    private let confined: Confined

    /// Opens `bus` (e.g. `/dev/i2c-1`), selects `address` and initialises the controller.
    /// Throws `I2CError` naming the bus, the address and what to check.
    public convenience init(bus: String, address: Int, size: GridSize, vietnameseGlyphs: Bool, backlight: Bool = true) throws {
        try self.init(size: size, vietnameseGlyphs: vietnameseGlyphs, backlight: backlight) {
            try I2CDevice(bus: bus, address: address)
        }
    }

    /// A display on any byte sink (tests: a model of the controller).
    init(size: GridSize, vietnameseGlyphs: Bool, backlight: Bool, openBus: @escaping @Sendable () throws -> any HD44780Bus) throws {
        self.size = size
        let driver = HD44780Driver(size: size, vietnameseGlyphs: vietnameseGlyphs, backlight: backlight, openBus: openBus)
        confined = Confined(driver)
        try queue.sync { try driver.start() }
    }

    /// Shows `frame`; returns once it has been written to the controller.
    public func show(_ frame: Frame) async throws {
        try await onQueue { try $0.show(frame) }
    }

    /// Switches the backlight on or off.
    public func setBacklight(_ on: Bool) async throws {
        try await onQueue { try $0.setBacklight(on) }
    }

    /// Stops using the bus; the LCD keeps showing the last frame.
    public func close() async {
        try? await onQueue { $0.close() }
    }

    private func onQueue(_ body: @escaping @Sendable (HD44780Driver) throws -> Void) async throws {
        let confined = self.confined
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.async {
                do {
                    try body(confined.driver)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Why `@unchecked Sendable`: the driver is only ever touched on `queue` (serial), which is
    /// the synchronisation the compiler cannot see.
    private final class Confined: @unchecked Sendable {
        let driver: HD44780Driver
        init(_ driver: HD44780Driver) { self.driver = driver }
    }
}
