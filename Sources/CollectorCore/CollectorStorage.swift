import RatingWire

/// Where the collector keeps devices, ratings and set-aside records.
///
/// The seam between the HTTP layer and a database: SQLite today
/// (``SQLiteCollectorStorage``), PostgreSQL later behind the same protocol.
/// Implementations keep nothing in memory between calls, so several collector
/// instances may share one database. Every method throws a
/// ``CollectorStorageError``.
public protocol CollectorStorage: AlertStorage {
    /// The credentials of a registered device, or `nil` if the id is unknown.
    func device(id: String) async throws -> DeviceCredentials?

    /// Registers a new device; throws ``CollectorStorageError/deviceExists(_:)`` if the id is taken.
    func addDevice(id: String, secret: DeviceSecret, addedAtMillis: Int64) async throws

    /// Replaces the secret of a registered device (and un-retires it);
    /// throws ``CollectorStorageError/unknownDevice(_:)`` if the id is not registered.
    func rotateDeviceSecret(id: String, secret: DeviceSecret) async throws

    /// Marks a device retired: its uploads are refused from now on (409).
    func retireDevice(id: String) async throws

    /// Stores a checked batch in one transaction and returns the reply to send.
    ///
    /// Returns only after the commit is durable. Records already held with
    /// identical content change nothing; a key or rating id that arrives again
    /// with different content is set aside and listed in the reply's `rejected`.
    func ingest(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> UploadReply

    /// Up to `limit` stored ratings matching `filter` with a pull cursor above `cursor`, in cursor order, each
    /// with its latest reason and amended flags. With `includeFlagged` false, ratings with any flag (their own
    /// Like ``ingest(_:receivedAtMillis:)``, and also counts the ratings inserted and the identical
    /// duplicates, for the metrics. The default (for test doubles) counts nothing.
    func ingestCounting(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> IngestResult

    /// Up to `limit` stored ratings with a pull cursor above `cursor`, in cursor order, each with its
    /// latest reason and amended flags. With `includeFlagged` false, ratings with any flag (their own
    /// or amended) are left out of `ratings`; those left out only because of an amended flag are in `withdrawn`.
    func ratingsPage(after cursor: Int64, limit: Int, includeFlagged: Bool, filter: RatingsFilter) async throws -> RatingsScan

    /// Stored unrated services with a cursor above `cursor`, oldest first, at most `limit`.
    func unratedServices(after cursor: Int64, limit: Int) async throws -> [StoredUnratedService]

    /// Stored device events (self-test reports) with a cursor above `cursor`, oldest first, at most `limit`.
    func deviceEvents(after cursor: Int64, limit: Int) async throws -> [StoredDeviceEvent]

    /// Set-aside records with an id above `cursor`, oldest first, at most `limit`.
    func conflicts(after cursor: Int64, limit: Int) async throws -> [SetAsideRecord]

    /// The grouped counts of the dashboard for one period (see ``DashboardCounts``), read in one snapshot.
    /// Counted by the database: the answer's size grows with counters, days and devices, not with ratings.
    func dashboardCounts(_ query: DashboardQuery) async throws -> DashboardCounts

    /// How many records of each kind are stored for one store of one device.
    func storedCounts(deviceID: String, storeID: String) async throws -> StoredCounts

    /// Every registered device with its last upload and its stores' gaps, by id.
    func devices() async throws -> [DeviceOverview]

    /// A trivial read; throws if the database cannot answer.
    func checkHealth() async throws
}

extension CollectorStorage {
    public func ingestCounting(_ batch: CheckedBatch, receivedAtMillis: Int64) async throws -> IngestResult {
        IngestResult(reply: try await ingest(batch, receivedAtMillis: receivedAtMillis), ratingsInserted: 0, ratingsDuplicate: 0)
    }

    /// Every stored rating (flagged included) with a pull cursor above `cursor`, in cursor order, at most `limit`.
    public func ratings(after cursor: Int64, limit: Int) async throws -> [StoredRating] {
        try await ratingsPage(after: cursor, limit: limit, includeFlagged: true, filter: .all).ratings
    }

    /// ``ratingsPage(after:limit:includeFlagged:filter:)`` without a filter.
    public func ratingsPage(after cursor: Int64, limit: Int, includeFlagged: Bool) async throws -> RatingsScan {
        try await ratingsPage(after: cursor, limit: limit, includeFlagged: includeFlagged, filter: .all)
    }
}

/// What the collector knows about a device for authentication.
public struct DeviceCredentials: Sendable, Equatable {
    public var id: String
    public var secret: DeviceSecret
    /// Retired devices are refused (409) and their secret is no longer accepted.
    public var retired: Bool

    public init(id: String, secret: DeviceSecret, retired: Bool) {
        self.id = id
        self.secret = secret
        self.retired = retired
    }
}

/// How many records of each kind the collector holds for one store.
public struct StoredCounts: Sendable, Equatable {
    public var ratings: Int
    public var amendments: Int
    public var unratedServices: Int
    public var deviceEvents: Int

    public init(ratings: Int, amendments: Int, unratedServices: Int, deviceEvents: Int = 0) {
        self.ratings = ratings
        self.amendments = amendments
        self.unratedServices = unratedServices
        self.deviceEvents = deviceEvents
    }
}
