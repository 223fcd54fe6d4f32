import RatingCore

/// A character display. The mandatory core is writing a whole frame; a driver
/// sends only what changed since the last frame it wrote.
public protocol Display: Sendable {
    /// The grid this display shows.
    var size: GridSize { get }
    /// Shows `frame`; returns once it has been handed to the device.
    func show(_ frame: Frame) async throws
    /// Switches the backlight, where the hardware has one (the default does nothing).
    func setBacklight(_ on: Bool) async throws
    /// Releases the device (a console display leaves the last frame on screen).
    func close() async
}

extension Display {
    public func setBacklight(_ on: Bool) async throws {}
}
