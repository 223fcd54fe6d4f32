/// A terminal that has not uploaded for `silence` of opening time (issue #7: "a silent terminal
/// during opening hours"). Only opening time counts: Friday evening to Monday 07:40 is 10 minutes.
public struct SilentTerminalRule: Sendable, Equatable {
    /// How much opening time without an upload alerts.
    public var silence: Duration
    public var openingHours: OpeningHours

    public init(silence: Duration = .seconds(30 * 60), openingHours: OpeningHours = .vietnamOffice) {
        self.silence = silence
        self.openingHours = openingHours
    }

    /// Whether a device last heard from at `lastUploadMillis` is silent at `nowMillis`.
    public func isSilent(lastUploadMillis: Int64, nowMillis: Int64) -> Bool {
        // Why the floor: a device gone for months would otherwise cost a loop over every day since;
        // any two weeks of opening hours hold more than a sensible silence threshold.
        let from = max(lastUploadMillis, nowMillis - 14 * OpeningHours.dayMillis)
        return openingHours.openMillis(from: from, to: nowMillis) >= silence.millis
    }
}
