import Logging

/// Runs the alert rules against the storage and delivers alerts by webhook.
///
/// Keeps nothing that matters in memory: what was raised and delivered is in the database, so
/// several collector instances may run one each. The clock is injected (tests pass their own).
public struct AlertEvaluator: Sendable {
    public let storage: any CollectorStorage
    public let settings: AlertSettings
    let webhook: AlertWebhook?
    let now: @Sendable () -> Int64
    let logger: Logger
    private let background = BackgroundTasks()

    public init(storage: any CollectorStorage, settings: AlertSettings, logger: Logger,
                now: @escaping @Sendable () -> Int64 = collectorWallMillisNow) throws(AlertWebhookError) {
        self.storage = storage
        self.settings = settings
        self.logger = logger
        self.now = now
        if let url = settings.webhookURL {
            webhook = try AlertWebhook(url: url, timeout: settings.webhookTimeout)
        } else {
            webhook = nil
        }
    }

    /// After a stored batch: starts the bad-ratings rule for the counters of its ratings (seqs `seqs`) and
    /// the seq-gap rule for its store in a task of its own, so the device's answer does not wait; failures are logged.
    func afterIngest(deviceID: String, storeID: String, seqs: ClosedRange<Int64>?) {
        background.spawn {
            do {
                _ = try await self.evaluateAfterIngest(deviceID: deviceID, storeID: storeID, seqs: seqs)
            } catch {
                self.logger.error("alert evaluation after ingest failed", metadata: [
                    "device": .string(deviceID), "store": .string(storeID), "error": .string("\(error)"),
                ])
            }
        }
    }

    /// Waits for the evaluations started by ``afterIngest(deviceID:storeID:seqs:)`` so far.
    public func settle() async {
        await background.settle()
    }

    /// The after-ingest evaluation itself; returns the alerts raised.
    public func evaluateAfterIngest(deviceID: String, storeID: String, seqs: ClosedRange<Int64>?) async throws -> [Alert] {
        let queue = webhook != nil
        var raised: [Alert] = []
        if let seqs {
            raised += try await storage.raiseBadRatingsAlerts(deviceID: deviceID, storeID: storeID, seqs: seqs, rule: settings.badRatings,
                                                              nowMillis: now(), queueWebhook: queue)
        }
        raised += try await storage.updateSeqGapAlerts(store: (deviceID: deviceID, storeID: storeID), rule: settings.seqGap, nowMillis: now(), queueWebhook: queue)
        log(raised)
        return raised
    }

    /// The periodic evaluation: silent terminals, and gaps that have aged; returns the alerts raised.
    public func evaluatePeriodic() async throws -> [Alert] {
        let queue = webhook != nil
        var raised = try await storage.updateSilentTerminalAlerts(rule: settings.silentTerminal, nowMillis: now(), queueWebhook: queue)
        raised += try await storage.updateSeqGapAlerts(store: nil, rule: settings.seqGap, nowMillis: now(), queueWebhook: queue)
        log(raised)
        return raised
    }

    /// Makes every webhook delivery that is due now, one at a time; returns how many were delivered.
    public func deliverDue() async throws -> Int {
        guard let webhook else { return 0 }
        var delivered = 0
        let lease = settings.webhookTimeout.millis + 30_000
        while let claim = try await storage.claimAlertDelivery(nowMillis: now(), leaseMillis: lease) {
            do {
                try await webhook.send(claim.alert)
                try await storage.finishAlertDelivery(alertID: claim.alert.id, delivered: true, error: nil, retryAtMillis: 0, nowMillis: now())
                delivered += 1
            } catch {
                let retryAt = now() + settings.retryDelayMillis(afterFailures: claim.attempt)
                logger.warning("alert webhook delivery failed; will retry", metadata: [
                    "alert": .stringConvertible(claim.alert.id), "attempt": .stringConvertible(claim.attempt), "error": .string("\(error)"),
                ])
                try await storage.finishAlertDelivery(alertID: claim.alert.id, delivered: false, error: "\(error)", retryAtMillis: retryAt,
                                                      nowMillis: now())
            }
        }
        return delivered
    }

    /// Evaluates every ``AlertSettings/evaluationInterval`` and delivers every ``AlertSettings/deliveryPollInterval``
    /// until the calling task is cancelled; failures are logged and the loop goes on.
    public func run() async {
        var lastEvaluation: ContinuousClock.Instant?
        let clock = ContinuousClock()
        while !Task.isCancelled {
            if lastEvaluation.map({ clock.now - $0 >= settings.evaluationInterval }) ?? true {
                lastEvaluation = clock.now
                do { _ = try await evaluatePeriodic() } catch {
                    logger.error("periodic alert evaluation failed", metadata: ["error": .string("\(error)")])
                }
            }
            do { _ = try await deliverDue() } catch {
                logger.error("alert webhook deliveries failed", metadata: ["error": .string("\(error)")])
            }
            do { try await Task.sleep(for: min(settings.deliveryPollInterval, settings.evaluationInterval)) } catch { return }
        }
    }

    private func log(_ raised: [Alert]) {
        for alert in raised {
            logger.notice("alert raised", metadata: [
                "alert": .stringConvertible(alert.id), "kind": .string(alert.kind.rawValue),
                "site": .string(alert.subject.site ?? ""), "counter": .string(alert.subject.counter ?? ""),
                "device": .string(alert.subject.deviceID ?? ""), "store": .string(alert.subject.storeID ?? ""),
            ])
        }
    }
}
