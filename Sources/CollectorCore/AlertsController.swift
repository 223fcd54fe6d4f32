import Hummingbird
import NIOCore
import RatingWire

/// `GET /v1/alerts` and `POST /v1/alerts/{id}/acknowledge`.
///
/// A controller of its own so the routes can move into an authenticated route group.
struct AlertsController: Sendable {
    let storage: any CollectorStorage
    let settings: CollectorSettings
    let now: @Sendable () -> Int64

    /// The longest acknowledgement body, and the longest `by` and `note` in it.
    static let maxBodyBytes = 16 << 10
    static let maxByLength = 200
    static let maxNoteLength = 2000

    func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.get("/v1/alerts") { request, _ in try await self.list(request) }
        router.post("/v1/alerts/:id/acknowledge") { request, context in
            try await self.acknowledge(request, id: context.parameters.get("id") ?? "")
        }
    }

    /// `GET /v1/alerts?open=true|false&after=CURSOR&limit=N`: alerts after the cursor, oldest first; `open=true`
    /// only those neither acknowledged nor resolved, `open=false` only the others, no `open` all.
    func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let filter: AlertFilter
        switch query.get("open")?.lowercased() {
        case nil: filter = .all
        case "true", "1": filter = .open
        case "false", "0": filter = .closed
        case let text?: throw CollectorHTTPError(.badRequest, "open=\(text) must be true or false (or left out for every alert)")
        }
        let (after, limit) = try settings.paging(request)
        let alerts = try await withStorage { try await storage.alerts(filter, after: after, limit: limit) }
        let next = alerts.last.map { String($0.id) } ?? String(after)
        return JSONResponse.make(AlertsPage(alerts: alerts.map(PulledAlert.init), nextCursor: next))
    }

    /// `POST /v1/alerts/{id}/acknowledge` with an optional JSON body `{"by": "...", "note": "..."}`: the alert as
    /// acknowledged; a second acknowledgement changes nothing and returns the first. Unknown id: 404.
    func acknowledge(_ request: Request, id text: String) async throws -> Response {
        guard let id = Int64(text), id > 0 else {
            throw CollectorHTTPError(.notFound, "no alert has id \(text); ids are the whole numbers listed by GET /v1/alerts")
        }
        let body = try await Self.acknowledgement(request)
        guard let alert = try await withStorage({ try await storage.acknowledgeAlert(id: id, by: body.by, note: body.note, atMillis: now()) }) else {
            throw CollectorHTTPError(.notFound, "no alert has id \(id)")
        }
        return JSONResponse.make(AlertEnvelope(alert: PulledAlert(alert)))
    }

    /// The optional body: empty is no `by` and no note; anything else must be the JSON object.
    static func acknowledgement(_ request: Request) async throws -> AcknowledgeRequest {
        let bytes: [UInt8]
        do {
            var buffer = try await request.body.collect(upTo: maxBodyBytes)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw CollectorHTTPError(.contentTooLarge, "an acknowledgement body is at most \(maxBodyBytes) bytes")
        }
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return AcknowledgeRequest() }
        let decoded: AcknowledgeRequest
        do {
            decoded = try WireCoding.decode(AcknowledgeRequest.self, from: bytes)
        } catch let error as DecodingError {
            throw CollectorHTTPError(.badRequest, "malformed acknowledgement: \(DecodingErrorText.describe(error)); send {\"by\": \"...\", \"note\": \"...\"} or no body")
        }
        if let by = decoded.by, by.count > maxByLength {
            throw CollectorHTTPError(.badRequest, "by is \(by.count) characters; at most \(maxByLength)")
        }
        if let note = decoded.note, note.count > maxNoteLength {
            throw CollectorHTTPError(.badRequest, "note is \(note.count) characters; at most \(maxNoteLength)")
        }
        return decoded
    }

    private func withStorage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CollectorStorageError {
            throw CollectorHTTPError.storage(error, retryAfterSeconds: settings.retryAfterSeconds)
        }
    }
}
