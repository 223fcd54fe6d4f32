/// How the collector listens and what it accepts. Defaults suit production.
public struct CollectorSettings: Sendable, Equatable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one.
    public var port: Int
    /// Largest request body accepted, as sent (compressed or not), in bytes. Larger → 413.
    public var maxBodyBytes: Int
    /// Largest body after gunzip, in bytes. Larger → 413 (gunzip stops as soon as it would pass this).
    public var maxDecompressedBytes: Int
    /// How long a database write waits for a lock held by another connection before the request gets 503.
    public var busyTimeout: Duration
    /// The `Retry-After` value (seconds) sent with 503.
    public var retryAfterSeconds: Int
    /// Page size of the pull API when the client gives no `limit`.
    public var defaultPageLimit: Int
    /// Largest `limit` the pull API accepts.
    public var maxPageLimit: Int
    /// What to alert on and where to send alerts.
    public var alerts: AlertSettings
    /// The dashboard at `/`: minimum n, time zone, default period.
    public var dashboard: DashboardSettings
    /// The token the read and admin endpoints require (see ``AdminTokenMiddleware``); `nil` leaves them
    /// open, which `rating-collector serve` allows only on a loopback address (``AdminAccess/problem(host:adminToken:)``).
    public var adminToken: String?
    /// Per-device upload limit on `POST /v1/batches` (see ``DeviceRateLimiter``); `nil` turns it off.
    public var deviceRateLimit: TokenBucket.Limit?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxBodyBytes: Int = 1 << 20,
        maxDecompressedBytes: Int = 4 << 20,
        busyTimeout: Duration = .seconds(5),
        retryAfterSeconds: Int = 5,
        defaultPageLimit: Int = 100,
        maxPageLimit: Int = 1000,
        alerts: AlertSettings = AlertSettings(),
        dashboard: DashboardSettings = DashboardSettings(),
        adminToken: String? = nil,
        deviceRateLimit: TokenBucket.Limit? = TokenBucket.Limit(batchesPerSecond: 1, burst: 10)
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.busyTimeout = busyTimeout
        self.retryAfterSeconds = retryAfterSeconds
        self.defaultPageLimit = defaultPageLimit
        self.maxPageLimit = maxPageLimit
        self.alerts = alerts
        self.dashboard = dashboard
        self.adminToken = adminToken
        self.deviceRateLimit = deviceRateLimit
    }
}
