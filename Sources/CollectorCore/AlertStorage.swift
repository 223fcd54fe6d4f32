/// Where alerts and their webhook deliveries live; part of ``CollectorStorage``.
///
/// The rules (``BadRatingsRule``, ``SilentTerminalRule``, ``SeqGapRule``) decide; the storage reads
/// their inputs and writes what they decide in one transaction, and the database's unique key on an
/// alert's episode decides when two collector instances evaluate at once.
public protocol AlertStorage: Sendable {
    /// Runs the bad-ratings rule for the counters of a store's ratings with seqs in `seqs` and stores
    /// the alerts it raises (with a webhook delivery each when `queueWebhook`); returns them.
    func raiseBadRatingsAlerts(deviceID: String, storeID: String, seqs: ClosedRange<Int64>, rule: BadRatingsRule,
                               nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert]

    /// Resolves seq-gap alerts whose seq arrived and raises those the rule finds due, for one store or
    /// (with `nil`) every store; returns the alerts raised.
    func updateSeqGapAlerts(store: (deviceID: String, storeID: String)?, rule: SeqGapRule, nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert]

    /// Resolves silent-terminal alerts of devices that uploaded since and raises those the rule finds; returns the alerts raised.
    func updateSilentTerminalAlerts(rule: SilentTerminalRule, nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert]

    /// Up to `limit` alerts with an id above `cursor`, oldest first.
    func alerts(_ filter: AlertFilter, after cursor: Int64, limit: Int) async throws -> [Alert]

    /// Acknowledges an alert (a second acknowledgement changes nothing) and returns it; `nil` if no alert has that id.
    func acknowledgeAlert(id: Int64, by: String?, note: String?, atMillis: Int64) async throws -> Alert?

    /// Claims the webhook delivery due longest (its next attempt moved `leaseMillis` on, so no other
    /// instance takes it meanwhile) and returns it; `nil` if none is due.
    func claimAlertDelivery(nowMillis: Int64, leaseMillis: Int64) async throws -> AlertDelivery?

    /// Records the outcome of a claimed delivery: delivered, or failed with `error` and retried at `retryAtMillis`.
    func finishAlertDelivery(alertID: Int64, delivered: Bool, error: String?, retryAtMillis: Int64, nowMillis: Int64) async throws
}
