import Logging
import RatingWire
import TerminalSync
import Testing

/// The upload loop against an in-memory queue and a scripted transport.
@Suite(.timeLimit(.minutes(1)))
struct UploaderTests {
    let secret = DeviceSecret.random()

    func settings(gzip: Bool = true, idle: Duration = .seconds(3_600), heartbeat: Duration? = nil) -> UploaderSettings {
        UploaderSettings(collectorURL: "http://collector.test/", deviceID: "D", secret: secret, idleInterval: idle,
                         startupDelayMax: .zero, gzip: gzip, backoff: Backoff(base: .milliseconds(1), cap: .milliseconds(5)),
                         heartbeatInterval: heartbeat)
    }

    func uploader(_ queue: MemoryQueue, _ transport: some HTTPTransport, settings: UploaderSettings? = nil) -> Uploader {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return Uploader(settings: settings ?? self.settings(), queue: queue, transport: transport, clock: FakeClock(), logger: logger)
    }

    /// Runs an uploader until the queue says everything is acknowledged.
    func drain(_ queue: MemoryQueue, _ transport: ScriptedTransport, settings: UploaderSettings? = nil) async {
        let uploader = uploader(queue, transport, settings: settings)
        let task = Task { await uploader.run() }
        _ = await first(queue.whenDrained)
        task.cancel()
        await task.value
    }

    @Test func drainsABacklogInSeqOrderInSignedGzipBatchesOfAtMost500() async throws {
        let queue = MemoryQueue(count: 1_234)
        let transport = ScriptedTransport()
        await drain(queue, transport)
        let requests = await transport.requests
        #expect(requests.map(\.batch.ratings.count) == [500, 500, 234])
        #expect(requests.flatMap(\.batch.ratings).map(\.seq) == Array(1...1_234))
        #expect(requests.map(\.batch.queueDepth) == [1_234, 734, 234])
        #expect(requests.allSatisfy { $0.url == "http://collector.test/v1/batches" })
        #expect(requests.allSatisfy { $0.header("Content-Encoding") == "gzip" && $0.header("Content-Type") == "application/json" })
        #expect(requests.allSatisfy { $0.batch.deviceID == "D" && $0.batch.storeID == "store-1" && $0.batch.sentAt == WireTime(FakeClock().now()) })
        for request in requests {
            let parsed = try #require(BatchSignature.parse(header: request.header("Authorization") ?? ""))
            #expect(parsed.deviceID == "D")
            #expect(BatchSignature.isValid(signature: parsed.signature, secret: secret, deviceID: "D", method: "POST",
                                           path: "/v1/batches", body: request.body), "signed over the gzipped body as sent")
        }
        #expect(await queue.ackedThrough == 1_234)
        #expect(await queue.rejected == [RejectedRecord(seq: 2, reason: "conflict")], "rejected records reach the queue")
        let reports = await queue.reports
        #expect(reports.map(\.remaining) == [734, 234, 0])
        #expect(reports.map(\.ackedThrough) == [500, 1_000, 1_234])
        #expect(reports.allSatisfy { $0.succeeded && $0.httpStatus == 200 && $0.problem == nil })
    }

    @Test func anIdleTerminalSendsOneEmptyHeartbeatBatchPerInterval() async throws {
        let queue = MemoryQueue(count: 0)
        let transport = ScriptedTransport()
        let uploader = uploader(queue, transport, settings: settings(heartbeat: .seconds(600)))
        let task = Task { await uploader.run() }
        _ = await first(queue.whenDrained) // the heartbeat's answer was handed to the queue
        // Two more wake-ups with nothing to send: the fake clock has not moved, so no second heartbeat.
        var emptyReads = queue.whenFoundEmpty.makeAsyncIterator()
        for _ in 1...3 {
            _ = await emptyReads.next()
            uploader.notifyNewRating()
        }
        task.cancel()
        await task.value
        let batches = await transport.batches
        #expect(batches.count == 1)
        #expect(batches.first?.ratings.isEmpty == true && batches.first?.queueDepth == 0 && batches.first?.storeID == "store-1")
    }

    @Test func aHeartbeatIsDueAtStartThenAnIntervalAfterTheLastBatchOfAnyKind() {
        var heartbeat = Heartbeat(interval: .seconds(600))
        #expect(heartbeat.isDue(atNanos: 5))
        heartbeat.sent(atNanos: 5)
        #expect(!heartbeat.isDue(atNanos: 5 + 599_999_999_999))
        #expect(heartbeat.isDue(atNanos: 5 + 600_000_000_000))
        heartbeat.sent(atNanos: 700_000_000_000) // a batch of ratings counts as contact too
        #expect(!heartbeat.isDue(atNanos: 1_000_000_000_000))
        #expect(!Heartbeat(interval: nil).isDue(atNanos: 1), "heartbeat_interval_s = 0: never")
    }

    @Test func tooLargeHalvesTheBatchAndNothingIsSkipped() async throws {
        let queue = MemoryQueue(count: 40)
        let transport = ScriptedTransport(script: [HTTPResult(status: 413), HTTPResult(status: 413)])
        await drain(queue, transport)
        #expect(await transport.batches.map(\.ratings.count) == [40, 20, 10, 10, 10, 10])
        #expect(await transport.batches.dropFirst(2).flatMap(\.ratings).map(\.seq) == Array(1...40))
        #expect(await queue.ackedThrough == 40)
    }

    @Test func aSingleRatingTooLargeIsRetriedWithBackoffNotDropped() async throws {
        let queue = MemoryQueue(count: 4)
        let transport = ScriptedTransport(script: Array(repeating: HTTPResult(status: 413), count: 5))
        await drain(queue, transport)
        #expect(await transport.batches.map(\.ratings.count) == [4, 2, 1, 1, 1, 1, 1, 1, 1])
        #expect(await transport.batches.prefix(6).dropFirst(2).allSatisfy { $0.ratings.map(\.seq) == [1] })
        #expect(await queue.reports.compactMap(\.problem) == [.malformed, .malformed, .malformed])
        #expect(await queue.ackedThrough == 4)
    }

    @Test func busyWithRetryAfterWaitsThatLong() async throws {
        let queue = MemoryQueue(count: 3)
        let transport = ScriptedTransport(script: [HTTPResult(status: 503, headers: ["retry-after": "1"])])
        await drain(queue, transport)
        let requests = await transport.requests
        #expect(requests.count == 2)
        let waited = requests[0].at.duration(to: requests[1].at)
        #expect(waited >= .seconds(1), "Retry-After: 1 honoured although the backoff cap is 5 ms (waited \(waited))")
        #expect(await queue.reports.first?.problem == .busy)
    }

    @Test func everyRefusalKeepsTheSameRatingsUntilAcknowledged() async throws {
        let queue = MemoryQueue(count: 3)
        let statuses = [400, 401, 403, 409, 422, 500, 503]
        let transport = ScriptedTransport(script: statuses.map { HTTPResult(status: $0, headers: ["retry-after": "0"]) })
        await drain(queue, transport)
        let batches = await transport.batches
        #expect(batches.count == statuses.count + 1)
        #expect(batches.allSatisfy { $0.ratings.map(\.seq) == [1, 2, 3] }, "the same ratings every time: nothing dropped")
        let reports = await queue.reports
        #expect(reports.map(\.httpStatus) == (statuses + [200]).map(Optional.some))
        #expect(reports.map(\.problem) == [.malformed, .unauthorized, .unauthorized, .unknownDevice, .malformed, .serverError, .busy, nil])
        #expect(reports.dropLast().allSatisfy { !$0.succeeded && $0.remaining == 3 })
        #expect(reports[1].summary.contains("secret"), "the status line tells the technician what to check: \(reports[1].summary)")
        #expect(reports.last?.succeeded == true)
    }

    @Test func unsupportedMediaTypeSwitchesToPlainJSONOnce() async throws {
        let queue = MemoryQueue(count: 2)
        let transport = ScriptedTransport(script: [HTTPResult(status: 415), HTTPResult(status: 415)])
        await drain(queue, transport)
        #expect(await transport.encodings == ["gzip", nil, nil])
        #expect(await queue.reports.map(\.problem) == [nil, .malformed, nil])
    }

    @Test func aQueueThatFailsToReadIsRetried() async throws {
        let queue = MemoryQueue(count: 5, failReads: 2)
        let transport = ScriptedTransport()
        await drain(queue, transport)
        #expect(await queue.ackedThrough == 5)
    }

    @Test func anEmptyQueueWaitsForAWakeUpAndUploadsAtOnce() async throws {
        let queue = MemoryQueue(count: 0)
        let transport = ScriptedTransport()
        let uploader = uploader(queue, transport) // idle interval: an hour
        let task = Task { await uploader.run() }
        _ = await first(queue.whenFoundEmpty)
        #expect(await transport.requests.isEmpty, "nothing to send: no request")
        await queue.add(3)
        let start = ContinuousClock.now
        uploader.notifyNewRating()
        uploader.notifyNewRating()
        _ = await first(queue.whenDrained)
        #expect(start.duration(to: .now) < .seconds(10), "woken, not waiting for the hour")
        #expect(await transport.batches.map { $0.ratings.map(\.seq) } == [[1, 2, 3]])
        task.cancel()
        await task.value
    }

    @Test func withoutAWakeUpTheIdleIntervalStillUploads() async throws {
        let queue = MemoryQueue(count: 0)
        let transport = ScriptedTransport()
        let uploader = uploader(queue, transport, settings: settings(idle: .milliseconds(50)))
        let task = Task { await uploader.run() }
        _ = await first(queue.whenFoundEmpty)
        await queue.add(2)
        _ = await first(queue.whenDrained)
        #expect(await queue.ackedThrough == 2)
        task.cancel()
        await task.value
    }

    @Test func progressStreamsEveryAttempt() async throws {
        let queue = MemoryQueue(count: 600)
        let transport = ScriptedTransport(script: [HTTPResult(status: 500)])
        let uploader = uploader(queue, transport)
        let task = Task { await uploader.run() }
        var seen: [UploadReport] = []
        for await report in uploader.attempts {
            seen.append(report)
            if report.succeeded && report.remaining == 0 { break }
        }
        task.cancel()
        await task.value
        #expect(seen.map(\.httpStatus) == [500, 200, 200])
        #expect(seen.map(\.remaining) == [600, 100, 0])
    }

    @Test func cancellationEndsTheLoopPromptlyEvenMidRequest() async throws {
        let queue = MemoryQueue(count: 3)
        let (started, signal) = AsyncStream<Void>.makeStream()
        let uploader = uploader(queue, HangingTransport(started: signal))
        let task = Task { await uploader.run() }
        _ = await first(started)
        let start = ContinuousClock.now
        task.cancel()
        await task.value
        #expect(start.duration(to: .now) < .seconds(5))
        #expect(await queue.ackedThrough == 0, "nothing acknowledged, nothing lost")
        #expect(await queue.reports.isEmpty, "a cancelled attempt is not reported as a failure")
    }

    @Test func aSecondRunDoesNothing() async throws {
        let queue = MemoryQueue(count: 1)
        let transport = ScriptedTransport()
        let uploader = uploader(queue, transport)
        let task = Task { await uploader.run() }
        _ = await first(queue.whenDrained)
        await uploader.run() // returns at once instead of reading the stream twice
        task.cancel()
        await task.value
        #expect(await transport.requests.count == 1)
    }
}
