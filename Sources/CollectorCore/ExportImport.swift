import RatingWire

/// Loads a terminal's export file (`rating-collector import`): checked and stored exactly like
/// uploads, under the same keys, so importing twice, or importing what the terminal also uploads,
/// never counts a record twice.
public enum ExportImport {
    /// Verifies the file's signature with the device's secret, stores its records batch by batch,
    /// and reports what was added. Throws ``ExportImportError`` when the file is refused.
    public static func run(_ export: ParsedExport, storage: some CollectorStorage, receivedAtMillis: Int64) async throws -> ImportReport {
        let header = export.header
        guard let device = try await storage.device(id: header.deviceID) else {
            throw ExportImportError("device \(header.deviceID) is not registered in this database: import on the collector where 'rating-collector device add \(header.deviceID)' was run (check --db)")
        }
        // A retired terminal's last export is the typical import, so retired devices are accepted; their secret still verifies.
        guard export.isSigned(by: device.secret) else {
            throw ExportImportError("the file's signature does not match device \(header.deviceID)'s secret: it was changed after export, or it was exported with another secret (rotated since?); nothing was imported")
        }
        let before = try await storage.storedCounts(deviceID: header.deviceID, storeID: header.storeID)
        var report = ImportReport(deviceID: header.deviceID, storeID: header.storeID)
        for batch in export.batches() {
            var checked: CheckedBatch
            do {
                checked = try BatchIngest.check(batch, authenticatedDevice: header.deviceID)
            } catch {
                throw ExportImportError("the file's records are refused: \(error.reason); nothing more was imported")
            }
            checked.isImport = true
            let reply = try await storage.ingest(checked, receivedAtMillis: receivedAtMillis)
            report.ratings.inFile += batch.ratings.count
            report.amendments.inFile += batch.amendments.count
            report.unratedServices.inFile += batch.unratedServices.count
            report.deviceEvents.inFile += batch.deviceEvents.count
            report.ratings.setAside += reply.rejected.count
            report.amendments.setAside += reply.rejectedAmendments.count
            report.unratedServices.setAside += reply.rejectedUnratedServices.count
            report.deviceEvents.setAside += reply.rejectedDeviceEvents.count
        }
        let after = try await storage.storedCounts(deviceID: header.deviceID, storeID: header.storeID)
        report.ratings.added = after.ratings - before.ratings
        report.amendments.added = after.amendments - before.amendments
        report.unratedServices.added = after.unratedServices - before.unratedServices
        report.deviceEvents.added = after.deviceEvents - before.deviceEvents
        return report
    }
}

/// The file is refused as a whole; the text says why and what to do.
public struct ExportImportError: Error, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}

/// What an import did, per kind of record.
public struct ImportReport: Sendable, Equatable {
    /// One kind's figures.
    public struct Figures: Sendable, Equatable {
        public var inFile = 0
        /// Newly stored by this import.
        public var added = 0
        /// Refused records (a conflict with what is held, or invalid), kept aside and listed by `GET /v1/conflicts`.
        public var setAside = 0
        /// Already held with the same content (uploaded, or imported before).
        public var alreadyHeld: Int { max(0, inFile - added - setAside) }
    }

    public var deviceID: String
    public var storeID: String
    public var ratings = Figures()
    public var amendments = Figures()
    public var unratedServices = Figures()
    public var deviceEvents = Figures()

    public init(deviceID: String, storeID: String) {
        self.deviceID = deviceID
        self.storeID = storeID
    }

    /// The lines `rating-collector import` prints.
    public var text: String {
        func line(_ name: String, _ figures: Figures) -> String {
            "\(name): \(figures.inFile) in the file, \(figures.added) added, \(figures.alreadyHeld) already held, \(figures.setAside) set aside"
        }
        return """
            device \(deviceID), store \(storeID)
            \(line("ratings", ratings))
            \(line("reasons/flags", amendments))
            \(line("unrated services", unratedServices))
            \(line("device events", deviceEvents))
            """
    }
}
