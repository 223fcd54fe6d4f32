import Foundation
import RatingWire
import TerminalSync
import Testing

/// The real libcurl transport against a real HTTP peer on 127.0.0.1.
@Suite(.timeLimit(.minutes(1)))
struct CurlTransportTests {
    let settings = CurlSettings(connectTimeout: .seconds(2), totalTimeout: .seconds(10), userAgent: "rating-terminal/test")

    @Test func postsTheBodyAndHeadersAndReadsTheAnswer() async throws {
        let reply = try WireCoding.encode(UploadReply(storeID: "S", ackedThrough: 3, rejected: []))
        let responder = try LoopbackResponder(answers: [.respond(status: "200 OK", headers: [("Content-Type", "application/json")], body: reply)])
        defer { responder.stop() }
        let body = try Gzip.compress(Array(#"{"hello":"Quầy 3"}"#.utf8))
        let headers = [("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("Authorization", "RT1-HMAC-SHA256 device=D,signature=00")]
        let transport = try CurlTransport(settings: settings)
        let result = try await transport.post(url: "http://127.0.0.1:\(responder.port)/v1/batches", headers: headers, body: body)
        #expect(result.status == 200)
        #expect(result.body == reply)
        #expect(result.header("content-type") == "application/json")
        #expect(result.bytesSent > body.count)
        let request = try #require(await first(responder.requests))
        #expect(request.line == "POST /v1/batches HTTP/1.1")
        #expect(request.body == body, "binary body arrives byte for byte")
        #expect(request.headers["content-encoding"] == "gzip")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["authorization"] == "RT1-HMAC-SHA256 device=D,signature=00")
        #expect(request.headers["user-agent"] == "rating-terminal/test")
        #expect(request.headers["content-length"] == "\(body.count)")
        #expect(request.headers["expect"] == nil, "no 100-continue round trip")
    }

    @Test func readsA503AndItsRetryAfterThenReusesTheHandle() async throws {
        let responder = try LoopbackResponder(answers: [
            .respond(status: "503 Service Unavailable", headers: [("Retry-After", "7")], body: Array(#"{"error":"database busy"}"#.utf8)),
            .respond(status: "200 OK", headers: [], body: Array("second".utf8)),
        ])
        defer { responder.stop() }
        let transport = try CurlTransport(settings: settings)
        let url = "http://127.0.0.1:\(responder.port)/v1/batches"
        let busy = try await transport.post(url: url, headers: [], body: Array("one".utf8))
        #expect(busy.status == 503)
        #expect(busy.header("Retry-After") == "7")
        #expect(busy.retryAfter == .seconds(7))
        guard case .retryLater(.busy, "HTTP 503: database busy", .seconds(7)) = UploadDecision.classify(busy, batchSize: 1, storeID: "S") else {
            Issue.record("a real 503 answer is classified as busy"); return
        }
        let second = try await transport.post(url: url, headers: [("X-Try", "2")], body: Array("two".utf8))
        #expect(second.status == 200)
        #expect(second.body == Array("second".utf8))
        #expect(second.header("retry-after") == nil, "headers of the previous answer are gone")
        var iterator = responder.requests.makeAsyncIterator()
        #expect(await iterator.next()?.body == Array("one".utf8))
        let request = await iterator.next()
        #expect(request?.body == Array("two".utf8))
        #expect(request?.headers["x-try"] == "2")
    }

    @Test func anEmptyBodyIsSentAsAnEmptyPost() async throws {
        let responder = try LoopbackResponder(answers: [.respond(status: "400 Bad Request", headers: [], body: [])])
        defer { responder.stop() }
        let result = try await CurlTransport(settings: settings).post(url: "http://127.0.0.1:\(responder.port)/v1/batches", headers: [], body: [])
        #expect(result.status == 400)
        let request = try #require(await first(responder.requests))
        #expect(request.headers["content-length"] == "0")
        #expect(request.body.isEmpty)
    }

    @Test func nothingListeningIsATransportErrorNamingCurl() async throws {
        let port = try LoopbackResponder.unusedPort()
        let transport = try CurlTransport(settings: settings)
        do {
            _ = try await transport.post(url: "http://127.0.0.1:\(port)/v1/batches", headers: [], body: [1, 2, 3])
            Issue.record("a refused connection must throw")
        } catch let error as TransportError {
            #expect(error.isConnectFailure)
            #expect(error.operation == "curl_easy_perform")
            #expect(error.message.contains("Couldn't connect to server"), "curl_easy_strerror text: \(error.message)")
            #expect(error.description.contains("127.0.0.1:\(port)"))
        }
    }

    @Test func aPeerThatNeverAnswersTimesOut() async throws {
        let responder = try LoopbackResponder(answers: [.silence])
        defer { responder.stop() }
        let quick = CurlSettings(connectTimeout: .seconds(2), totalTimeout: .milliseconds(300))
        // The check is curl's own verdict (a timeout), not the elapsed time: wall-clock bounds
        // fail on a loaded machine without saying anything about the transport.
        do {
            _ = try await CurlTransport(settings: quick).post(url: "http://127.0.0.1:\(responder.port)/v1/batches", headers: [], body: [1])
            Issue.record("a silent peer must time out")
        } catch let error as TransportError {
            #expect(error.isTimeout, "\(error)")
        }
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let responder = try LoopbackResponder(answers: [.silence])
        defer { responder.stop() }
        let transport = try CurlTransport(settings: CurlSettings(totalTimeout: .seconds(50)))
        let url = "http://127.0.0.1:\(responder.port)/v1/batches"
        let request = Task { try await transport.post(url: url, headers: [], body: [1]) }
        _ = await first(responder.requests) // the request is in flight
        let start = ContinuousClock.now
        request.cancel()
        let outcome = await request.result
        #expect(start.duration(to: .now) < .seconds(5), "aborted within about a second, not after the 50 s timeout")
        guard case .failure(let error) = outcome, error is CancellationError else {
            Issue.record("expected CancellationError, got \(outcome)"); return
        }
    }

    @Test func aMissingCABundleIsReportedByCurl() async throws {
        let responder = try LoopbackResponder(answers: [.silence])
        defer { responder.stop() }
        let transport = try CurlTransport(settings: CurlSettings(caFile: "/nonexistent/ca.pem", connectTimeout: .seconds(2), totalTimeout: .seconds(5)))
        do {
            _ = try await transport.post(url: "https://127.0.0.1:\(responder.port)/v1/batches", headers: [], body: [1])
            Issue.record("TLS with a missing CA file must fail")
        } catch let error as TransportError {
            #expect(error.operation == "curl_easy_perform")
            #expect(!error.isConnectFailure, "the connection was made; TLS set-up failed: \(error)")
        }
    }
}
