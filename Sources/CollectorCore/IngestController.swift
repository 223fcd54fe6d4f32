import Hummingbird
import Logging
import NIOCore
import RatingWire

/// `POST /v1/batches`: checks a signed batch and stores it once (DESIGN.md, "Upload protocol").
///
/// Checks run in this order, and nothing is stored unless all batch-level ones
/// pass: body size (413), `Content-Encoding` (415), authentication (401, or 409
/// for an unknown or retired device), the device's rate limit (429, only after authentication,
/// so forged requests never spend a real device's budget), gunzip (400/413), JSON (400), version
/// (422), device (403), record count (413), seq order and store id (422).
/// The `200` answer is sent only after the commit returned.
struct IngestController: Sendable {
    let storage: any CollectorStorage
    let settings: CollectorSettings
    let now: @Sendable () -> Int64
    /// Runs the alert rules for a stored batch, after the answer (see ``AlertEvaluator/afterIngest(deviceID:storeID:seqs:)``).
    let alerts: AlertEvaluator?
    let rateLimiter: DeviceRateLimiter?
    let metrics: CollectorMetrics

    func addRoutes(to router: some RouterMethods<some RequestContext>) {
        router.post(RouterPath(WireFormat.batchesPath)) { request, context in
            let started = ContinuousClock.now
            do {
                let response = try await self.ingest(request, context: context)
                metrics.batchAnswered(status: response.status, after: started.duration(to: .now))
                return response
            } catch {
                let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
                metrics.batchAnswered(status: status, after: started.duration(to: .now))
                throw error
            }
        }
    }

    func ingest(_ request: Request, context: some RequestContext) async throws -> Response {
        let sent = try await collectBody(request)
        let gzipped = try Self.isGzip(request.headers[.contentEncoding])
        let device = try await authenticate(request.headers[.authorization], body: sent)
        try await spendBudget(of: device)
        let plain = try decompress(sent, gzipped: gzipped)
        let batch = try Self.decode(plain)
        let checked: CheckedBatch
        do {
            checked = try BatchIngest.check(batch, authenticatedDevice: device)
        } catch {
            throw CollectorHTTPError(Self.status(of: error.kind), error.reason)
        }
        let receivedAt = now()
        let result = try await withStorage { try await storage.ingestCounting(checked, receivedAtMillis: receivedAt) }
        let reply = result.reply
        metrics.batchStored(result, deviceID: device, queueDepth: batch.queueDepth,
                            newestRatingMillis: batch.ratings.filter(\.time.synced).map(\.time.wallMillis).max(), receivedAtMillis: receivedAt)
        context.logger.info("batch stored", metadata: [
            "device": .string(device), "store": .string(reply.storeID),
            "records": .stringConvertible(checked.records.count), "acked_through": .stringConvertible(reply.ackedThrough),
            "rejected": .stringConvertible(reply.rejected.count),
        ])
        let seqs = checked.records.compactMap { record -> Int64? in
            if case .valid(let rating) = record { return rating.seq }
            return nil
        }
        alerts?.afterIngest(deviceID: checked.deviceID, storeID: checked.storeID,
                            seqs: seqs.min().flatMap { low in seqs.max().map { low...$0 } })
        return JSONResponse.make(reply)
    }

    /// The body as sent, refusing more than the limit (413) before reading it where the length is declared.
    private func collectBody(_ request: Request) async throws -> [UInt8] {
        let limit = settings.maxBodyBytes
        let tooLarge = CollectorHTTPError(.contentTooLarge, "the request body exceeds \(limit) bytes; send fewer ratings per batch")
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge }
        do {
            var buffer = try await request.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// Whether the body is gzip; identity (or no header) is plain; anything else is 415.
    static func isGzip(_ header: String?) throws -> Bool {
        do {
            return try BatchBody.isGzip(contentEncoding: header)
        } catch {
            throw Self.httpError(error)
        }
    }

    /// The device that signed the request over the body as sent.
    private func authenticate(_ header: String?, body: [UInt8]) async throws -> String {
        let challenge: HTTPFields = [.wwwAuthenticate: BatchSignature.scheme]
        guard let header else {
            throw CollectorHTTPError(.unauthorized, "missing Authorization header; sign the request with \(BatchSignature.scheme) and the device's secret", headers: challenge)
        }
        guard let (deviceID, signature) = BatchSignature.parse(header: header) else {
            throw CollectorHTTPError(.unauthorized, "malformed Authorization header; expected \"\(BatchSignature.scheme) device=ID,signature=<64 hex digits>\"", headers: challenge)
        }
        guard let device = try await withStorage({ try await storage.device(id: deviceID) }) else {
            throw CollectorHTTPError(.conflict, "device \(deviceID) is not registered with this collector; register it with `rating-collector device add \(deviceID)` and install the printed secret on the device")
        }
        guard !device.retired else {
            throw CollectorHTTPError(.conflict, "device \(deviceID) is retired at this collector; register the terminal again (`rating-collector device add \(deviceID) --rotate`) if it is back in service")
        }
        guard BatchSignature.isValid(signature: signature, secret: device.secret, deviceID: deviceID,
                                     method: "POST", path: WireFormat.batchesPath, body: body) else {
            throw CollectorHTTPError(.unauthorized, "the signature does not match for device \(deviceID); check that the device's secret file holds the secret printed by `rating-collector device add`", headers: challenge)
        }
        return deviceID
    }

    /// Takes one batch from the device's budget; over it → 429 with `Retry-After`.
    private func spendBudget(of device: String) async throws {
        guard let rateLimiter, case .refused(let seconds) = await rateLimiter.take(deviceID: device) else { return }
        throw CollectorHTTPError(.tooManyRequests, "device \(device) sends batches faster than this collector allows; retry after \(seconds) s",
                                 headers: [.retryAfter: String(seconds)])
    }

    private func decompress(_ body: [UInt8], gzipped: Bool) throws -> [UInt8] {
        do {
            return try BatchBody.plain(body, gzipped: gzipped, limit: settings.maxDecompressedBytes)
        } catch {
            throw Self.httpError(error)
        }
    }

    static func decode(_ body: [UInt8]) throws -> UploadBatch {
        do {
            return try BatchBody.batch(fromJSON: body)
        } catch {
            throw Self.httpError(error)
        }
    }

    /// The answer to a body that cannot be read (``BatchBody`` holds the reading itself, pure and fuzzed).
    static func httpError(_ problem: BatchBody.Problem) -> CollectorHTTPError {
        switch problem {
        case .unsupportedEncoding: return CollectorHTTPError(.unsupportedMediaType, problem.description)
        case .gzip(.tooLarge): return CollectorHTTPError(.contentTooLarge, problem.description)
        case .gzip, .malformed: return CollectorHTTPError(.badRequest, problem.description)
        }
    }

    static func status(of kind: BatchProblem.Kind) -> HTTPResponse.Status {
        switch kind {
        case .unsupportedVersion, .malformed: return .unprocessableContent
        case .wrongDevice: return .forbidden
        case .tooManyRatings: return .contentTooLarge
        }
    }

    /// Runs a storage call, turning its failures into 503 (busy or unavailable) or 500.
    private func withStorage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CollectorStorageError {
            throw CollectorHTTPError.storage(error, retryAfterSeconds: settings.retryAfterSeconds)
        }
    }
}
