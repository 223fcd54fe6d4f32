import RatingWire

/// One device in `GET /v1/devices`: its last upload, backlog, clock and stores with any gaps in seq.
public struct PulledDevice: Codable, Sendable, Equatable {
    public var id: String
    public var retired: Bool
    /// ISO 8601 UTC; when it was registered.
    public var addedAt: String
    /// ISO 8601 UTC; absent if it never uploaded.
    public var lastUploadAt: String?
    /// Unsent records it reported with its last batch.
    public var queueDepth: Int?
    /// Its clock at its last upload: absent if it never uploaded.
    public var clock: PulledClock?
    public var stores: [PulledStore]
    /// Its disk's condition as its newest `storage` event said: absent if it never sent one.
    public var storage: PulledStorage?

    enum CodingKeys: String, CodingKey {
        case id, retired, addedAt = "added_at", lastUploadAt = "last_upload_at", queueDepth = "queue_depth", clock, stores, storage
    }

    public init(_ device: DeviceOverview) {
        id = device.id
        retired = device.retired
        addedAt = ISOTime.string(millis: device.addedAtMillis)
        lastUploadAt = device.lastUploadAtMillis.map(ISOTime.string(millis:))
        queueDepth = device.lastQueueDepth
        clock = device.lastSentAt.map { PulledClock(sentAt: $0, receivedAtMillis: device.lastUploadAtMillis) }
        stores = device.stores.map(PulledStore.init)
        storage = device.storage.map(PulledStorage.init)
    }
}

/// A device's clock as its last batch showed it.
public struct PulledClock: Codable, Sendable, Equatable {
    /// Whether NTP had synchronised it.
    public var synced: Bool
    /// Its wall clock minus the collector's at receipt, in ms (network time included): how wrong it reads.
    public var offsetMillis: Int64?
    public var bootID: String

    enum CodingKeys: String, CodingKey { case synced, offsetMillis = "offset_ms", bootID = "boot_id" }

    public init(synced: Bool, offsetMillis: Int64?, bootID: String) {
        self.synced = synced
        self.offsetMillis = offsetMillis
        self.bootID = bootID
    }

    init(sentAt: WireTime, receivedAtMillis: Int64?) {
        synced = sentAt.synced
        offsetMillis = receivedAtMillis.map { sentAt.wallMillis &- $0 }
        bootID = sentAt.bootID
    }
}

/// One store of a device in `GET /v1/devices`.
public struct PulledStore: Codable, Sendable, Equatable {
    public var storeID: String
    /// Every rating from seq 1 through this one is held.
    public var ackedThrough: Int64
    public var highestSeq: Int64
    public var ratings: Int
    /// Missing seqs above `acked_through`, as `[first, last]` pairs (at most 100 listed).
    public var gaps: [[Int64]]
    /// How many seqs are missing in all.
    public var missing: Int64

    enum CodingKeys: String, CodingKey {
        case storeID = "store_id", ackedThrough = "acked_through", highestSeq = "highest_seq", ratings, gaps, missing
    }

    public init(_ store: StoreOverview) {
        storeID = store.storeID
        ackedThrough = store.ackedThrough
        highestSeq = store.highestSeq
        ratings = store.ratings
        gaps = store.gaps.map { [$0.lowerBound, $0.upperBound] }
        missing = store.missing
    }
}

/// The answer of `GET /v1/devices`.
public struct DevicesList: Codable, Sendable, Equatable {
    public var devices: [PulledDevice]
    public init(devices: [PulledDevice]) { self.devices = devices }
}
