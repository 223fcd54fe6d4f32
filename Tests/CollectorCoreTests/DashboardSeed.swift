import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire

/// A known set of ratings for the dashboard suites: three uploading terminals on two sites, one silent,
/// flagged presses (own flags and a burst amendment), reasons (one amended twice), counter-mode
/// windows with unrated services, a rating outside the period, and presses near local midnight.
///
/// Times are relative to the fixture's fixed collector clock (``now``) in the office's zone (+07:00),
/// and each device's monotonic clock agrees with its wall clock (one boot, synchronised), so any
/// time reconstruction leaves them where they are.
struct DashboardSeed {
    /// The fixture's collector clock: 2023-11-14 22:15:23 UTC, 2023-11-15 05:15 at +07:00.
    static let now: Int64 = 1_700_000_123_456
    static let offsetSeconds = 7 * 3600
    static let siteA = "Điện lực Ba Đình"
    static let siteB = "Điện lực Hoàn Kiếm"
    /// A counter name a hostile or careless config could send.
    static let hostileCounter = "<script>alert('x')</script> & \"Quầy\""
    static let secondDevice = "HN-HK-Q1"
    /// The counter-mode terminal of Quầy 2, site A.
    static let counterModeDevice = "HN-BD-Q2"
    /// Registered, never uploaded: silent.
    static let silentDevice = "HN-CG-Q9"

    /// One press as the seed describes it.
    struct Press {
        var site: String
        var counter: String
        var score: Int
        var wallMillis: Int64
        var flags: [String] = []
        var windowed = false
        /// Reason amendments in the order sent (the last one counts).
        var reasons: [String] = []
        /// A burst flag amendment arrives later.
        var burst = false

        var isFlagged: Bool { !flags.isEmpty || burst }
    }

    /// The UTC instant of local `hour:minute` `daysAgo` local days before today.
    static func local(daysAgo: Int, hour: Int, minute: Int = 0) -> Int64 {
        let offset = Int64(offsetSeconds) * 1000
        let today = (now + offset) / 86_400_000
        return (today - Int64(daysAgo)) * 86_400_000 + Int64(hour) * 3_600_000 + Int64(minute) * 60_000 - offset
    }

    /// Presses of the fixture device (site A), then of the second device (site B).
    static let firstDevicePresses: [Press] = {
        var presses: [Press] = []
        // Quầy 1, kiosk mode: 16 counted presses over two weeks (scores 5,4,5,3,2,…), CSAT 10 of 16.
        let scores = [5, 4, 5, 3, 2, 5, 4, 1, 5, 4, 3, 5, 2, 4, 5, 3]
        for (index, score) in scores.enumerated() {
            presses.append(Press(site: siteA, counter: "Quầy 1", score: score, wallMillis: local(daysAgo: 1 + index, hour: 8 + index % 9, minute: 10)))
        }
        // Local midnight edges: 23:30 and 00:30 are on different local days (same UTC day).
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 4, wallMillis: local(daysAgo: 3, hour: 23, minute: 30)))
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 5, wallMillis: local(daysAgo: 2, hour: 0, minute: 30)))
        // Flagged: own flags, and one flagged later by a burst amendment.
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 1, wallMillis: local(daysAgo: 2, hour: 9), flags: ["repeat"]))
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 1, wallMillis: local(daysAgo: 2, hour: 9, minute: 1), flags: ["repeat"]))
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 5, wallMillis: local(daysAgo: 4, hour: 10), burst: true))
        // Reasons: one answered, one amended twice (the later answer counts), one flagged (left out).
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 1, wallMillis: local(daysAgo: 5, hour: 11), reasons: ["waiting_time"]))
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 2, wallMillis: local(daysAgo: 6, hour: 11),
                             reasons: ["other", "staff_attitude"]))
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 1, wallMillis: local(daysAgo: 6, hour: 12), flags: ["repeat"],
                             reasons: ["procedure"]))
        // Outside the 28-day period.
        presses.append(Press(site: siteA, counter: "Quầy 1", score: 1, wallMillis: local(daysAgo: 40, hour: 9)))
        return presses.sorted { $0.wallMillis < $1.wallMillis }
    }()

    /// Quầy 2 of site A, counter mode on its own terminal: three windowed ratings (too few); its
    /// unrated services are ``unratedServiceTimes``.
    static let counterModePresses: [Press] = [4, 5, 2].enumerated().map { index, score in
        Press(site: siteA, counter: "Quầy 2", score: score, wallMillis: local(daysAgo: 1 + index, hour: 14), windowed: true)
    }

    static let secondDevicePresses: [Press] = {
        // Site B, one counter with a hostile name: 11 presses, 9 satisfied.
        [5, 5, 4, 4, 5, 4, 5, 1, 2, 5, 4].enumerated().map { index, score in
            Press(site: siteB, counter: hostileCounter, score: score, wallMillis: local(daysAgo: 1 + index, hour: 10 + index % 5))
        }
    }()

    /// Unrated services of the counter-mode terminal (Quầy 2): closed in the period, and one long before it.
    static let unratedServiceTimes: [Int64] = [local(daysAgo: 1, hour: 15), local(daysAgo: 2, hour: 15), local(daysAgo: 50, hour: 15)]

    /// The presses of both devices.
    static var allPresses: [Press] { firstDevicePresses + counterModePresses + secondDevicePresses }

    /// The local day (days since 1970 at +07:00) and hour of an instant, by Foundation's calendar (not the code under test).
    static func localDayAndHour(_ millis: Int64) -> (day: Int64, hour: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetSeconds) ?? .gmt
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let midnight = utc.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day)) ?? date
        return (Int64((midnight.timeIntervalSince1970 / 86400).rounded()), parts.hour ?? -1)
    }

    /// Registers the second device and uploads everything through the real ingest endpoint.
    static func upload(_ fixture: CollectorFixture, client: some TestClientProtocol) async throws {
        let second = DeviceSecret.random()
        try await fixture.storage.addDevice(id: secondDevice, secret: second, addedAtMillis: now - 86_400_000)
        try await fixture.storage.addDevice(id: silentDevice, secret: DeviceSecret.random(), addedAtMillis: now - 86_400_000)
        let counterMode = DeviceSecret.random()
        try await fixture.storage.addDevice(id: counterModeDevice, secret: counterMode, addedAtMillis: now - 86_400_000)
        let uploads = [
            (makeBatch(firstDevicePresses, deviceID: CollectorFixture.deviceID, queueDepth: 0, synced: true, services: []), fixture.secret),
            (makeBatch(counterModePresses, deviceID: counterModeDevice, queueDepth: 0, synced: true, services: unratedServiceTimes), counterMode),
            (makeBatch(secondDevicePresses, deviceID: secondDevice, queueDepth: 7, synced: false, services: []), second),
        ]
        for (body, secret) in uploads {
            let device = body.deviceID
            let response = try await client.postBatch(try WireCoding.encode(body), secret: secret, deviceID: device)
            guard response.status == .ok else { throw FixtureError.status(response.status.code, response.text) }
            let reply = try response.decoded(UploadReply.self)
            guard reply.rejected.isEmpty, reply.ackedThrough == Int64(body.ratings.count) else {
                throw FixtureError.status(0, "seed not stored whole: \(response.text)")
            }
        }
    }

    /// The boot all seed clocks belong to: started 60 days before ``now``.
    static let bootStart = now - 60 * 86_400_000

    static func wireTime(_ millis: Int64, synced: Bool = true) -> WireTime {
        WireTime(wallMillis: millis, bootID: "seed-boot", monotonicNanos: UInt64(millis - bootStart) * 1_000_000, synced: synced)
    }

    static func makeBatch(_ presses: [Press], deviceID: String, queueDepth: Int, synced: Bool, services: [Int64]) -> UploadBatch {
        var ratings: [WireRating] = []
        var amendments: [WireAmendment] = []
        for (index, press) in presses.enumerated() {
            let seq = Int64(index + 1)
            var record = WireRating(seq: seq, id: "\(deviceID)-\(seq)", score: press.score, flags: press.flags, site: press.site,
                                    counter: press.counter, time: wireTime(press.wallMillis))
            if press.windowed {
                record.window = WireWindow(ticket: "A\(seq)", staff: "nv07", openedAt: wireTime(press.wallMillis - 60_000))
            }
            ratings.append(record)
            let changes = press.reasons.map { ("reason", $0) } + (press.burst ? [("flag", "burst")] : [])
            for (offset, change) in changes.enumerated() {
                amendments.append(WireAmendment(seq: Int64(amendments.count + 1), ratingSeq: seq, kind: change.0, value: change.1,
                                                time: wireTime(press.wallMillis + 5_000 + Int64(offset) * 1000)))
            }
        }
        let unrated = services.enumerated().map { index, closed in
            WireUnratedService(seq: Int64(index + 1), ticket: "B\(index)", staff: "nv07", openedAt: wireTime(closed - 30_000), closedAt: wireTime(closed))
        }
        var value = UploadBatch(version: WireFormat.version, deviceID: deviceID, storeID: "seed-store", sentAt: wireTime(now - 60_000, synced: synced),
                                queueDepth: queueDepth, ratings: ratings)
        value.amendments = amendments
        value.unratedServices = unrated
        return value
    }
}
