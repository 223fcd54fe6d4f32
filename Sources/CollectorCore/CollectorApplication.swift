import Foundation
import Hummingbird
import Logging
import NIOCore

/// The collector as a buildable value: the real server, for `main` and for tests.
///
/// Routes come in two groups:
/// - open: `POST /v1/batches` (see ``IngestController``; each device signs its own requests),
///   `GET /healthz` and `GET /metrics` (for health checks and Prometheus on the internal network;
///   they reveal no ratings), and `GET /openapi.yaml` (the API's description, no data);
/// - admin, behind ``AdminTokenMiddleware``: the pull API (`GET /v1/ratings`, `/v1/services`,
///   `/v1/device-events`, `/v1/conflicts`, `/v1/devices`: ``PullController``), `GET /v1/alerts` and
///   `POST /v1/alerts/{id}/acknowledge` (``AlertsController``), the dashboard `GET /` (``DashboardController``),
///   and every read or admin route added later.
///
/// - Parameters:
///   - settings: where to listen and what to accept.
///   - storage: where devices and ratings live; the application keeps nothing else.
///   - logger: the application's logger.
///   - now: the collector's wall clock in milliseconds since 1970 (tests may pass a fixed one).
///   - alerts: runs the alert rules after each stored batch; `nil` runs none (the alerts API still answers).
///   - rateLimiter: the per-device upload limit; `nil` makes one from `settings.deviceRateLimit` on the real clock.
///   - metrics: what `GET /metrics` serves.
///   - onServerRunning: called once the server listens, with the bound address (learn the port when listening on port 0).
public func buildCollectorApplication(
    settings: CollectorSettings,
    storage: any CollectorStorage,
    logger: Logger,
    now: @escaping @Sendable () -> Int64 = collectorWallMillisNow,
    alerts: AlertEvaluator? = nil,
    rateLimiter: DeviceRateLimiter? = nil,
    metrics: CollectorMetrics = CollectorMetrics(),
    onServerRunning: @escaping @Sendable (_ address: ListeningAddress) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: ErrorReplyMiddleware())
    let pull = PullController(storage: storage, settings: settings)

    // Open routes: devices authenticate each batch by its signature; health, metrics and the API document stay open.
    let limiter = rateLimiter ?? settings.deviceRateLimit.map { DeviceRateLimiter(limit: $0) }
    IngestController(storage: storage, settings: settings, now: now, alerts: alerts, rateLimiter: limiter, metrics: metrics)
        .addRoutes(to: router)
    pull.addOpenRoutes(to: router)
    MetricsController(metrics: metrics).addRoutes(to: router)
    OpenAPIDocument.addRoutes(to: router)

    // Admin routes: everything else. Add every new read or admin route to this group, so it needs
    // the admin token like the rest.
    let admin = router.group().add(middleware: AdminTokenMiddleware(token: settings.adminToken))
    pull.addRoutes(to: admin)
    AlertsController(storage: storage, settings: settings, now: now).addRoutes(to: admin)
    DashboardController(storage: storage, settings: settings, now: now).addRoutes(to: admin)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "rating-collector"),
        onServerRunning: { channel in
            await onServerRunning(ListeningAddress(channel.localAddress, fallbackHost: settings.host))
        },
        logger: logger)
}

/// Where the server is listening.
public struct ListeningAddress: Sendable, Equatable {
    /// The bound IP address as text (IPv6 without brackets).
    public var host: String
    /// The bound port (the real one when port 0 was asked for).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init(_ address: SocketAddress?, fallbackHost: String) {
        host = address?.ipAddress ?? fallbackHost
        port = address?.port ?? 0
    }

    /// `http://HOST:PORT`, with brackets around an IPv6 host.
    public var url: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }
}

/// The system wall clock in milliseconds since 1970.
@Sendable public func collectorWallMillisNow() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
