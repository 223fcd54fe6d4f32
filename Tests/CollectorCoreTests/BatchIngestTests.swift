import CollectorCore
import RatingCore
import RatingWire
import Testing

@Suite("BatchIngest checks batches without I/O")
struct BatchIngestTests {
    @Test func validRecordsBecomeRatingsWithTheAuthenticatedDevice() throws {
        let checked = try BatchIngest.check(batch([rating(1, flags: ["repeat", "repeat"])]), authenticatedDevice: CollectorFixture.deviceID)
        guard case .valid(let stored) = checked.records.first else {
            Issue.record("expected a valid record, got \(checked.records)")
            return
        }
        #expect(stored.placement.deviceID == CollectorFixture.deviceID)
        #expect(stored.flags == [.repeat])
        #expect(stored.storeID == CollectorFixture.storeID)
    }

    @Test(arguments: [
        (rating(0), "below 1"),
        (rating(1, id: ""), "empty rating id"),
        (rating(1, score: 0), "outside 1…5"),
        (rating(1, flags: ["late"]), "unknown flag"),
    ])
    func badRecordsAreSetAsideWithAReason(record: WireRating, expected: String) throws {
        let checked = try BatchIngest.check(batch([record]), authenticatedDevice: CollectorFixture.deviceID)
        guard case .invalid(_, let reason) = checked.records.first else {
            Issue.record("expected an invalid record, got \(checked.records)")
            return
        }
        #expect(reason.contains(expected))
    }

    @Test func duplicateSeqInOneBatchIsMalformed() {
        #expect(throws: BatchProblem.self) {
            try BatchIngest.check(batch([rating(1), rating(1)]), authenticatedDevice: CollectorFixture.deviceID)
        }
    }

    @Test func storageLocationParsesSQLiteAndPostgres() throws {
        #expect(try StorageLocation(parsing: "sqlite:/tmp/a.sqlite") == .sqlite(path: "/tmp/a.sqlite"))
        #expect(try StorageLocation(parsing: "sqlite:///tmp/a.sqlite") == .sqlite(path: "/tmp/a.sqlite"))
        #expect(throws: StorageLocationError.self) { try StorageLocation(parsing: "/tmp/a.sqlite") }
        #expect(throws: StorageLocationError.self) { try StorageLocation(parsing: "sqlite:") }
        #expect(try StorageLocation(parsing: "postgres://db/ratings")
                == .postgres(PostgresLocation(host: "db", port: 5432, user: "postgres", database: "ratings")))
        #expect(try StorageLocation(parsing: "postgresql://collector:s3cret@10.0.0.5:5433/ratings")
                == .postgres(PostgresLocation(host: "10.0.0.5", port: 5433, user: "collector", password: "s3cret", database: "ratings")))
        #expect(try StorageLocation(parsing: "postgres://collector@db").description == "postgres://collector@db:5432/collector")
        #expect(throws: StorageLocationError.self) { try StorageLocation(parsing: "postgres://db:99999/ratings") }
        #expect(throws: StorageLocationError.self) { try StorageLocation(parsing: "postgres:///ratings") }
    }
}
