import Foundation
import RatingCore

/// A display shown through LCDproc's server, LCDd (TCP, default 127.0.0.1:13666), which
/// drives dozens of display types. The terminal registers one screen at foreground priority
/// with one string widget per row.
///
/// `show` never waits for LCDd: it stores the latest frame and wakes a dedicated connection
/// thread, which connects, re-sends only the rows that changed, and reconnects with backoff
/// (0.5 s doubling to 30 s) when LCDd is down or restarts, showing the current frame again
/// after each (re)connect. The thread waits in `poll()`; it never polls on a timer.
///
/// Text is folded to ASCII before it is sent: LCDd's drivers are not UTF-8-aware and would
/// show each byte of a Vietnamese letter as a separate, wrong character.
///
/// Call `close()` to end the connection thread (it says `bye` to LCDd).
public final class LCDprocDisplay: Display, @unchecked Sendable {
    // SAFETY: `latest`, `closed` and `finished` are guarded by `lock`; the rest is immutable.
    // The connection thread holds a strong reference to `self` until it returns, which it
    // does only after `close()`.
    public let size: GridSize
    let host: String
    let port: Int
    let retryDelays: RetryDelays
    let report: @Sendable (String) -> Void
    let wake: WakePipe
    private let lock = NSLock()
    private var latest: Frame?
    private var closed = false
    private var finished = false
    private var whenFinished: [CheckedContinuation<Void, Never>] = []

    /// The wait before each reconnection attempt: `initial`, doubled after each failure up to `maximum`.
    public struct RetryDelays: Sendable {
        public var initial: Duration
        public var maximum: Duration
        public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
            self.initial = initial
            self.maximum = maximum
        }
    }

    /// Starts connecting to LCDd at `host:port` in the background. `report` receives one line
    /// for each connection made or lost (for the log); it is called on the connection thread.
    public init(host: String = "127.0.0.1", port: Int = 13666, size: GridSize, retryDelays: RetryDelays = RetryDelays(),
                report: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.host = host
        self.port = port
        self.size = size
        self.retryDelays = retryDelays
        self.report = report
        wake = try WakePipe()
        let thread = Thread { [self] in
            runConnections()
            finish()
        }
        thread.name = "lcdproc-\(host):\(port)"
        thread.start()
    }

    /// Starts connecting to LCDd at `address`, a config value "HOST:PORT" (IPv6 as "[::1]:13666").
    /// Throws `LCDprocAddressError` when it is malformed.
    public convenience init(address: String, size: GridSize, retryDelays: RetryDelays = RetryDelays(),
                            report: @escaping @Sendable (String) -> Void = { _ in }) throws {
        guard let parsed = Self.parseAddress(address) else { throw LCDprocAddressError(value: address) }
        try self.init(host: parsed.host, port: parsed.port, size: size, retryDelays: retryDelays, report: report)
    }

    /// Splits a config value "HOST:PORT" (IPv6 as "[::1]:13666"); `nil` when malformed.
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65_535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    /// Stores `frame` as the one to show and returns at once; the connection thread sends
    /// the rows that changed as soon as LCDd is reachable.
    public func show(_ frame: Frame) async throws {
        lock.withLock { latest = frame }
        wake.wake()
    }

    /// Says `bye` to LCDd, closes the connection and waits for the connection thread to end.
    public func close() async {
        lock.withLock { closed = true }
        wake.wake()
        await withCheckedContinuation { continuation in
            let done: Bool = lock.withLock {
                if !finished { whenFinished.append(continuation) }
                return finished
            }
            if done { continuation.resume() }
        }
    }

    var isClosed: Bool { lock.withLock { closed } }
    var latestFrame: Frame? { lock.withLock { latest } }

    private func finish() {
        let waiting: [CheckedContinuation<Void, Never>] = lock.withLock {
            finished = true
            defer { whenFinished = [] }
            return whenFinished
        }
        for continuation in waiting { continuation.resume() }
    }
}
