import Hummingbird
import Logging

/// Runs the collector until SIGINT or SIGTERM, then shuts it down gracefully
/// (in-flight requests finish; a batch whose commit returned gets its answer).
///
/// Throws if the server cannot start (for example, the port is taken).
public func serveCollector(
    settings: CollectorSettings,
    storage: any CollectorStorage,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ address: ListeningAddress) async -> Void = { _ in }
) async throws {
    let app = buildCollectorApplication(settings: settings, storage: storage, logger: logger, onServerRunning: onServerRunning)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
