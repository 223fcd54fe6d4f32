import RatingCore
import RatingWire
import TerminalStore

/// The formats of `rating-terminal export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Signed JSON lines: every record, for `rating-collector import`.
    case jsonl
    /// One row per rating, for spreadsheets.
    case csv
}

/// How many records an export wrote.
public struct ExportCounts: Sendable, Equatable {
    public var ratings = 0
    public var amendments = 0
    public var unratedServices = 0
    /// Device events (self-test reports): in the JSON-lines form only.
    public var deviceEvents = 0
    /// Exported ratings whose clock was not synchronised (their times are the board's guess).
    public var unsyncedRatings = 0

    public init() {}
}

/// Writes a store's records as an export, page by page (a store can hold months of ratings).
public struct StoreExport: Sendable {
    public var store: RatingStore
    public var deviceID: String
    public var selection: ExportSelection
    static let pageSize = 500

    public init(store: RatingStore, deviceID: String, selection: ExportSelection) {
        self.store = store
        self.deviceID = deviceID
        self.selection = selection
    }

    /// Writes the export in `format`; `secret` signs the JSON-lines form. `write` receives the bytes in order.
    public func run(_ format: ExportFormat, secret: DeviceSecret, exportedAt: DeviceTime,
                    write: ([UInt8]) throws -> Void) async throws -> ExportCounts {
        switch format {
        case .jsonl: return try await jsonLines(secret: secret, exportedAt: exportedAt, write: write)
        case .csv: return try await csv(write: write)
        }
    }

    private func jsonLines(secret: DeviceSecret, exportedAt: DeviceTime, write: ([UInt8]) throws -> Void) async throws -> ExportCounts {
        var writer = ExportWriter(header: ExportHeader(deviceID: deviceID, storeID: store.storeID, exportedAt: WireTime(exportedAt),
                                                       sinceWallMillis: selection.sinceWallMillis))
        var counts = ExportCounts()
        try write(try writer.headerLine())
        try await forEachRating { rating in
            if !rating.time.clockSynced { counts.unsyncedRatings += 1 }
            try write(try writer.line(.rating(WireRating(rating))))
        }
        try await forEachAmendment { try write(try writer.line(.amendment(WireAmendment($0)))) }
        try await forEachPage(store.exportUnratedServices, seq: \.seq) { try write(try writer.line(.unratedService(WireUnratedService($0)))) }
        try await forEachPage(store.exportDeviceEvents, seq: \.seq) { try write(try writer.line(.deviceEvent(WireDeviceEvent($0)))) }
        try write(try writer.endLine(secret: secret))
        (counts.ratings, counts.amendments, counts.unratedServices, counts.deviceEvents) = writer.counts
        return counts
    }

    private func csv(write: ([UInt8]) throws -> Void) async throws -> ExportCounts {
        var amendments: [RatingAmendment] = []
        try await forEachAmendment { amendments.append($0) }
        let amended = AmendedFields.collect(amendments)
        var counts = ExportCounts()
        counts.amendments = amendments.count
        try write(ExportCSV.headerRow())
        try await forEachRating { rating in
            counts.ratings += 1
            if !rating.time.clockSynced { counts.unsyncedRatings += 1 }
            try write(ExportCSV.row(rating, deviceID: deviceID, amended: amended[rating.seq] ?? AmendedFields()))
        }
        return counts
    }

    private func forEachRating(_ body: (Rating) throws -> Void) async throws {
        try await forEachPage(store.exportRatings, seq: \.seq, body)
    }

    private func forEachAmendment(_ body: (RatingAmendment) throws -> Void) async throws {
        try await forEachPage(store.exportAmendments, seq: \.seq, body)
    }

    /// Reads one kind's selected records page by page, in seq order, and hands each to `body`.
    private func forEachPage<Record>(_ read: (ExportSelection, Int64, Int) async throws -> [Record], seq: (Record) -> Int64,
                                     _ body: (Record) throws -> Void) async throws {
        var after: Int64 = 0
        while case let page = try await read(selection, after, Self.pageSize), let last = page.last {
            for record in page { try body(record) }
            after = seq(last)
        }
    }
}
