import Hummingbird
import Prometheus

/// The collector's Prometheus metrics, served at `GET /metrics` (text format 0.0.4).
///
/// Per instance, as usual for Prometheus: each instance counts what it handled and the
/// scraper sums over instances. Names:
/// - `rating_collector_batches_total{outcome,code}`: `POST /v1/batches` answers; outcome is
///   `stored`, `unauthorised`, `rate_limited`, `too_large`, `unsupported_encoding`, `unavailable`,
///   `refused` (another 4xx) or `error` (another 5xx).
/// - `rating_collector_ratings_inserted_total`: ratings newly stored.
/// - `rating_collector_ratings_duplicate_total`: ratings that arrived again, identical to the one held.
/// - `rating_collector_records_set_aside_total{kind}`: records set aside (listed in the reply's rejected lists).
/// - `rating_collector_batch_duration_seconds`: histogram of the time to answer `POST /v1/batches`.
/// - `rating_collector_device_lag_seconds{device}`: for the device's last stored batch with ratings,
///   the collector's receipt time minus the newest rating's device wall time (how far behind the device's uploads run).
/// - `rating_collector_device_queue_depth{device}`: the queue depth the device reported in its last stored batch.
public final class CollectorMetrics: Sendable {
    /// The registry behind `GET /metrics`.
    public let registry: PrometheusCollectorRegistry
    private let inserted: Counter
    private let duplicates: Counter
    private let duration: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        inserted = registry.makeCounter(descriptor: Self.name("ratings_inserted", "total", "Ratings newly stored."))
        duplicates = registry.makeCounter(descriptor: Self.name("ratings_duplicate", "total",
                                                                "Ratings that arrived again, identical to the one already held."))
        duration = registry.makeDurationHistogram(
            descriptor: Self.name("batch_duration", "seconds", "Time to answer POST /v1/batches."),
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10)])
    }

    /// Counts one answered `POST /v1/batches`.
    func batchAnswered(status: HTTPResponse.Status, after elapsed: Duration) {
        duration.record(elapsed)
        registry.makeCounter(descriptor: Self.name("batches", "total", "POST /v1/batches answers by outcome."),
                             labels: [("outcome", Self.outcome(of: status)), ("code", String(status.code))]).increment()
    }

    /// Counts what one stored batch changed and updates its device's gauges.
    func batchStored(_ result: IngestResult, deviceID: String, queueDepth: Int, newestRatingMillis: Int64?, receivedAtMillis: Int64) {
        inserted.increment(by: Int64(result.ratingsInserted))
        duplicates.increment(by: Int64(result.ratingsDuplicate))
        let reply = result.reply
        for (kind, count) in [("rating", reply.rejected.count), ("amendment", reply.rejectedAmendments.count),
                              ("unrated_service", reply.rejectedUnratedServices.count),
                              ("device_event", reply.rejectedDeviceEvents.count)] where count > 0 {
            registry.makeCounter(descriptor: Self.name("records_set_aside", "total", "Records set aside instead of stored, by kind."),
                                 labels: [("kind", kind)]).increment(by: Int64(count))
        }
        let device = [("device", deviceID)]
        registry.makeGauge(descriptor: Self.name("device_queue_depth", "", "Queue depth the device reported in its last stored batch."),
                           labels: device).set(Int64(queueDepth))
        if let newestRatingMillis {
            registry.makeGauge(descriptor: Self.name("device_lag", "seconds",
                                                     "Receipt time minus the newest rating's device time, in the device's last batch with ratings."),
                               labels: device).set(Double(receivedAtMillis - newestRatingMillis) / 1000)
        }
    }

    /// The text `GET /metrics` serves.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    static func outcome(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 200..<300: return "stored"
        case 401: return "unauthorised"
        case 413: return "too_large"
        case 415: return "unsupported_encoding"
        case 429: return "rate_limited"
        case 503: return "unavailable"
        case 400..<500: return "refused"
        default: return "error"
        }
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "rating_collector", metricName: metric, unitName: unit, helpText: help)
    }
}
