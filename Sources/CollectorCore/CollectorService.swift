import Hummingbird
import Logging

/// Runs the collector until SIGINT or SIGTERM, then shuts it down gracefully
/// (in-flight requests finish; a batch whose commit returned gets its answer).
///
/// Beside the server runs the alert evaluator (``AlertEvaluator/run()``): silent terminals, aged seq
/// gaps and webhook deliveries; it stops when the server has stopped.
///
/// Throws if the server cannot start (for example, the port is taken) or the webhook URL is not usable.
public func serveCollector(
    settings: CollectorSettings,
    storage: any CollectorStorage,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ address: ListeningAddress) async -> Void = { _ in }
) async throws {
    let alerts = try AlertEvaluator(storage: storage, settings: settings.alerts, logger: logger)
    let app = buildCollectorApplication(settings: settings, storage: storage, logger: logger, alerts: alerts, onServerRunning: onServerRunning)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await alerts.run() }
        defer { group.cancelAll() }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        // Evaluations started by the last batches finish before the storage closes.
        await alerts.settle()
    }
}
