import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

extension CollectorFixture {
    /// Like ``withServer(storage:_:)``, with the application's logger and rate limiter chosen by the test.
    func withServer<T: Sendable>(logger: Logger, rateLimiter: DeviceRateLimiter? = nil,
                                 _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = buildCollectorApplication(settings: settings, storage: storage, logger: logger,
                                            now: { 1_700_000_123_456 }, rateLimiter: rateLimiter)
        return try await app.test(.live) { client in try await body(client) }
    }
}

/// A monotonic clock the test moves by hand, for ``DeviceRateLimiter``.
final class ManualClock: @unchecked Sendable {
    // NSLock, not Mutex: Mutex needs macOS 15 (see LeaseFlag in CollectorCore).
    private let lock = NSLock()
    private var current: Duration = .zero

    func now() -> Duration { lock.withLock { current } }
    func advance(by step: Duration) { lock.withLock { current += step } }
}
