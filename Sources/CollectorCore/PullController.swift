import Hummingbird

/// The read side: `GET /v1/ratings`, `GET /v1/services`, `GET /v1/device-events`, `GET /v1/conflicts`,
/// `GET /v1/devices` (added to the admin group, see ``buildCollectorApplication``) and `GET /healthz` (open).
struct PullController: Sendable {
    let storage: any CollectorStorage
    let settings: CollectorSettings

    /// The read endpoints; `router` is the admin group.
    func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/v1/ratings") { request, _ in try await self.ratings(request) }
        router.get("/v1/services") { request, _ in try await self.services(request) }
        router.get("/v1/device-events") { request, _ in try await self.deviceEvents(request) }
        router.get("/v1/conflicts") { request, _ in try await self.conflicts(request) }
        router.get("/v1/devices") { _, _ in try await self.devices() }
    }

    /// `GET /healthz`, open to health checks.
    func addOpenRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/healthz") { _, _ in try await self.health() }
    }

    /// `GET /v1/ratings?after=CURSOR&limit=N&include_flagged=BOOL&site=&counter=&staff=&device=&from=&until=&format=`:
    /// stored ratings after the cursor that match the filter, in cursor order. A rating comes again, with a
    /// higher cursor, when an amendment (reason, flag) arrives or its corrected time improves. Flagged ratings
    /// are left out unless `include_flagged=true`; one left out only because an amendment flagged it is listed
    /// in `withdrawn`. `from`/`until` select by corrected time; `format` (or `Accept`) is json, ndjson or csv.
    func ratings(_ request: Request) async throws -> Response {
        let (after, limit) = try paging(request)
        let includeFlagged = try flag(request, "include_flagged")
        let query = request.uri.queryParameters
        let filter: RatingsFilter
        do {
            filter = try RatingsFilter(query: { query.get($0) })
        } catch {
            throw CollectorHTTPError(.badRequest, error.reason)
        }
        let format = try RatingsFormat.of(format: query.get("format"), accept: request.headers[.accept])
        let scan = try await withStorage {
            try await storage.ratingsPage(after: after, limit: limit, includeFlagged: includeFlagged, filter: filter)
        }
        let next = scan.lastCursor.map(String.init) ?? String(after)
        return try format.response(RatingsPage(ratings: scan.ratings.map(PulledRating.init), nextCursor: next,
                                               withdrawn: scan.withdrawn.map(WithdrawnRating.init)))
    }

    /// `GET /v1/services?after=CURSOR&limit=N`: services whose rating window closed without a counted press.
    func services(_ request: Request) async throws -> Response {
        let (after, limit) = try paging(request)
        let stored = try await withStorage { try await storage.unratedServices(after: after, limit: limit) }
        let next = stored.last.map { String($0.cursor) } ?? String(after)
        return JSONResponse.make(ServicesPage(unratedServices: stored.map(PulledUnratedService.init), nextCursor: next))
    }

    /// `GET /v1/device-events?after=CURSOR&limit=N`: reports devices made about themselves (self-tests).
    func deviceEvents(_ request: Request) async throws -> Response {
        let (after, limit) = try paging(request)
        let stored = try await withStorage { try await storage.deviceEvents(after: after, limit: limit) }
        let next = stored.last.map { String($0.cursor) } ?? String(after)
        return JSONResponse.make(DeviceEventsPage(deviceEvents: stored.map(PulledDeviceEvent.init), nextCursor: next))
    }

    /// `GET /v1/conflicts?after=CURSOR&limit=N`: set-aside records after the cursor, oldest first.
    func conflicts(_ request: Request) async throws -> Response {
        let (after, limit) = try paging(request)
        let records = try await withStorage { try await storage.conflicts(after: after, limit: limit) }
        let next = records.last.map { String($0.id) } ?? String(after)
        return JSONResponse.make(ConflictsPage(conflicts: records.map(PulledConflict.init), nextCursor: next))
    }

    /// `GET /v1/devices`: every registered device with its last upload, backlog, clock, and its stores' gaps in seq.
    func devices() async throws -> Response {
        let devices = try await withStorage { try await storage.devices() }
        return JSONResponse.make(DevicesList(devices: devices.map(PulledDevice.init)))
    }

    /// `GET /healthz`: "ok" once the database answers a trivial read, else 503.
    func health() async throws -> Response {
        do {
            try await storage.checkHealth()
        } catch {
            throw CollectorHTTPError(.serviceUnavailable, "the database does not answer: \(error)",
                                     headers: [.retryAfter: String(settings.retryAfterSeconds)])
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
    }

    /// `after` (default 0) and `limit` (default and maximum from the settings); anything else is 400.
    func paging(_ request: Request) throws -> (after: Int64, limit: Int) {
        try settings.paging(request)
    }

    /// A `true`/`false` query parameter (`1`/`0` too); absent is false; anything else is 400.
    func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw CollectorHTTPError(.badRequest, "\(name)=\(text) must be true or false")
        }
    }

    private func withStorage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CollectorStorageError {
            throw CollectorHTTPError.storage(error, retryAfterSeconds: settings.retryAfterSeconds)
        }
    }
}
