import RatingCore

extension WireTime {
    /// The wire form of a device time.
    public init(_ time: DeviceTime) {
        self.init(wallMillis: time.wallMillis, bootID: time.bootID, monotonicNanos: time.monotonicNanos, synced: time.clockSynced)
    }

    /// The device time this wire time describes.
    public var deviceTime: DeviceTime {
        DeviceTime(wallMillis: wallMillis, bootID: bootID, monotonicNanos: monotonicNanos, clockSynced: synced)
    }
}

extension WireRating {
    /// The wire form of a stored rating.
    public init(_ rating: Rating) {
        self.init(seq: rating.seq, id: rating.id, score: rating.score.value,
                  flags: rating.flags.map(\.rawValue).sorted(),
                  site: rating.placement.site, counter: rating.placement.counter,
                  time: WireTime(rating.time))
    }
}
