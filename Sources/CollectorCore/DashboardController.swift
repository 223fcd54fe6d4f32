import Hummingbird

/// `GET /?days=N&site=NAME&counter=NAME`: the dashboard page (HTML, see ``DashboardPage``).
///
/// The period is the last `days` local calendar days, today included (default and maximum from
/// ``DashboardSettings``). `counter` needs `site` (counter names repeat across sites).
struct DashboardController: Sendable {
    let storage: any CollectorStorage
    let settings: CollectorSettings
    let now: @Sendable () -> Int64

    func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/") { request, _ in try await self.page(request) }
    }

    func page(_ request: Request) async throws -> Response {
        let dashboard = settings.dashboard
        let (days, site, counter) = try parameters(request)
        let nowMillis = now()
        let calendar = LocalCalendar(offset: dashboard.timeZoneOffset)
        let lastDay = calendar.day(ofMillis: nowMillis)
        let firstDay = lastDay - Int64(days) + 1
        let query = DashboardQuery(fromMillis: calendar.startMillis(ofDay: firstDay), toMillis: calendar.startMillis(ofDay: lastDay + 1),
                                   offset: dashboard.timeZoneOffset, site: site, counter: counter)
        let counts: DashboardCounts
        do {
            counts = try await storage.dashboardCounts(query)
        } catch let error as CollectorStorageError {
            throw CollectorHTTPError.storage(error, retryAfterSeconds: settings.retryAfterSeconds)
        }
        let report = DashboardReport(counts: counts, query: query, firstDay: firstDay, lastDay: lastDay, settings: dashboard, nowMillis: nowMillis)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardPage(report: report).html)))
    }

    /// `days` (1…max, default from the settings), `site` and `counter` (non-empty; `counter` only with `site`); else 400.
    func parameters(_ request: Request) throws -> (days: Int, site: String?, counter: String?) {
        let query = request.uri.queryParameters
        let dashboard = settings.dashboard
        var days = dashboard.defaultDays
        if let text = query.get("days") {
            guard let value = Int(text), (1...dashboard.maxDays).contains(value) else {
                throw CollectorHTTPError(.badRequest, "days=\(text) must be a whole number from 1 to \(dashboard.maxDays)")
            }
            days = value
        }
        let site = query.get("site").flatMap { $0.isEmpty ? nil : $0 }
        let counter = query.get("counter").flatMap { $0.isEmpty ? nil : $0 }
        if counter != nil && site == nil {
            throw CollectorHTTPError(.badRequest, "counter= needs site= too: counter names repeat across sites")
        }
        return (days, site, counter)
    }
}
