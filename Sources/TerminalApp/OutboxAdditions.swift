import Logging
import RatingCore
import TerminalStore

/// The press loop's writer of what follows a stored rating: amendments (a reason, a later flag)
/// and services that produced no rating. Each is its own durable transaction; a failure is
/// logged as an error and never stops the loop (the rating itself is already kept).
struct OutboxAdditions: Sendable {
    let store: RatingStore
    let logger: Logger

    /// Stores `amendment` of the rating stored as `seq`. `seq` is `nil` when the press is not
    /// known to the store (its own write failed, or it was stored before a restart): then the
    /// amendment cannot be kept and is only logged.
    /// - Returns: whether the amendment is durable.
    @discardableResult
    func amend(_ press: PressID, seq: Int64?, _ amendment: Amendment, at time: DeviceTime) async -> Bool {
        let change: AmendmentChange = switch amendment {
        case .reason(let reason): .reason(reason)
        case .addFlag(let flag): .flag(flag)
        }
        var metadata: Logger.Metadata = ["press": "\(press.value)", "kind": "\(change.kind)", "value": "\(change.value)"]
        guard let seq else {
            logger.error("an amendment names a press that is not in the store; it is not kept", metadata: metadata)
            return false
        }
        metadata["rating_seq"] = "\(seq)"
        do {
            let stored = try await store.amend(ratingSeq: seq, change, at: time)
            metadata["seq"] = "\(stored.seq)"
            logger.info("amendment stored", metadata: metadata)
            return true
        } catch {
            metadata["error"] = "\(error)"
            logger.error("an amendment could not be stored; the rating is kept without it", metadata: metadata)
            return false
        }
    }

    /// Stores that `unrated`'s window closed without a counted press.
    /// - Returns: whether the record is durable.
    @discardableResult
    func recordUnrated(_ unrated: UnratedService, now: DeviceTime) async -> Bool {
        let service = ServiceRecord(window: unrated.window, now: now)
        var metadata: Logger.Metadata = ["ticket": "\(service.ticket ?? "-")", "staff": "\(service.staff ?? "-")"]
        do {
            let stored = try await store.recordUnratedService(service, closedAt: now.placing(unrated.closedAt))
            metadata["seq"] = "\(stored.seq)"
            logger.info("service without a rating stored", metadata: metadata)
            return true
        } catch {
            metadata["error"] = "\(error)"
            logger.error("a service without a rating could not be stored", metadata: metadata)
            return false
        }
    }
}

extension DeviceTime {
    /// The device time of `instant` (same boot, at or before `self`): the wall clock stepped back
    /// by the time since then, so a press is placed at its event time, not at the commit.
    func placing(_ instant: MonotonicInstant) -> DeviceTime {
        let age = monotonic.since(instant)
        return DeviceTime(wallMillis: wallMillis - age.nanosecondsClamped / 1_000_000, bootID: bootID,
                          monotonicNanos: instant.nanoseconds, clockSynced: clockSynced)
    }
}

extension ServiceRecord {
    /// The session's window placed in device time.
    init(window: ServiceWindow, now: DeviceTime) {
        self.init(ticket: window.ticket, staff: window.staff, openedAt: now.placing(window.openedAt))
    }
}
