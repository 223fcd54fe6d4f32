import Hummingbird

/// `GET /metrics`: the Prometheus text format (see ``CollectorMetrics``).
///
/// Open like `/healthz`: a Prometheus scraper on the internal network reads it, and it holds
/// counts and device ids, no ratings.
struct MetricsController: Sendable {
    let metrics: CollectorMetrics

    func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
