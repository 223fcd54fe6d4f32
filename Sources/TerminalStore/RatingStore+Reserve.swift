import GRDB

extension RatingStore {
    /// Each change of the disk's condition (the reserve given back, the disk full even so, the reserve
    /// made again), for the daemon to keep as a `storage` device event. One reader. Empty (it never
    /// yields) for a store opened without a reserve.
    public var storageChanges: AsyncStream<StorageReport> { keeper?.stream ?? AsyncStream { $0.finish() } }

    /// The disk's condition now: this store's own view when it keeps the reserve, else as seen from the file system.
    public var storage: StorageReport { keeper?.current ?? StorageReport.observed(StorageReserve(storePath: path)) }

    /// Makes the reserve again if it is not held and room has returned (cheap while it is held).
    /// Called on the uploader's timer, so the condition clears even when nobody presses.
    public func recheckStorage() { keeper?.recheck(afterWrite: false) }

    /// Every write of the store: on a full disk the reserve is given back and the write tried once more.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        let result: T
        do {
            result = try await database.write(updates)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            guard let keeper, keeper.diskFull() else { throw error }
            do {
                result = try await database.write(updates)
            } catch let again as DatabaseError where again.resultCode == .SQLITE_FULL {
                keeper.stillFull()
                throw again
            }
        }
        keeper?.recheck(afterWrite: true)
        return result
    }

    /// Runs `body` (the opening), once more after giving the reserve back if the disk was full.
    static func retryingWhenFull<T>(_ keeper: ReserveKeeper?, path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            guard let keeper, keeper.diskFull() else { throw StoreError.cannotOpen(path: path, detail: String(describing: error)) }
            do {
                return try body()
            } catch let again as DatabaseError where again.resultCode == .SQLITE_FULL {
                keeper.stillFull()
                throw StoreError.cannotOpen(path: path, detail: "the disk is full: \(again)")
            }
        }
    }
}
