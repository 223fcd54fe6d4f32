import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire
import Testing

@Suite("GET /metrics counts what POST /v1/batches did")
struct MetricsTests {
    /// The samples of a Prometheus text exposition: series (`name{labels}` as written) → value.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test(arguments: Backend.allCases) func countersFollowStoredReplayedClashingAndRefusedBatches(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let first = batch([rating(1), rating(2), rating(3)])
            #expect(try await client.postBatch(first, secret: secret).status == .ok)
            #expect(try await client.postBatch(first, secret: secret).status == .ok)
            // seq 2 again with another score: set aside.
            #expect(try await client.postBatch(batch([rating(2, score: 1)]), secret: secret).status == .ok)
            #expect(try await client.postBatch(first, secret: DeviceSecret.random()).status == .unauthorized)
            #expect(try await client.postBatch(try WireCoding.encode(first), secret: secret, encoding: "br").status == .unsupportedMediaType)

            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = Self.samples(response.text)
            #expect(samples["rating_collector_ratings_inserted_total"] == 3)
            #expect(samples["rating_collector_ratings_duplicate_total"] == 3)
            #expect(samples[#"rating_collector_records_set_aside_total{kind="rating"}"#] == 1)
            #expect(samples[#"rating_collector_batches_total{outcome="stored",code="200"}"#] == 3)
            #expect(samples[#"rating_collector_batches_total{outcome="unauthorised",code="401"}"#] == 1)
            #expect(samples[#"rating_collector_batches_total{outcome="unsupported_encoding",code="415"}"#] == 1)
            #expect(samples["rating_collector_batch_duration_seconds_count"] == 5)
            #expect(samples[#"rating_collector_device_queue_depth{device="HN-BD-Q3"}"#] == 1)
            // Received at …123_456; the last batch's newest rating (seq 2) has device time …002_000.
            #expect(samples[#"rating_collector_device_lag_seconds{device="HN-BD-Q3"}"#] == 121.456)
        }
    }

    @Test func metricsNeedNoAdminToken() async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.adminToken = "a-token-of-enough-length"
        let fixture = try await CollectorFixture(settings: settings)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("rating_collector_ratings_inserted_total 0"))
        }
    }
}
