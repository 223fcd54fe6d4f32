import CollectorCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RatingCore
import RatingWire
@testable import TerminalApp
import TerminalStore
import TerminalSync
import Testing

/// A counter-mode session's records through the real store, the real uploader (libcurl) and the
/// real collector, read back from its pull API over HTTP.
struct CounterSessionEndToEndTests {
    let deviceID = "HN-BD-Q3"
    let secret = DeviceSecret.random()

    @Test func ratingWithTicketReasonBurstAndUnratedServiceArriveExactlyOnce() async throws {
        let collector = try await TestCollector.start(devices: [deviceID: secret])
        defer { Task { await collector.stop() } }
        let clock = SteppedClock()
        let store = try RatingStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("counter-\(UUID().uuidString).sqlite").path)
        var driver = SessionDriver(store: store, clock: clock, placement: Placement(deviceID: deviceID, site: "Ba Đình", counter: "Quầy 3"))
        await driver.run { $0.start(at: $1) }
        clock.set(0); await driver.run { $0.serviceEnded(ticket: "A017", staff: "nv07", at: $1) }
        clock.set(1); await driver.press(2)                      // counted, asked why
        clock.set(4); await driver.press(1)                      // waiting time: a reason amendment
        clock.set(20); await driver.run { $0.serviceEnded(ticket: "A018", staff: "nv07", at: $1) }
        clock.set(60); await driver.run { $0.tick(at: $1) }      // A018's window expired unrated
        clock.set(100); await driver.run { $0.serviceEnded(ticket: "A019", staff: "nv09", at: $1) }
        for second in 101...106 { clock.set(UInt64(second)); await driver.press(5) } // the clerk inflates: a burst

        let queue = StoreUploadQueue(store: store, clock: clock)
        let settings = UploaderSettings(collectorURL: collector.url, deviceID: deviceID, secret: secret, idleInterval: .seconds(60),
                                        startupDelayMax: .zero, maxBatch: 3, backoff: Backoff(base: .milliseconds(20), cap: .milliseconds(200)))
        var logger = Logger(label: "uploader")
        logger.logLevel = .critical
        let uploader = Uploader(settings: settings, queue: queue, transport: try CurlTransport(), clock: clock, logger: logger)
        let task = Task { await uploader.run() }
        defer { task.cancel() }
        for await report in uploader.attempts where report.succeeded && report.remaining == 0 { break }
        #expect(try await store.unsentRecordCount() == 0)

        let shown = try await get("/v1/ratings", from: collector, as: RatingsPage.self)
        #expect(shown.ratings.count == 1, "only the counted, unflagged press: \(shown.ratings.map(\.seq))")
        let rated = try #require(shown.ratings.first)
        #expect(rated.score == 2 && rated.ticket == "A017" && rated.staff == "nv07" && rated.reason == "waiting_time")
        #expect(rated.windowOpenedAt?.monotonicNanos == 0 && rated.time.monotonicNanos == 1_000_000_000)
        #expect(shown.withdrawn.map(\.flags) == [["burst"]], "A019's counted press, flagged burst afterwards")

        let all = try await get("/v1/ratings?include_flagged=true", from: collector, as: RatingsPage.self)
        #expect(all.ratings.count == 7 && Set(all.ratings.map(\.id)).count == 7, "every press exactly once")
        #expect(Set(all.ratings.map(\.seq)) == Set(1...7))
        let burst = all.ratings.filter { $0.flags.contains("burst") }
        #expect(burst.count == 6 && burst.allSatisfy { $0.ticket == "A019" && $0.staff == "nv09" })

        let services = try await get("/v1/services", from: collector, as: ServicesPage.self).unratedServices
        #expect(services.map(\.ticket) == ["A018"] && services.first?.staff == "nv07")
        #expect(services.first?.openedAt.monotonicNanos == 20_000_000_000 && services.first?.closedAt.monotonicNanos == 50_000_000_000)
    }

    func get<T: Decodable>(_ path: String, from collector: TestCollector, as type: T.Type) async throws -> T {
        let url = try #require(URL(string: collector.url + path))
        let (data, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return try WireCoding.decode(type, from: Array(data))
    }
}

/// A device clock the test moves by hand (whole seconds of one boot).
final class SteppedClock: DeviceClock, @unchecked Sendable {
    // SAFETY: `seconds` is guarded by `lock`.
    private let lock = NSLock()
    private var seconds: UInt64 = 0

    func set(_ value: UInt64) { lock.withLock { seconds = value } }

    var instant: MonotonicInstant { MonotonicInstant(nanoseconds: lock.withLock { seconds } * 1_000_000_000) }

    func now() -> DeviceTime {
        let current = lock.withLock { seconds }
        return DeviceTime(wallMillis: 1_700_000_000_000 + Int64(current) * 1000, bootID: "boot-1",
                          monotonicNanos: current * 1_000_000_000, clockSynced: true)
    }
}

/// Performs a session's actions on the real store the way `PressLoop` does (records, amendments, unrated services).
struct SessionDriver {
    let store: RatingStore
    let clock: SteppedClock
    let placement: Placement
    var session = Session(settings: SessionSettings(mode: .counter, thanks: .seconds(1)))
    var seqs: [PressID: Int64] = [:]

    init(store: RatingStore, clock: SteppedClock, placement: Placement) {
        self.store = store
        self.clock = clock
        self.placement = placement
    }

    mutating func press(_ value: Int) async {
        guard let score = Score(value) else { return }
        await run { $0.press(score, at: $1) }
    }

    mutating func run(_ input: (inout Session, MonotonicInstant) -> [SessionAction]) async {
        let actions = input(&session, clock.instant)
        await perform(actions)
    }

    private mutating func perform(_ actions: [SessionAction]) async {
        let additions = OutboxAdditions(store: store, logger: Logger(label: "driver"))
        for action in actions {
            let now = clock.now()
            switch action {
            case .record(let request):
                let draft = RatingDraft(score: request.score, flags: request.flags, time: now.placing(request.pressedAt),
                                        service: request.window.map { ServiceRecord(window: $0, now: now) })
                guard let rating = try? await store.append(draft, placement: placement) else {
                    Issue.record("append failed")
                    return
                }
                seqs[request.id] = rating.seq
                await perform(session.recorded(request, at: clock.instant))
            case .amend(let press, let amendment):
                #expect(await additions.amend(press, seq: seqs[press], amendment, at: now))
            case .recordUnratedService(let unrated):
                #expect(await additions.recordUnrated(unrated, now: now))
            case .show, .wake:
                continue
            }
        }
    }
}
