import RatingWire

/// What the collector knows of one device's health, for `GET /v1/devices`.
public struct DeviceOverview: Sendable, Equatable {
    public var id: String
    public var retired: Bool
    public var addedAtMillis: Int64
    /// When its last batch arrived (collector clock); `nil` if it never uploaded.
    public var lastUploadAtMillis: Int64?
    /// The unsent records it reported with its last batch (its backlog).
    public var lastQueueDepth: Int?
    /// Its clocks sampled just before its last batch was sent.
    public var lastSentAt: WireTime?
    /// Its stores (a new SD card or a wiped store is a new one), by store id.
    public var stores: [StoreOverview]
    /// Its disk's condition as its newest `storage` event said; `nil` if it never sent one.
    public var storage: DeviceStorage?

    public init(id: String, retired: Bool, addedAtMillis: Int64, lastUploadAtMillis: Int64?, lastQueueDepth: Int?,
                lastSentAt: WireTime?, stores: [StoreOverview], storage: DeviceStorage? = nil) {
        self.id = id
        self.retired = retired
        self.addedAtMillis = addedAtMillis
        self.lastUploadAtMillis = lastUploadAtMillis
        self.lastQueueDepth = lastQueueDepth
        self.lastSentAt = lastSentAt
        self.stores = stores
        self.storage = storage
    }
}

/// One store of a device: how far its ratings are held without a gap, and the gaps above that.
public struct StoreOverview: Sendable, Equatable {
    public var storeID: String
    /// Every rating seq from 1 through this one is held.
    public var ackedThrough: Int64
    /// The highest rating seq held (0 when none).
    public var highestSeq: Int64
    public var ratings: Int
    /// The missing seqs above `ackedThrough`, as closed ranges, lowest first (at most ``SeqGaps/listed``).
    public var gaps: [ClosedRange<Int64>]
    /// How many seqs are missing in all (the ranges listed may be cut short).
    public var missing: Int64

    public init(storeID: String, ackedThrough: Int64, highestSeq: Int64, ratings: Int, gaps: [ClosedRange<Int64>], missing: Int64) {
        self.storeID = storeID
        self.ackedThrough = ackedThrough
        self.highestSeq = highestSeq
        self.ratings = ratings
        self.gaps = gaps
        self.missing = missing
    }
}

/// The gaps in a store's rating seqs (pure).
public enum SeqGaps {
    /// At most this many ranges are listed per store.
    public static let listed = 100

    /// The missing seqs between `ackedThrough` (all held up to it) and the held seqs above it, in increasing order.
    public static func between(ackedThrough: Int64, heldAbove: [Int64]) -> (gaps: [ClosedRange<Int64>], missing: Int64) {
        var gaps: [ClosedRange<Int64>] = []
        var missing: Int64 = 0
        var previous = ackedThrough
        for seq in heldAbove where seq > previous {
            if seq > previous + 1 {
                missing += seq - previous - 1
                if gaps.count < listed { gaps.append((previous + 1)...(seq - 1)) }
            }
            previous = seq
        }
        return (gaps, missing)
    }
}
