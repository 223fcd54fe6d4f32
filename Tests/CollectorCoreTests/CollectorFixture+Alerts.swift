import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire

/// A clock a test sets and moves (ms since 1970).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var millis: Int64

    init(_ millis: Int64) { self.millis = millis }

    var now: Int64 { lock.withLock { millis } }
    func advance(minutes: Int64) { lock.withLock { millis += minutes * 60_000 } }
    func set(_ value: Int64) { lock.withLock { millis = value } }
}

extension CollectorFixture {
    /// An evaluator on the fixture's storage (or `storage`) with `clock`.
    func alertEvaluator(clock: TestClock, settings: AlertSettings = AlertSettings(), storage: (any CollectorStorage)? = nil) throws -> AlertEvaluator {
        try AlertEvaluator(storage: storage ?? self.storage, settings: settings, logger: quietLogger, now: { clock.now })
    }

    /// The real server with `alerts` evaluating after each batch, and `clock` as the collector's clock.
    func withAlertServer<T: Sendable>(_ alerts: AlertEvaluator, clock: TestClock,
                                      _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = buildCollectorApplication(settings: settings, storage: alerts.storage, logger: quietLogger, now: { clock.now }, alerts: alerts)
        return try await app.test(.live) { client in try await body(client) }
    }

    /// A second storage handle on the same database, open while `body` runs.
    func withSecondHandle<T: Sendable>(_ body: (any CollectorStorage) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            return try await body(try SQLiteCollectorStorage(path: databasePath, busyTimeout: settings.busyTimeout))
        case .postgres:
            guard let postgres else { throw FixtureError.status(0, "no PostgreSQL database") }
            let second = try await PostgresCollectorStorage.open(postgres, busyTimeout: settings.busyTimeout, logger: quietLogger)
            return try await second.whileRunning { try await body(second) }
        }
    }
}

extension TestClientProtocol {
    /// `POST uri` with a JSON body (or none).
    func postJSON(_ uri: String, _ body: [UInt8]? = nil) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: body.map { ByteBuffer(bytes: $0) })
    }
}

/// Ratings from seq `first` on with the given scores (one second apart, as `rating(_:)` times them).
func ratings(_ scores: [Int], from first: Int64 = 1) -> [WireRating] {
    scores.enumerated().map { rating(first + Int64($0.offset), score: $0.element) }
}

/// The alert calls of a storage whose database is gone fail like the others.
extension UnavailableStorage {
    func raiseBadRatingsAlerts(deviceID: String, storeID: String, seqs: ClosedRange<Int64>, rule: BadRatingsRule,
                               nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert] { throw failure }
    func updateSeqGapAlerts(store: (deviceID: String, storeID: String)?, rule: SeqGapRule, nowMillis: Int64,
                            queueWebhook: Bool) async throws -> [Alert] { throw failure }
    func updateSilentTerminalAlerts(rule: SilentTerminalRule, nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert] { throw failure }
    func alerts(_ filter: AlertFilter, after cursor: Int64, limit: Int) async throws -> [Alert] { throw failure }
    func acknowledgeAlert(id: Int64, by: String?, note: String?, atMillis: Int64) async throws -> Alert? { throw failure }
    func claimAlertDelivery(nowMillis: Int64, leaseMillis: Int64) async throws -> AlertDelivery? { throw failure }
    func finishAlertDelivery(alertID: Int64, delivered: Bool, error: String?, retryAtMillis: Int64, nowMillis: Int64) async throws {
        throw failure
    }
}
