import RatingWire

/// What the uploader needs to know, from the config's `[device]` and `[collector]`.
public struct UploaderSettings: Sendable {
    /// The collector's base address, e.g. `https://ratings.example.vn`; batches go to `<url>/v1/batches`.
    /// The signature always covers the path `/v1/batches`, so a reverse proxy may mount the collector under a prefix.
    public var collectorURL: String
    public var deviceID: String
    public var secret: DeviceSecret
    /// Upload at least this often when no press wakes the uploader (`upload_interval_s`).
    public var idleInterval: Duration
    /// Wait a random time up to this before the first upload (`startup_delay_max_s`).
    public var startupDelayMax: Duration
    /// At most this many ratings per batch (the protocol allows 500).
    public var maxBatch: Int
    /// Send bodies gzip-compressed (switched off by itself after a 415).
    public var gzip: Bool
    /// Backoff after failures.
    public var backoff: Backoff

    public init(collectorURL: String, deviceID: String, secret: DeviceSecret, idleInterval: Duration = .seconds(30),
                startupDelayMax: Duration = .seconds(60), maxBatch: Int = WireFormat.maxRatingsPerBatch, gzip: Bool = true,
                backoff: Backoff = Backoff()) {
        self.collectorURL = collectorURL
        self.deviceID = deviceID
        self.secret = secret
        self.idleInterval = idleInterval
        self.startupDelayMax = startupDelayMax
        self.maxBatch = max(1, min(maxBatch, WireFormat.maxRatingsPerBatch))
        self.gzip = gzip
        self.backoff = backoff
    }

    /// The full address batches are posted to.
    var batchesURL: String {
        var base = collectorURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + WireFormat.batchesPath
    }
}
