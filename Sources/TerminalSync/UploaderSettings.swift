import RatingWire

/// What the uploader needs to know, from the config's `[device]` and `[collector]`.
public struct UploaderSettings: Sendable {
    /// The collector's base address, e.g. `https://ratings.example.vn`; batches go to `<url>/v1/batches`.
    ///
    /// The signature always covers the path `/v1/batches` (`WireFormat.batchesPath`),
    /// whatever prefix the base address has: a reverse proxy that mounts the collector
    /// under a prefix must strip it, so the collector sees the path that was signed.
    public var collectorURL: String
    public var deviceID: String
    public var secret: DeviceSecret
    /// Upload at least this often when no press wakes the uploader (`upload_interval_s`, default 30 s).
    public var idleInterval: Duration
    /// Wait a random time up to this before the first upload after start (up to 60 s by
    /// default: thousands of terminals come back together after a regional power cut).
    public var startupDelayMax: Duration
    /// At most this many ratings per batch (clamped to `1...WireFormat.maxRatingsPerBatch`).
    public var maxBatch: Int
    /// Send bodies gzip-compressed (switched off by itself after a 415).
    public var gzip: Bool
    /// Backoff after failures (base 1 s, cap 5 min by default).
    public var backoff: Backoff
    /// With nothing to send for this long, send an empty batch (`heartbeat_interval_s`, default 10 min;
    /// `nil`: never): the collector then tells a quiet counter from a terminal that is off or cut off.
    public var heartbeatInterval: Duration?

    public init(collectorURL: String, deviceID: String, secret: DeviceSecret, idleInterval: Duration = .seconds(30),
                startupDelayMax: Duration = .seconds(60), maxBatch: Int = WireFormat.maxRatingsPerBatch, gzip: Bool = true,
                backoff: Backoff = Backoff(), heartbeatInterval: Duration? = .seconds(600)) {
        self.collectorURL = collectorURL
        self.deviceID = deviceID
        self.secret = secret
        self.idleInterval = idleInterval
        self.startupDelayMax = startupDelayMax
        self.maxBatch = max(1, min(maxBatch, WireFormat.maxRatingsPerBatch))
        self.gzip = gzip
        self.backoff = backoff
        self.heartbeatInterval = heartbeatInterval
    }

    /// The full address batches are posted to.
    public var batchesURL: String {
        var base = collectorURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + WireFormat.batchesPath
    }
}
