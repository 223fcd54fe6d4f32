import RatingCore

/// Buttons from text lines: "1".."5" press that button, "s" is the clerk's
/// "service finished" button, "q" quits, anything else is reported as unrecognised. For scripts and tests (`[buttons] driver = "stdin"`).
public final class StdinKeypad: Keypad {
    public let events: AsyncStream<KeypadEvent>
    private let reader: FileDescriptorWatcher?

    /// Reads lines from `fd` (standard input by default). The stream finishes at EOF or after `close()`.
    public init(fd: Int32 = 0) {
        let (stream, continuation) = AsyncStream<KeypadEvent>.makeStream()
        events = stream
        let splitter = LineSplitter()
        reader = try? FileDescriptorWatcher(fd: fd, onBytes: { bytes in
            for line in splitter.feed(bytes) {
                if let event = Self.event(for: line) { continuation.yield(event) }
            }
        }, onEnd: {
            if let last = splitter.rest(), let event = Self.event(for: last) { continuation.yield(event) }
            continuation.finish()
        })
        // Without a reader (no wake-up pipe could be made: the process is out of file
        // descriptors) there is no input: the stream ends at once and the caller sees
        // the keypad end, as at EOF.
        if reader == nil { continuation.finish() }
    }

    deinit { reader?.stop() }

    /// The event a line stands for; `nil` for an empty line.
    static func event(for line: String) -> KeypadEvent? {
        let text = line.trimmed
        if text.isEmpty { return nil }
        if text == "q" || text == "Q" { return .quit }
        if text == "s" || text == "S" { return .serviceEnded(at: MonotonicClock.now()) }
        if let value = Int(text), let score = Score(value) { return .press(score, at: MonotonicClock.now()) }
        return .unrecognised(text)
    }

    /// Stops reading; the stream finishes promptly even if the input stays open. Safe to call more than once.
    /// The descriptor itself is not closed (it belongs to the caller).
    public func close() { reader?.stop() }
}

/// Splits a byte stream into lines (UTF-8).
final class LineSplitter: @unchecked Sendable {
    // SAFETY: used only from the one reader thread, one call at a time.
    private var pending: [UInt8] = []

    func feed(_ bytes: [UInt8]) -> [String] {
        pending.append(contentsOf: bytes)
        var lines: [String] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        return lines
    }

    func rest() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}
