/// A missing rating seq that does not arrive: ratings above a store's acknowledged-through are held
/// (so seq `acked_through + 1` is missing) and have been since `openedAt` for at least `openFor`.
public struct SeqGapRule: Sendable, Equatable {
    public var openFor: Duration

    public init(openFor: Duration = .seconds(30 * 60)) {
        self.openFor = openFor
    }

    /// Whether a gap first seen at `openedAtMillis` (when the first rating above it was stored) alerts at `nowMillis`.
    public func isDue(openedAtMillis: Int64, nowMillis: Int64) -> Bool {
        nowMillis - openedAtMillis >= openFor.millis
    }
}
