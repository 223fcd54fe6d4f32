import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// The alert hook of `POST /v1/batches` and the evaluator's own loop.
@Suite("Alerts: after-ingest hook and the background loop")
struct AlertIngestHookTests {
    @Test(arguments: Backend.allCases) func failingEvaluationNeverFailsAStoredBatch(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let clock = TestClock(1_700_000_123_456)
        // The evaluator's database is gone; the ingest's is fine.
        let broken = try fixture.alertEvaluator(clock: clock, storage: UnavailableStorage(secret: fixture.secret))
        let app = buildCollectorApplication(settings: fixture.settings, storage: fixture.storage, logger: quietLogger,
                                            now: { clock.now }, alerts: broken)
        let secret = fixture.secret
        try await app.test(.live) { client async throws in
            let response = try await client.postBatch(batch(ratings([1, 1, 1, 1])), secret: secret)
            #expect(response.status == .ok)
            #expect(try response.decoded(UploadReply.self).ackedThrough == 4)
        }
        await broken.settle()
        await #expect(throws: CollectorStorageError.self) {
            try await broken.evaluateAfterIngest(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID, seqs: 1...4)
        }
        #expect(try await fixture.storage.storedCounts(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID).ratings == 4)
    }

    @Test(.timeLimit(.minutes(1)), arguments: Backend.allCases) func backgroundLoopDeliversANewAlert(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let receiver = AlertWebhookTests.Receiver(statuses: [])
        try await AlertWebhookTests.withReceiver(receiver) { url in
            let settings = AlertSettings(webhookURL: url, evaluationInterval: .seconds(60), deliveryPollInterval: .milliseconds(20))
            let alerts = try AlertEvaluator(storage: fixture.storage, settings: settings, logger: quietLogger)
            let loop = Task { await alerts.run() }
            defer { loop.cancel() }
            let secret = fixture.secret
            try await fixture.withAlertServer(alerts, clock: TestClock(collectorWallMillisNow())) { client async throws in
                #expect(try await client.postBatch(batch(ratings([1, 2, 1, 2])), secret: secret).status == .ok)
            }
            let body = try #require(await receiver.next())
            let sent = try WireCoding.decode(AlertEnvelope.self, from: body)
            #expect(sent.alert.kind == .badRatings)
            #expect(sent.alert.detail.lowRatings == 4)
        }
    }
}
