import RatingWire
import TerminalSync
import Testing

struct UploadDecisionTests {
    func reply(_ store: String, _ acked: Int64) throws -> [UInt8] {
        try WireCoding.encode(UploadReply(storeID: store, ackedThrough: acked, rejected: [RejectedRecord(seq: 2, reason: "conflict")]))
    }

    func problem(_ status: Int, gzipped: Bool = true, batchSize: Int = 5) -> UploadProblem? {
        guard case .retryLater(let problem, _, _) = UploadDecision.classify(HTTPResult(status: status), batchSize: batchSize,
                                                                             storeID: "S", gzipped: gzipped) else { return nil }
        return problem
    }

    @Test func okWithAReplyIsAnAcknowledgement() throws {
        let decision = UploadDecision.classify(HTTPResult(status: 200, body: try reply("S", 7)), batchSize: 7, storeID: "S")
        #expect(decision == .acknowledged(UploadReply(storeID: "S", ackedThrough: 7, rejected: [RejectedRecord(seq: 2, reason: "conflict")])))
    }

    @Test func okForAnotherStoreOrUnreadableIsRetriedNotTrusted() throws {
        let other = UploadDecision.classify(HTTPResult(status: 200, body: try reply("OTHER", 7)), batchSize: 7, storeID: "S")
        guard case .retryLater(.malformed, _, nil) = other else {
            Issue.record("a reply for another store must not acknowledge this one: \(other)"); return
        }
        let unreadable = UploadDecision.classify(HTTPResult(status: 200, body: Array("ok".utf8)), batchSize: 7, storeID: "S")
        guard case .retryLater(.malformed, _, nil) = unreadable else {
            Issue.record("an unreadable 200 must not acknowledge: \(unreadable)"); return
        }
    }

    @Test func tooLargeHalvesDownToOneThenRetries() {
        #expect(UploadDecision.classify(HTTPResult(status: 413), batchSize: 500, storeID: "S") == .shrinkBatch(to: 250))
        #expect(UploadDecision.classify(HTTPResult(status: 413), batchSize: 3, storeID: "S") == .shrinkBatch(to: 1))
        #expect(problem(413, batchSize: 1) == .malformed, "a single rating that is too large is retried later, never dropped")
    }

    @Test func unsupportedEncodingDropsGzipOnceThenIsAMalformedBatch() {
        #expect(UploadDecision.classify(HTTPResult(status: 415), batchSize: 1, storeID: "S") == .sendUncompressed)
        #expect(problem(415, gzipped: false) == .malformed, "415 to plain JSON must not loop without a pause")
    }

    @Test func busyHonoursRetryAfter() throws {
        let busy = HTTPResult(status: 503, headers: ["retry-after": "7"], body: try WireCoding.encode(ErrorReply(error: "database busy")))
        #expect(UploadDecision.classify(busy, batchSize: 1, storeID: "S") == .retryLater(.busy, reason: "HTTP 503: database busy", retryAfter: .seconds(7)))
        let slowDown = HTTPResult(status: 429, headers: ["retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"])
        #expect(UploadDecision.classify(slowDown, batchSize: 1, storeID: "S") == .retryLater(.busy, reason: "HTTP 429: no reason given", retryAfter: nil))
    }

    @Test func everyOtherAnswerKeepsTheDataAndSaysWhoMustAct() {
        let expected: [Int: UploadProblem] = [
            400: .malformed, 422: .malformed, 401: .unauthorized, 403: .unauthorized, 409: .unknownDevice,
            500: .serverError, 502: .serverError, 504: .serverError, 301: .unexpected, 404: .unexpected, 201: .unexpected,
        ]
        for (status, kind) in expected {
            #expect(problem(status) == kind, "HTTP \(status)")
        }
        #expect(UploadProblem.malformed.needsAttention && UploadProblem.unauthorized.needsAttention && UploadProblem.unknownDevice.needsAttention)
        #expect(!UploadProblem.busy.needsAttention && !UploadProblem.network.needsAttention && !UploadProblem.serverError.needsAttention)
    }

    @Test func theReasonIsTheCollectorsOwnText() throws {
        let refused = HTTPResult(status: 401, body: try WireCoding.encode(ErrorReply(error: "bad signature")))
        #expect(UploadDecision.classify(refused, batchSize: 1, storeID: "S") == .retryLater(.unauthorized, reason: "HTTP 401: bad signature", retryAfter: nil))
    }
}
