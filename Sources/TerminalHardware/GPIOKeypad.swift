import Foundation
import RatingCore

/// Five buttons on GPIO lines, read through libgpiod, and optionally the clerk's
/// "service finished" button (`staffLine`), reported as `.serviceEnded`.
///
/// All button lines (the staff line as a sixth) are requested in one request with both edges; a thread
/// waits in `poll()` on the request's event descriptor (no polling loop) and
/// hands debounced presses on with the kernel's edge timestamps. Optional LEDs,
/// one per button, light while the customer is thanked for that button.
///
/// If the chip vanishes while running, `events` delivers `.failed` naming the
/// chip and then finishes; the daemon exits and systemd restarts it.
public final class GPIOKeypad: Keypad, @unchecked Sendable {
    // SAFETY: `buttons` is used by the watcher thread only, and released in its
    // `onEnd`, after its last use. `leds`, `lit`, `buzzer` and `beeps` are guarded by `lock`.

    /// What `[buttons]` says.
    public struct Settings: Sendable {
        public var chip: String
        /// Buttons 1…5 in order: line names or offsets.
        public var lines: [String]
        public var activeLow: Bool
        public var bias: GPIOBias
        public var debounce: Duration
        /// Empty, or one output line per button.
        public var leds: [String]
        /// The clerk's "service finished" button on the same chip, or `nil`; read like the buttons
        /// (same active-low, bias and debounce).
        public var staffLine: String?
        /// An output line driving an active buzzer, or `nil`: it beeps for `buzzerDuration` on each thank-you.
        public var buzzer: String?
        public var buzzerDuration: Duration
        /// The name the lines are held under (shown by `gpioinfo`).
        public var consumer: String

        public init(chip: String, lines: [String], activeLow: Bool = true, bias: GPIOBias = .pullUp,
                    debounce: Duration = .milliseconds(20), leds: [String] = [], staffLine: String? = nil,
                    buzzer: String? = nil, buzzerDuration: Duration = .milliseconds(80), consumer: String = "rating-terminal") {
            self.chip = chip
            self.lines = lines
            self.activeLow = activeLow
            self.bias = bias
            self.debounce = debounce
            self.leds = leds
            self.staffLine = staffLine
            self.buzzer = buzzer
            self.buzzerDuration = buzzerDuration
            self.consumer = consumer
        }
    }

    public let events: AsyncStream<KeypadEvent>
    private let leds: GPIOLineRequest?
    private let buzzer: GPIOLineRequest?
    private let buzzerDuration: Duration
    /// Counts beeps, so that only the latest beep's timer silences the buzzer.
    private var beeps = 0
    private var watcher: FileDescriptorWatcher?
    private let lock = NSLock()
    private var lit: Int?

    /// Requests the lines; throws a `GPIOError` naming the chip, the line and what to check.
    /// When this returns, edge detection is armed: a press from now on is seen.
    public init(settings: Settings) throws {
        // The staff line, when there is one, is the last line of the one input request.
        let inputs = settings.lines + (settings.staffLine.map { [$0] } ?? [])
        let staffIndex = settings.staffLine == nil ? nil : settings.lines.count
        let buttons = try GPIOLineRequest.inputs(
            chip: settings.chip, lines: inputs,
            settings: .init(activeLow: settings.activeLow, bias: settings.bias, debounce: settings.debounce),
            consumer: settings.consumer)
        leds = settings.leds.isEmpty ? nil : try GPIOLineRequest.outputs(chip: settings.chip, lines: settings.leds, consumer: settings.consumer)
        buzzer = try settings.buzzer.map { try GPIOLineRequest.outputs(chip: settings.chip, lines: [$0], consumer: settings.consumer) }
        buzzerDuration = settings.buzzerDuration
        let (stream, continuation) = AsyncStream<KeypadEvent>.makeStream()
        events = stream
        let debouncer = DebouncerBox(ButtonDebouncer(lines: inputs.count, period: settings.debounce))
        watcher = try FileDescriptorWatcher(fd: buttons.eventDescriptor, onReadable: {
            do {
                for edge in try buttons.readEdges() {
                    let instant = MonotonicInstant(nanoseconds: edge.timestampNanos)
                    guard debouncer.value.isPress(line: edge.index, active: edge.active, at: instant) else { continue }
                    if edge.index == staffIndex {
                        continuation.yield(.serviceEnded(at: instant))
                    } else if let score = Score(edge.index + 1) {
                        continuation.yield(.press(score, at: instant))
                    }
                }
                return true
            } catch {
                continuation.yield(.failed("\(error)"))
                return false
            }
        }, onEnd: {
            buttons.release()
            continuation.finish()
        })
    }

    deinit { close() }

    /// Stops reading and frees the lines (LEDs off). Safe to call more than once.
    public func close() {
        watcher?.stop()
        lock.withLock {
            if let lit { try? leds?.set(lit, active: false) }
            lit = nil
            leds?.release()
            try? buzzer?.set(0, active: false)
            buzzer?.release()
        }
    }

    /// Lights the LED of the button being thanked for, turns the others off, and beeps the
    /// buzzer once for a new thank-you. A failing LED or buzzer is not worth interrupting the
    /// customer: it is reported to the log by the caller.
    public func showFeedback(pressed score: Score?) throws {
        let wanted = score.map { $0.value - 1 }
        try lock.withLock {
            guard wanted != lit else { return }
            if let leds, let lit { try leds.set(lit, active: false) }
            if let leds, let wanted { try leds.set(wanted, active: true) }
            lit = wanted
            if wanted != nil { try beep() }
        }
    }

    /// Buzzer on now, off after `buzzerDuration` (called with `lock` held).
    private func beep() throws {
        guard let buzzer else { return }
        try buzzer.set(0, active: true)
        beeps += 1
        let beep = beeps
        let milliseconds = Int(buzzerDuration.components.seconds * 1_000 + buzzerDuration.components.attoseconds / 1_000_000_000_000_000)
        // A one-shot dispatch timer: it is gone after firing (no periodic wake-up).
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { [weak self] in
            guard let self else { return }
            self.lock.withLock {
                guard self.beeps == beep else { return }
                try? buzzer.set(0, active: false)
            }
        }
    }
}

/// The debouncer's state, touched by the watcher thread only.
private final class DebouncerBox: @unchecked Sendable {
    // SAFETY: used from the single watcher thread.
    var value: ButtonDebouncer
    init(_ value: ButtonDebouncer) { self.value = value }
}
