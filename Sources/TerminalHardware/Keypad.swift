import RatingCore

/// Something the buttons reported.
public enum KeypadEvent: Hashable, Sendable {
    /// A rating button was pressed; `at` is the press time on the monotonic clock
    /// (the kernel's event timestamp where the hardware gives one).
    case press(Score, at: MonotonicInstant)
    /// The clerk pressed their "service finished" button (`[buttons] staff_line`; stdin and
    /// keyboard: `s`): in counter mode this opens a rating window. `at` as for `press`.
    case serviceEnded(at: MonotonicInstant)
    /// The operator asked to quit (keyboard `q`, stdin `q`).
    case quit
    /// Input that is not a button (e.g. a stdin line "7"); reported, not counted.
    case unrecognised(String)
    /// The buttons stopped working (a GPIO chip vanished); the message names the device and
    /// what to check. The stream finishes right after.
    case failed(String)
}

/// The buttons, whatever they are wired to. The session never knows which keypad it reads.
public protocol Keypad: Sendable {
    /// The press events, in order. The stream finishes when the input ends (EOF) or after `close()`.
    var events: AsyncStream<KeypadEvent> { get }
    /// Stops reading and releases the input (restores a terminal's mode, frees GPIO lines).
    func close()
    /// Confirms a press on the keypad itself while its thank-you shows (the button's LED),
    /// `nil` when the thank-you ends. Keypads without lights do nothing.
    func showFeedback(pressed score: Score?) throws
}

extension Keypad {
    public func showFeedback(pressed score: Score?) throws {}
}
