import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire
import Testing

/// Webhook delivery against a real HTTP receiver on loopback, on both backends.
@Suite("Alerts: webhook delivery with retries")
struct AlertWebhookTests {
    /// What the receiver got, and the statuses it answers in turn (then 200).
    actor Receiver {
        var bodies: [[UInt8]] = []
        var contentTypes: [String] = []
        var statuses: [HTTPResponse.Status]
        /// Each body, as it arrives.
        let arrivals: AsyncStream<[UInt8]>
        private let arrived: AsyncStream<[UInt8]>.Continuation

        init(statuses: [HTTPResponse.Status]) {
            self.statuses = statuses
            (arrivals, arrived) = AsyncStream.makeStream()
        }

        func receive(_ body: [UInt8], contentType: String?) -> HTTPResponse.Status {
            bodies.append(body)
            contentTypes.append(contentType ?? "")
            arrived.yield(body)
            return statuses.isEmpty ? .ok : statuses.removeFirst()
        }

        /// Waits for the next body to arrive (`nil` if the stream ended).
        nonisolated func next() async -> [UInt8]? {
            var iterator = arrivals.makeAsyncIterator()
            return await iterator.next()
        }
    }

    /// Runs a receiver app on a free loopback port; `body` gets its URL.
    static func withReceiver<T: Sendable>(_ receiver: Receiver, _ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 1 << 20)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            let status = await receiver.receive(bytes, contentType: request.headers[.contentType])
            return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: status == .ok ? "thanks" : "receiver down")))
        }
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)), logger: quietLogger)
        return try await app.test(.live) { client async throws in
            let port = try #require(client.port)
            return try await body("http://127.0.0.1:\(port)/hook")
        }
    }

    @Test(arguments: Backend.allCases) func alertIsDeliveredOnceAfterARetry(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let receiver = Receiver(statuses: [.internalServerError])
        let clock = TestClock(1_700_000_123_456)
        try await Self.withReceiver(receiver) { url in
            let alerts = try fixture.alertEvaluator(clock: clock, settings: AlertSettings(webhookURL: url, webhookTimeout: .seconds(5)))
            let secret = fixture.secret
            try await fixture.withAlertServer(alerts, clock: clock) { client async throws in
                #expect(try await client.postBatch(batch(ratings([2, 1, 5, 1])), secret: secret).status == .ok)
            }
            await alerts.settle()
            #expect(try await alerts.deliverDue() == 0) // the receiver answered 500
            var stored = try #require(try await fixture.storage.alerts(.all, after: 0, limit: 10).first)
            #expect(stored.delivery?.attempts == 1)
            #expect(stored.delivery?.deliveredAtMillis == nil)
            #expect(stored.delivery?.lastError?.contains("500") == true)
            #expect(stored.delivery?.nextAttemptAtMillis == clock.now + 10_000)
            clock.set(clock.now + 9_999)
            #expect(try await alerts.deliverDue() == 0) // not yet due: nothing sent
            clock.set(clock.now + 1)
            #expect(try await alerts.deliverDue() == 1)
            clock.advance(minutes: 60)
            #expect(try await alerts.deliverDue() == 0) // delivered: never sent again
            stored = try #require(try await fixture.storage.alerts(.all, after: 0, limit: 10).first)
            #expect(stored.delivery?.attempts == 2)
            #expect(stored.delivery?.deliveredAtMillis == 1_700_000_133_456)
            #expect(stored.delivery?.lastError == nil)

            let bodies = await receiver.bodies
            #expect(bodies.count == 2)
            #expect(bodies.first == bodies.last)
            #expect(await receiver.contentTypes == ["application/json", "application/json"])
            let sent = try WireCoding.decode(AlertEnvelope.self, from: try #require(bodies.last))
            #expect(sent.alert.id == stored.id)
            #expect(sent.alert.kind == .badRatings)
            #expect(sent.alert.subject == AlertSubject(site: "Điện lực Ba Đình", counter: "Quầy 3"))
            #expect(sent.alert.openedAt == "2023-11-14T22:15:23.456Z")
            #expect(sent.alert.detail.lowRatings == 3)
            #expect(sent.alert.webhook == nil)
            let lastBody = try #require(bodies.last)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(lastBody)) as? [String: Any])
            #expect(object.keys.sorted() == ["alert"])
        }
    }

    @Test(arguments: Backend.allCases) func twoInstancesClaimingAtOnceTakeADeliveryOnce(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client async throws in
            #expect(try await client.postBatch(batch(ratings([1, 1, 1, 1])), secret: secret).status == .ok)
        }
        let now: Int64 = 1_700_000_123_456
        let raised = try await fixture.storage.raiseBadRatingsAlerts(deviceID: CollectorFixture.deviceID, storeID: CollectorFixture.storeID,
                                                                     seqs: 1...4, rule: BadRatingsRule(), nowMillis: now, queueWebhook: true)
        #expect(raised.count == 1)
        let claims = try await fixture.withSecondHandle { second in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for round in 0..<8 {
                    let storage = round % 2 == 0 ? fixture.storage : second
                    group.addTask { try await storage.claimAlertDelivery(nowMillis: now, leaseMillis: 40_000) == nil ? 0 : 1 }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(claims == 1)
        // The claim is a lease: if its instance never reports back, another takes it once the lease is over.
        #expect(try await fixture.storage.claimAlertDelivery(nowMillis: now + 39_999, leaseMillis: 40_000) == nil)
        #expect(try await fixture.storage.claimAlertDelivery(nowMillis: now + 40_000, leaseMillis: 40_000)?.attempt == 2)
    }

    @Test func webhookURLMustBeHTTPWithAHost() {
        #expect(throws: AlertWebhookError.self) { try AlertWebhook(url: "ftp://example.com/x") }
        #expect(throws: AlertWebhookError.self) { try AlertWebhook(url: "not a url") }
        #expect(throws: Never.self) { try AlertWebhook(url: "https://ops.example.vn/hooks/ratings") }
    }
}
