import Foundation
import Logging
import RatingCore
import TerminalApp
import TerminalHardware
import Testing

/// The local service-ended API over real HTTP (curl), on loopback TCP and on a Unix socket.
struct ServiceEndedAPITests {
    let counter = SessionSettings(mode: .counter, window: .seconds(30))

    /// A listener on `address` whose accepted triggers are collected.
    func listen(_ address: LocalListenAddress = .loopback(host: "127.0.0.1", port: 0),
                settings: SessionSettings? = nil) throws -> ServiceEndedListener {
        try ServiceEndedListener(address: address, settings: settings ?? counter, file: "t.toml", logger: Logger(label: "test"))
    }

    func socketPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("trigger-\(UUID().uuidString.prefix(8)).sock").path
    }

    @Test func anAcceptedCallIsA202WithTheWindowAndPassesTicketAndStaff() async throws {
        let listener = try listen()
        defer { listener.close() }
        let answer = try await Curl.send("POST", "/v1/service-ended", body: "{\"ticket\": \"A017\", \"staff\": \"nv07\"}", to: listener.address)
        #expect(answer.status == 202 && answer.body == "{\"window_s\":30}")
        #expect(answer.headers.lowercased().contains("content-type: application/json"))
        let empty = try await Curl.send("POST", "/v1/service-ended", to: listener.address)
        #expect(empty.status == 202, "no body: a trigger without ticket or staff")
        let nulls = try await Curl.send("POST", "/v1/service-ended?source=qms", body: "{\"ticket\": null, \"staff\": \"Lê Thị Hà\"}", to: listener.address)
        #expect(nulls.status == 202)
        listener.close()
        var got: [ServiceEndedTrigger] = []
        for await trigger in listener.triggers { got.append(trigger) }
        #expect(got.map(\.ticket) == ["A017", nil, nil])
        #expect(got.map(\.staff) == ["nv07", nil, "Lê Thị Hà"])
    }

    @Test func malformedBodiesAre400WithTheReason() async throws {
        let listener = try listen()
        defer { listener.close() }
        let cases: [(String, String)] = [
            ("{\"ticket\": ", "the body is not valid JSON"),
            ("[\"A017\"]", "the body must be a JSON object"),
            ("{\"ticket\": 17}", "\"ticket\" must be a string"),
            ("{\"staff\": true}", "\"staff\" must be a string"),
            ("{\"ticket\": \"\(String(repeating: "A", count: 33))\"}", "\"ticket\" is 33 characters long; at most 32"),
            ("{\"ticket\": \"A\\u0007\"}", "\"ticket\" contains control characters"),
            ("{\"tiket\": \"A017\"}", "unknown field \"tiket\""),
        ]
        for (body, reason) in cases {
            let answer = try await Curl.send("POST", "/v1/service-ended", body: body, to: listener.address)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.body.hasPrefix("{\"error\":\"\(reason.replacingOccurrences(of: "\"", with: "\\\""))"), "\(body) → \(answer.body)")
        }
        listener.close()
        var accepted = 0
        for await _ in listener.triggers { accepted += 1 }
        #expect(accepted == 0, "a refused call opens no window")
    }

    @Test func kioskModeIs409AndOtherPathsAndMethodsAre404And405() async throws {
        let kiosk = try listen(settings: SessionSettings(mode: .kiosk))
        defer { kiosk.close() }
        let conflict = try await Curl.send("POST", "/v1/service-ended", body: "{}", to: kiosk.address)
        #expect(conflict.status == 409 && conflict.body.contains("kiosk mode"), "\(conflict.body)")
        let listener = try listen()
        defer { listener.close() }
        let missing = try await Curl.send("POST", "/v1/service-end", to: listener.address)
        #expect(missing.status == 404 && missing.body.contains("POST /v1/service-ended"))
        let method = try await Curl.send("GET", "/v1/service-ended", to: listener.address)
        #expect(method.status == 405 && method.headers.contains("Allow: POST"))
        let chunked = try await Curl.send("POST", "/v1/service-ended", body: "{}", to: listener.address, extra: ["-H", "Transfer-Encoding: chunked"])
        #expect(chunked.status == 411)
        let large = try await Curl.send("POST", "/v1/service-ended", body: String(repeating: " ", count: 2_000), to: listener.address)
        #expect(large.status == 413)
    }

    @Test func webPagesAndForeignHostNamesAreRefused() async throws {
        let listener = try listen()
        defer { listener.close() }
        let fromPage = try await Curl.send("POST", "/v1/service-ended", body: "{}", to: listener.address,
                                           extra: ["-H", "Origin: http://queue.example"])
        #expect(fromPage.status == 403 && fromPage.body.contains("Origin"), "\(fromPage.body)")
        let rebound = try await Curl.send("POST", "/v1/service-ended", body: "{}", to: listener.address,
                                          extra: ["-H", "Host: attacker.example:8765"])
        #expect(rebound.status == 403 && rebound.body.contains("attacker.example"), "\(rebound.body)")
        // A body too large for the API still gets its answer, not a connection reset.
        let python = try await Curl.send("POST", "/v1/service-ended", body: String(repeating: " ", count: 50_000), to: listener.address,
                                         extra: ["-H", "Expect:"])
        #expect(python.status == 413)
        listener.close()
        var got: [ServiceEndedTrigger] = []
        for await trigger in listener.triggers { got.append(trigger) }
        #expect(got.isEmpty, "nothing refused reaches the session")
    }

    @Test func theUnixSocketAnswersAndIsRemovedOnClose() async throws {
        let path = socketPath()
        let listener = try listen(.unixSocket(path: path))
        let answer = try await Curl.send("POST", "/v1/service-ended", body: "{\"ticket\": \"B002\"}", to: listener.address)
        #expect(answer.status == 202)
        var mode = stat()
        #expect(stat(path, &mode) == 0 && mode.st_mode & 0o777 == 0o660, "owner and group may connect")
        listener.close()
        for await trigger in listener.triggers { #expect(trigger.ticket == "B002") }
        for _ in 0..<100 where FileManager.default.fileExists(atPath: path) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed when the terminal stops")
    }

    @Test func aPortOrSocketInUseIsAClearErrorNamingTheAddress() throws {
        let first = try listen()
        defer { first.close() }
        #expect {
            _ = try listen(first.address)
        } throws: { error in
            let text = "\(error)"
            return text.contains("trigger_listen in t.toml") && text.contains("cannot listen on \(first.address)") && text.contains("ss -ltnp")
        }
        let path = socketPath()
        let live = try listen(.unixSocket(path: path))
        defer { live.close() }
        #expect(throws: TriggerListenError.self) { _ = try listen(.unixSocket(path: path)) }
        #expect {
            _ = try listen(.unixSocket(path: "/nonexistent-folder/trigger.sock"))
        } throws: { "\($0)".contains("the folder /nonexistent-folder does not exist") }
    }

    @Test func aStaleSocketFileFromAnEarlierRunIsReplaced() async throws {
        let path = socketPath()
        let old = try listen(.unixSocket(path: path))
        old.close()
        // A crash leaves the file behind: make one nobody listens on.
        for _ in 0..<100 where FileManager.default.fileExists(atPath: path) { try await Task.sleep(for: .milliseconds(10)) }
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(stale)
        #expect(bound == 0 && FileManager.default.fileExists(atPath: path))
        let listener = try listen(.unixSocket(path: path))
        defer { listener.close() }
        #expect(try await Curl.send("POST", "/v1/service-ended", to: listener.address).status == 202)
    }
}
