import Foundation

/// The store's side of its reserve: gives it back when the disk is full, makes it again when
/// room returns, and publishes each change of condition (``RatingStore/storageChanges``).
final class ReserveKeeper: @unchecked Sendable {
    // SAFETY: `condition` is guarded by `lock`; the reserve file's calls are made under it too,
    // so two writers never release or make it at once.
    private let lock = NSLock()
    private var condition: StorageCondition
    let reserve: StorageReserve
    private let changes: AsyncStream<StorageReport>.Continuation
    let stream: AsyncStream<StorageReport>

    init(_ reserve: StorageReserve) {
        self.reserve = reserve
        (stream, changes) = AsyncStream<StorageReport>.makeStream()
        // Made at start when there is room; otherwise the store starts in the condition it left off.
        condition = reserve.makeIfRoom() ? .ok : .reserveInUse
        if condition != .ok { changes.yield(report(condition)) }
    }

    var current: StorageReport { lock.withLock { report(condition) } }

    /// SQLite said the disk is full: give the reserve back. Returns whether a retry may succeed
    /// (the reserve was held, or another writer gave it back since).
    func diskFull() -> Bool {
        lock.withLock {
            let released = reserve.release()
            if released || condition == .ok { set(.reserveInUse) }
            return released || condition == .reserveInUse
        }
    }

    /// A write failed with the disk full and no reserve left.
    func stillFull() { lock.withLock { set(.full) } }

    /// After a commit, or on the uploader's timer: cheap while all is well (one lock);
    /// otherwise one `statvfs`, and the reserve is made again once there is room for it twice over.
    func recheck(afterWrite: Bool) {
        lock.withLock {
            guard condition != .ok else { return }
            if reserve.makeIfRoom() {
                set(.ok)
            } else if afterWrite && condition == .full {
                set(.reserveInUse)
            }
        }
    }

    private func set(_ new: StorageCondition) {
        guard new != condition else { return }
        condition = new
        changes.yield(report(new))
    }

    private func report(_ condition: StorageCondition) -> StorageReport {
        StorageReport(condition: condition, freeBytes: reserve.freeBytes, reserveBytes: reserve.size, reserveHeld: reserve.isHeld)
    }
}
