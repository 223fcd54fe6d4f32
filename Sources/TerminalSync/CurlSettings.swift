/// How the libcurl transport behaves on an unattended device (DESIGN.md, "Upload protocol").
public struct CurlSettings: Sendable, Equatable {
    /// The `User-Agent` sent when none is configured.
    public static let defaultUserAgent = "rating-terminal/0.1"

    /// A CA bundle (PEM) to verify the collector with, from `ca_file`; `nil` uses the system's.
    ///
    /// libcurl (OpenSSL) uses this file in place of its default bundle file;
    /// the system certificate directory (`/etc/ssl/certs` on Debian) stays trusted.
    public var caFile: String?
    /// Give up connecting after this long (libcurl: `CURLOPT_CONNECTTIMEOUT_MS`).
    public var connectTimeout: Duration
    /// Give up on a whole request after this long (`CURLOPT_TIMEOUT_MS`).
    public var totalTimeout: Duration
    /// Abort a transfer slower than this many bytes per second… (`CURLOPT_LOW_SPEED_LIMIT`)
    public var lowSpeedLimitBytes: Int
    /// …for this long (`CURLOPT_LOW_SPEED_TIME`, whole seconds, at least 1).
    public var lowSpeedTime: Duration
    /// The `User-Agent` header, `rating-terminal/<version>`.
    public var userAgent: String

    public init(caFile: String? = nil, connectTimeout: Duration = .seconds(15), totalTimeout: Duration = .seconds(60),
                lowSpeedLimitBytes: Int = 100, lowSpeedTime: Duration = .seconds(30),
                userAgent: String = CurlSettings.defaultUserAgent) {
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimitBytes = lowSpeedLimitBytes
        self.lowSpeedTime = lowSpeedTime
        self.userAgent = userAgent
    }
}

extension Duration {
    /// Whole milliseconds for a libcurl timeout, at least 1 (0 would mean "no timeout" to libcurl).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        if overflow { return seconds < 0 ? 1 : Int(Int32.max) }
        return Int(max(1, min(Int64(Int32.max), millis + attoseconds / 1_000_000_000_000_000)))
    }

    /// Whole seconds for libcurl, at least 1.
    var curlSeconds: Int { max(1, curlMilliseconds / 1_000) }
}
