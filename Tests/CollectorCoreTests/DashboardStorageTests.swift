import CollectorCore
import Foundation
import Testing

@Suite("CollectorStorage.dashboardCounts: grouped in SQL, same on both backends")
struct DashboardStorageTests {
    /// The last 28 local days at +07:00, as the dashboard asks.
    static func query(site: String? = nil, counter: String? = nil) -> DashboardQuery {
        let calendar = LocalCalendar(offset: .vietnam)
        let today = calendar.day(ofMillis: DashboardSeed.now)
        return DashboardQuery(fromMillis: calendar.startMillis(ofDay: today - 27), toMillis: calendar.startMillis(ofDay: today + 1),
                              offset: .vietnam, site: site, counter: counter)
    }

    /// The seed's unflagged presses inside the period.
    static func counted(_ query: DashboardQuery) -> [DashboardSeed.Press] {
        DashboardSeed.allPresses.filter {
            !$0.isFlagged && (query.fromMillis..<query.toMillis).contains($0.wallMillis)
                && (query.site == nil || $0.site == query.site) && (query.counter == nil || $0.counter == query.counter)
        }
    }

    @Test(arguments: Backend.allCases) func countsMatchTheSeed(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in try await DashboardSeed.upload(fixture, client: client) }
        let query = Self.query()
        let counts = try await fixture.storage.dashboardCounts(query)
        let presses = Self.counted(query)

        // Per counter and score, with the windowed ones.
        struct Key: Hashable { var site: String, counter: String, score: Int }
        var expected: [Key: (count: Int, windowed: Int)] = [:]
        for press in presses {
            let old = expected[Key(site: press.site, counter: press.counter, score: press.score)] ?? (0, 0)
            expected[Key(site: press.site, counter: press.counter, score: press.score)] = (old.count + 1, old.windowed + (press.windowed ? 1 : 0))
        }
        #expect(counts.counters.count == expected.count)
        for row in counts.counters {
            let want = expected[Key(site: row.site, counter: row.counter, score: row.score)]
            #expect(want?.count == row.count && want?.windowed == row.windowed, "\(row)")
        }

        // Per local day and hour, computed here with Foundation's calendar at +07:00.
        struct Cell: Hashable { var day: Int64, hour: Int, score: Int }
        var cells: [Cell: Int] = [:]
        for press in presses {
            let (day, hour) = DashboardSeed.localDayAndHour(press.wallMillis)
            cells[Cell(day: day, hour: hour, score: press.score), default: 0] += 1
        }
        #expect(Dictionary(counts.hours.map { (Cell(day: $0.day, hour: $0.hour, score: $0.score), $0.count) }, uniquingKeysWith: +) == cells)
        // The presses at local 23:30 and 00:30 (the same UTC day) fall on consecutive local days.
        let late = DashboardSeed.localDayAndHour(DashboardSeed.local(daysAgo: 3, hour: 23, minute: 30))
        let early = DashboardSeed.localDayAndHour(DashboardSeed.local(daysAgo: 2, hour: 0, minute: 30))
        #expect(late.hour == 23 && early.hour == 0 && early.day == late.day + 1)
        #expect(counts.hours.contains { $0.day == late.day && $0.hour == 23 } && counts.hours.contains { $0.day == early.day && $0.hour == 0 })

        // Flagged: two with their own flag, one flagged by a burst amendment, one flagged with a reason.
        #expect(counts.flagged == 4)
        // Reasons: the latest answer of unflagged ratings only.
        #expect(Set(counts.reasons.map { "\($0.reason)=\($0.count)" }) == ["waiting_time=1", "staff_attitude=1"])
        // Unrated services in the period (the one 50 days ago is not).
        #expect(counts.unratedServices == [DeviceCount(deviceID: DashboardSeed.counterModeDevice, count: 2)])
        // Devices: last upload, queue depth, clock and place.
        let devices = Dictionary(uniqueKeysWithValues: counts.devices.map { ($0.id, $0) })
        #expect(devices.count == 4)
        #expect(devices[DashboardSeed.counterModeDevice]?.counter == "Quầy 2")
        #expect(devices[CollectorFixture.deviceID]?.clockSynced == true && devices[CollectorFixture.deviceID]?.queueDepth == 0)
        #expect(devices[CollectorFixture.deviceID]?.site == DashboardSeed.siteA)
        #expect(devices[DashboardSeed.secondDevice]?.clockSynced == false && devices[DashboardSeed.secondDevice]?.queueDepth == 7)
        #expect(devices[DashboardSeed.secondDevice]?.counter == DashboardSeed.hostileCounter)
        #expect(devices[DashboardSeed.secondDevice]?.lastUploadMillis == 1_700_000_123_456)
        let silent = devices[DashboardSeed.silentDevice]
        #expect(silent?.lastUploadMillis == nil && silent?.site == nil && silent?.clockSynced == nil)
    }

    @Test(arguments: Backend.allCases) func siteCounterAndPeriodFiltersApplyInSQL(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in try await DashboardSeed.upload(fixture, client: client) }
        let siteB = try await fixture.storage.dashboardCounts(Self.query(site: DashboardSeed.siteB))
        #expect(Set(siteB.counters.map(\.site)) == [DashboardSeed.siteB])
        #expect(siteB.counters.map(\.count).reduce(0, +) == 11 && siteB.flagged == 0 && siteB.reasons.isEmpty)
        let quay2 = try await fixture.storage.dashboardCounts(Self.query(site: DashboardSeed.siteA, counter: "Quầy 2"))
        #expect(quay2.counters.map(\.count).reduce(0, +) == 3 && quay2.counters.map(\.windowed).reduce(0, +) == 3)
        #expect(quay2.hours.map(\.count).reduce(0, +) == 3)
        // A period with nothing in it.
        var empty = Self.query()
        empty.fromMillis = DashboardSeed.now + 86_400_000
        empty.toMillis = empty.fromMillis + 86_400_000
        let none = try await fixture.storage.dashboardCounts(empty)
        #expect(none.counters.isEmpty && none.hours.isEmpty && none.flagged == 0 && none.unratedServices.isEmpty && none.devices.count == 4)
    }
}
