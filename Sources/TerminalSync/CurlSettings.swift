/// How the libcurl transport behaves on an unattended device.
public struct CurlSettings: Sendable, Equatable {
    /// An extra CA bundle (PEM); `nil` uses the system's.
    public var caFile: String?
    /// Give up connecting after this long.
    public var connectTimeout: Duration
    /// Give up on a whole request after this long.
    public var totalTimeout: Duration
    /// Abort when slower than `lowSpeedLimitBytes` per second for `lowSpeedTime`.
    public var lowSpeedLimitBytes: Int
    public var lowSpeedTime: Duration
    public var userAgent: String

    public init(caFile: String? = nil, connectTimeout: Duration = .seconds(15), totalTimeout: Duration = .seconds(60),
                lowSpeedLimitBytes: Int = 100, lowSpeedTime: Duration = .seconds(30),
                userAgent: String = "rating-terminal/0.1") {
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimitBytes = lowSpeedLimitBytes
        self.lowSpeedTime = lowSpeedTime
        self.userAgent = userAgent
    }
}
