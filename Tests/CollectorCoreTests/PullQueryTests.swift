import CollectorCore
import Foundation
import HummingbirdTesting
import RatingWire
import Testing

/// `GET /v1/ratings` filtered by site, counter, staff, device and corrected time, as JSON, NDJSON and CSV.
@Suite("GET /v1/ratings filters and formats")
struct PullQueryTests {
    /// Ratings at two sites and counters, one clerk, one minute apart from 2023-11-14T22:13:20Z (seq 1).
    static func mixed() -> [WireRating] {
        (1...6).map { seq -> WireRating in
            var value = rating(Int64(seq), score: seq % 5 + 1)
            value.site = seq <= 3 ? "Điện lực Ba Đình" : "Điện lực Hoàn Kiếm"
            value.counter = seq % 2 == 0 ? "Quầy 1" : "Quầy 2"
            value.time.wallMillis = 1_700_000_000_000 + Int64(seq) * 60_000
            if seq == 4 { value.window = WireWindow(ticket: "=A017", staff: "nv07", openedAt: value.time) }
            return value
        }
    }

    @Test(arguments: Backend.allCases) func eachFilterSelectsOnlyMatchingRatings(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch(Self.mixed()), secret: secret)
            func seqs(_ query: String) async throws -> [Int64] {
                try await client.getJSON("/v1/ratings?\(query)", as: RatingsPage.self).ratings.map(\.seq)
            }
            let site = "%C4%90i%E1%BB%87n%20l%E1%BB%B1c%20Ba%20%C4%90%C3%ACnh" // Điện lực Ba Đình
            #expect(try await seqs("site=\(site)") == [1, 2, 3])
            #expect(try await seqs("site=\(site)&counter=Qu%E1%BA%A7y%201") == [2])
            #expect(try await seqs("staff=nv07") == [4])
            #expect(try await seqs("device=\(CollectorFixture.deviceID)").count == 6)
            #expect(try await seqs("device=other").isEmpty)
            // from inclusive, until exclusive, by corrected time (the clocks were synchronised: their own wall time).
            #expect(try await seqs("from=2023-11-14T22:15:20Z&until=2023-11-14T22:17:20Z") == [2, 3])
            #expect(try await seqs("from=2023-11-15T05:15:20%2B07:00&until=2023-11-14T22:16:20.000Z") == [2])
            // The cursor still pages through a filtered view.
            let first = try await client.getJSON("/v1/ratings?counter=Qu%E1%BA%A7y%202&limit=2", as: RatingsPage.self)
            #expect(first.ratings.map(\.seq) == [1, 3])
            let rest = try await client.getJSON("/v1/ratings?counter=Qu%E1%BA%A7y%202&after=\(first.nextCursor)", as: RatingsPage.self)
            #expect(rest.ratings.map(\.seq) == [5])
        }
    }

    @Test(arguments: ["from=yesterday", "until=2023-11-14", "from=2023-11-14T22:15:20Z&until=2023-11-14T22:15:20Z", "format=xml"])
    func aFilterOrFormatThatCannotBeReadIs400WithTheFormItNeeds(query: String) async throws {
        let fixture = try await CollectorFixture()
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            let response = try await client.execute(uri: "/v1/ratings?\(query)", method: .get)
            #expect(response.status == .badRequest)
            let reason = try response.errorReason()
            #expect(reason.contains("e.g. 2026-11-23T08:00:00+07:00") || reason.contains("until must be after from") || reason.contains("json, ndjson or csv"), "\(reason)")
        }
    }

    @Test(arguments: Backend.allCases) func ndjsonIsOneRatingPerLineWithTheCursorInAHeader(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch(Self.mixed()), secret: secret)
            let json = try await client.getJSON("/v1/ratings?limit=4", as: RatingsPage.self)
            let response = try await client.execute(uri: "/v1/ratings?limit=4", method: .get, headers: [.accept: "application/x-ndjson"])
            #expect(response.headers[.contentType] == "application/x-ndjson")
            let lines = response.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 5 && lines.last == "", "four lines, each ended by a newline")
            let decoded = try lines.dropLast().map { try WireCoding.decode(PulledRating.self, from: Array($0.utf8)) }
            #expect(decoded == json.ratings, "the same ratings as the JSON page")
            #expect(response.headers[.init("X-Next-Cursor")!] == json.nextCursor)
        }
    }

    @Test(arguments: Backend.allCases) func csvOpensInASpreadsheetWithVietnameseAndNoFormulas(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            _ = try await client.postBatch(batch(Self.mixed()), secret: secret)
            let response = try await client.execute(uri: "/v1/ratings?format=csv", method: .get)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(Array(response.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "byte-order mark for Excel")
            let rows = String(decoding: response.bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(rows.first?.hasPrefix("cursor,device_id,store_id,seq,id,score,flags,site,counter,corrected_time,time_quality") == true)
            #expect(rows.count == 8 && rows.last == "", "header, six ratings, CRLF after each")
            let fourth = rows[4].components(separatedBy: ",")
            #expect(fourth[3] == "4" && fourth[7] == "Điện lực Hoàn Kiếm" && fourth[9] == "2023-11-14T22:17:20.000Z" && fourth[10] == "synced")
            #expect(fourth[15] == "'=A017", "a ticket that starts like a formula is neutralised")
            #expect(response.headers[.init("X-Next-Cursor")!] == "6")
        }
    }
}
