import CCurl
import Foundation

/// libcurl's body callback: appends to the request's `CurlRequestContext`.
let curlBodyCallback: ccurl_data_callback = { data, size, count, opaque in
    guard let data, let opaque else { return 0 } // 0 tells libcurl to abort: it never happens with our setup
    let context = CurlRequestContext.from(opaque)
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        context.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

/// libcurl's header callback: one header line per call ("Name: value\r\n", or a status line).
let curlHeaderCallback: ccurl_data_callback = { data, size, count, opaque in
    guard let data, let opaque else { return 0 }
    let context = CurlRequestContext.from(opaque)
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        context.headers = [:] // a new response (e.g. after 100 Continue): forget the previous one's headers
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        context.headers[name] = value
    }
    return length
}

/// libcurl's progress callback (at least once a second): a non-zero answer aborts the
/// transfer with `CURLE_ABORTED_BY_CALLBACK`, which is how task cancellation reaches it.
let curlProgressCallback: ccurl_xferinfo_callback = { opaque, _, _, _, _ in
    guard let opaque else { return 0 }
    return CurlRequestContext.from(opaque).isCancelled ? 1 : 0
}

/// `curl_global_init` once per process, and SIGPIPE ignored.
enum CurlGlobal {
    private static let result: CURLcode = {
        // Why: with CURLOPT_NOSIGNAL libcurl does not guard against SIGPIPE itself, and a
        // peer closing a TLS connection under OpenSSL would kill the daemon. Nothing in
        // this program wants SIGPIPE's default action; write errors arrive as EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Runs the one-time set-up (thread-safe: Swift's lazy globals are initialised once).
    static func initialise() throws {
        guard result == CURLE_OK else { throw TransportError.curl("curl_global_init", result) }
    }
}
