import CCurl
import Foundation

/// Collects one response's headers and body from libcurl's callbacks.
final class ResponseCollector {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
}

/// libcurl's body callback: appends to the `ResponseCollector` passed as context.
let curlBodyCallback: ccurl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) { collector.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

/// libcurl's header callback: one header line per call ("Name: value\r\n", or the status line).
let curlHeaderCallback: ccurl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let collector = Unmanaged<ResponseCollector>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) }
    if line.hasPrefix("HTTP/") {
        collector.headers = [:] // a new response (e.g. after 100 Continue): forget the previous one's headers
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        collector.headers[name] = value
    }
    return length
}

/// `curl_global_init` once per process, and SIGPIPE ignored.
enum CurlGlobal {
    private static let done: Bool = {
        // Why: with CURLOPT_NOSIGNAL libcurl does not guard against SIGPIPE itself; a peer
        // closing a TLS connection must not kill the daemon.
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func initialise() { _ = done }
}
