import RatingCore
import RatingWire

/// The self-test's question to the collector: is it reachable, and does it accept this device?
///
/// It sends a signed batch with no records: the same URL, TLS, secret and device checks as a
/// real upload, with nothing to store. The answer is only reported; it acknowledges nothing.
public enum CollectorProbe {
    /// The outcome: `ok` when the collector answered 200 for this store; `detail` says what happened.
    public struct Outcome: Sendable, Equatable {
        public var ok: Bool
        public var detail: String

        public init(ok: Bool, detail: String) {
            self.ok = ok
            self.detail = detail
        }
    }

    public static func run(settings: UploaderSettings, storeID: String, unsentCount: Int, transport: any HTTPTransport,
                           sentAt: DeviceTime) async -> Outcome {
        let pending = PendingBatch(storeID: storeID, ratings: [], unsentCount: unsentCount)
        let url = settings.collectorURL + WireFormat.batchesPath
        do {
            let request = try BatchRequest.make(pending, settings: settings, gzip: false, sentAt: sentAt)
            let result = try await transport.post(url: url, headers: request.headers, body: request.body)
            switch UploadDecision.classify(result, batchSize: 0, storeID: storeID, gzipped: false) {
            case .acknowledged:
                return Outcome(ok: true, detail: "\(settings.collectorURL) accepts device \(settings.deviceID)")
            case .retryLater(let problem, let reason, _):
                return Outcome(ok: false, detail: "\(url): \(reason); \(problem.hint)")
            case .shrinkBatch, .sendUncompressed:
                return Outcome(ok: false, detail: "\(url): HTTP \(result.status): \(UploadDecision.reason(result))")
            }
        } catch {
            return Outcome(ok: false, detail: "\(url): \(error); check the network, [collector] url and ca_file")
        }
    }
}
