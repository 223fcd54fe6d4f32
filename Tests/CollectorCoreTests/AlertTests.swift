import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// Alerts raised from stored data, listed and acknowledged through the API, on both backends.
@Suite("Alerts: rules on stored data, list and acknowledge")
struct AlertTests {
    /// 2023-11-14T22:15:23.456Z, Wednesday 05:15 in Hà Nội (before opening).
    static let start: Int64 = 1_700_000_123_456

    @Test(arguments: Backend.allCases) func badRatingsBatchRaisesOneAlertAndItsReplayNone(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let clock = TestClock(Self.start)
        let alerts = try fixture.alertEvaluator(clock: clock)
        let secret = fixture.secret
        try await fixture.withAlertServer(alerts, clock: clock) { client async throws in
            let sent = batch(ratings([5, 1, 4, 2]))
            #expect(try await client.postBatch(sent, secret: secret).status == .ok)
            await alerts.settle()
            #expect(try await client.postBatch(sent, secret: secret).status == .ok)
            await alerts.settle()
            let page = try await client.getJSON("/v1/alerts", as: AlertsPage.self)
            #expect(page.alerts.count == 1)
            let alert = try #require(page.alerts.first)
            #expect(alert.kind == .badRatings)
            #expect(alert.subject == AlertSubject(site: "Điện lực Ba Đình", counter: "Quầy 3"))
            #expect(alert.detail.ratings == 4)
            #expect(alert.detail.lowRatings == 2)
            #expect(alert.detail.windowStart == "2023-11-14T22:13:21.000Z")
            #expect(alert.openedAt == "2023-11-14T22:15:23.456Z")
            #expect(alert.webhook == nil) // no webhook configured
            #expect(page.nextCursor == String(alert.id))
        }
    }

    @Test(arguments: Backend.allCases) func flaggedAndTooFewRatingsRaiseNothing(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let clock = TestClock(Self.start)
        let alerts = try fixture.alertEvaluator(clock: clock)
        let secret = fixture.secret
        try await fixture.withAlertServer(alerts, clock: clock) { client async throws in
            var sent = ratings([1, 1, 1])
            sent.append(rating(4, score: 1, flags: ["repeat"]))
            #expect(try await client.postBatch(batch(sent), secret: secret).status == .ok)
            await alerts.settle()
            #expect(try await client.getJSON("/v1/alerts", as: AlertsPage.self).alerts.isEmpty)
            // A fourth counted low rating completes the window.
            #expect(try await client.postBatch(batch([rating(5, score: 2)]), secret: secret).status == .ok)
            await alerts.settle()
            #expect(try await client.getJSON("/v1/alerts", as: AlertsPage.self).alerts.map(\.detail.ratings) == [4])
        }
    }

    @Test(arguments: Backend.allCases) func twoInstancesEvaluatingAtOnceStoreOneAlert(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client async throws in
            #expect(try await client.postBatch(batch(ratings([1, 2, 1, 2, 5, 1])), secret: secret).status == .ok)
        }
        let raised = try await fixture.withSecondHandle { second in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for round in 0..<8 {
                    let storage = round % 2 == 0 ? fixture.storage : second
                    group.addTask {
                        try await storage.raiseBadRatingsAlerts(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID, seqs: 1...6,
                                                                rule: BadRatingsRule(), nowMillis: Self.start, queueWebhook: true).count
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(raised == 1)
        let stored = try await fixture.storage.alerts(.all, after: 0, limit: 10)
        #expect(stored.count == 1)
        #expect(stored.first?.delivery?.attempts == 0)
    }

    @Test(arguments: Backend.allCases) func acknowledgeIsIdempotentAndUnknownIdsAre404(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let clock = TestClock(Self.start)
        let alerts = try fixture.alertEvaluator(clock: clock)
        let secret = fixture.secret
        try await fixture.withAlertServer(alerts, clock: clock) { client async throws in
            #expect(try await client.postBatch(batch(ratings([1, 1, 1, 1])), secret: secret).status == .ok)
            await alerts.settle()
            let id = try #require(try await client.getJSON("/v1/alerts?open=true", as: AlertsPage.self).alerts.first?.id)
            clock.advance(minutes: 5)
            let first = try await client.postJSON("/v1/alerts/\(id)/acknowledge", Array(#"{"by": "Chị Lan", "note": "đã gọi quầy 3"}"#.utf8))
            #expect(first.status == .ok)
            let acknowledged = try first.decoded(AlertEnvelope.self).alert
            #expect(acknowledged.acknowledgedBy == "Chị Lan")
            #expect(acknowledged.note == "đã gọi quầy 3")
            #expect(acknowledged.acknowledgedAt == "2023-11-14T22:20:23.456Z")
            clock.advance(minutes: 5)
            let second = try await client.postJSON("/v1/alerts/\(id)/acknowledge")
            #expect(second.status == .ok)
            #expect(try second.decoded(AlertEnvelope.self).alert == acknowledged)
            #expect(try await client.getJSON("/v1/alerts?open=true", as: AlertsPage.self).alerts.isEmpty)
            #expect(try await client.getJSON("/v1/alerts?open=false", as: AlertsPage.self).alerts.map(\.id) == [id])
            #expect(try await client.getJSON("/v1/alerts?after=\(id)", as: AlertsPage.self).alerts.isEmpty)
            let unknown = try await client.postJSON("/v1/alerts/\(id + 100)/acknowledge")
            #expect(unknown.status == .notFound)
            #expect(try unknown.errorReason().contains("no alert"))
            let malformed = try await client.postJSON("/v1/alerts/\(id)/acknowledge", Array("by=me".utf8))
            #expect(malformed.status == .badRequest)
            #expect(try await client.execute(uri: "/v1/alerts?open=maybe", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/v1/alerts?limit=0", method: .get).status == .badRequest)
        }
    }

    @Test(arguments: Backend.allCases) func silentTerminalDuringOpeningHoursAlertsAndResolvesOnUpload(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let clock = TestClock(Self.start)
        let alerts = try fixture.alertEvaluator(clock: clock)
        let secret = fixture.secret
        try await fixture.withAlertServer(alerts, clock: clock) { client async throws in
            #expect(try await client.postBatch(batch([rating(1)]), secret: secret).status == .ok)
            await alerts.settle()
            // Uploaded at 05:15 local; opening at 07:30: 2 h 15 min of closed time, then 29 minutes open.
            clock.advance(minutes: 135 + 29)
            #expect(try await alerts.evaluatePeriodic().isEmpty)
            clock.advance(minutes: 2)
            let raised = try await alerts.evaluatePeriodic()
            #expect(raised.map(\.kind) == [.silentTerminal])
            #expect(raised.first?.subject == AlertSubject(deviceID: CollectorFixture.deviceID))
            #expect(raised.first?.detail.lastUploadAt == "2023-11-14T22:15:23.456Z")
            #expect(try await alerts.evaluatePeriodic().isEmpty) // the same silence, once
            #expect(try await client.postBatch(batch([rating(2)]), secret: secret).status == .ok)
            await alerts.settle()
            clock.advance(minutes: 1)
            #expect(try await alerts.evaluatePeriodic().isEmpty)
            let listed = try await client.getJSON("/v1/alerts", as: AlertsPage.self).alerts
            #expect(listed.count == 1)
            #expect(listed.first?.resolvedAt != nil)
            #expect(try await client.getJSON("/v1/alerts?open=true", as: AlertsPage.self).alerts.isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func seqGapAlertsAfterThirtyMinutesAndResolvesWhenTheSeqArrives(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let clock = TestClock(Self.start)
        let alerts = try fixture.alertEvaluator(clock: clock)
        let secret = fixture.secret
        try await fixture.withAlertServer(alerts, clock: clock) { client async throws in
            let reply = try await client.postBatch(batch([rating(1), rating(2), rating(4)]), secret: secret)
            #expect(try reply.decoded(UploadReply.self).ackedThrough == 2)
            await alerts.settle()
            clock.advance(minutes: 29)
            #expect(try await alerts.evaluatePeriodic().filter { $0.kind == .seqGap }.isEmpty)
            clock.advance(minutes: 2)
            let raised = try await alerts.evaluatePeriodic().filter { $0.kind == .seqGap }
            #expect(raised.count == 1)
            let gap = try #require(raised.first)
            #expect(gap.subject == AlertSubject(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID))
            #expect(gap.detail.missingFromSeq == 3)
            #expect(gap.detail.missingThroughSeq == 3)
            #expect(gap.detail.gapSeenAt == "2023-11-14T22:15:23.456Z")
            #expect(try await client.postBatch(batch([rating(3)]), secret: secret).status == .ok)
            await alerts.settle()
            let listed = try await client.getJSON("/v1/alerts", as: AlertsPage.self).alerts.filter { $0.kind == .seqGap }
            #expect(listed.map(\.id) == [gap.id])
            #expect(listed.first?.resolvedAt == "2023-11-14T22:46:23.456Z")
            #expect(try await client.getJSON("/v1/alerts?open=true", as: AlertsPage.self).alerts.filter { $0.kind == .seqGap }.isEmpty)
        }
    }
}
