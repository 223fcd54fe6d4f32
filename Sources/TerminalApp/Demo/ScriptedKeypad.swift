import RatingCore
import TerminalHardware

/// Presses a fixed list of buttons at a steady pace, then ends: the unattended demo's customer.
public final class ScriptedKeypad: Keypad {
    public let events: AsyncStream<KeypadEvent>
    private let task: Task<Void, Never>

    /// Presses `scores` one after another, `pace` apart (the first after `pace` too).
    public init(scores: [Score], pace: Duration, clock: any DeviceClock) {
        let (stream, continuation) = AsyncStream<KeypadEvent>.makeStream()
        events = stream
        task = Task {
            for score in scores {
                do { try await Task.sleep(for: pace) } catch { break }
                continuation.yield(.press(score, at: clock.now().monotonic))
            }
            continuation.finish()
        }
    }

    public func close() { task.cancel() }
}
