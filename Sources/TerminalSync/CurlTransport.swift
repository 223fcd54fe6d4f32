import CCurl
import Dispatch

/// HTTP over libcurl, for an unattended device.
///
/// - One reused easy handle, so connections and TLS sessions are reused between batches.
/// - `curl_easy_perform` blocks, so every request runs on a dedicated serial
///   `DispatchQueue`, never on Swift's cooperative pool (two threads on the
///   board, shared with the button path), bridged with a checked continuation.
///   One request runs at a time; others wait their turn on the queue.
/// - Cancelling the calling task aborts the transfer within about a second
///   (libcurl's progress callback) and throws `CancellationError`.
/// - Proxies come from the environment, libcurl's default, kept on purpose:
///   `http_proxy`, `https_proxy` (or `HTTPS_PROXY`), `all_proxy` and `no_proxy`.
///   Upper-case `HTTP_PROXY` is ignored by libcurl (the "httpoxy" rule).
/// - Redirects are not followed, and only `http` and `https` are allowed.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // SAFETY: `handle` is used only on `queue`, a serial queue, and every block on it
    // holds a strong reference to `self`; so it is freed in deinit only when no call
    // can be running or pending any more.
    private let handle: UnsafeMutableRawPointer
    private let queue = DispatchQueue(label: "rating-terminal.curl")
    private let settings: CurlSettings

    /// Creates the easy handle. Throws `TransportError` if libcurl cannot start.
    public init(settings: CurlSettings = CurlSettings()) throws {
        try CurlGlobal.initialise()
        guard let handle = curl_easy_init() else {
            throw TransportError(operation: "curl_easy_init", code: Int(CURLE_FAILED_INIT.rawValue),
                                 message: "libcurl could not create a handle")
        }
        self.handle = handle
        self.settings = settings
    }

    deinit { curl_easy_cleanup(handle) }

    public func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResult {
        let context = CurlRequestContext()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [self] in
                    continuation.resume(with: Result { try perform(url: url, headers: headers, body: body, context: context) })
                }
            }
        } onCancel: {
            context.cancel()
        }
    }

    /// Runs one request; only on `queue`.
    private func perform(url: String, headers: [(String, String)], body: [UInt8], context: CurlRequestContext) throws -> HTTPResult {
        if context.isCancelled { throw CancellationError() }
        // "Expect:" suppresses "Expect: 100-continue", which would cost a round trip per batch.
        let headerList = try CurlHeaderList(lines: headers.map { "\($0.0): \($0.1)" } + ["Expect:"])
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        curl_easy_reset(handle)
        // Why reset afterwards too: the handle keeps raw pointers to this call's body, error
        // buffer and header list. Reset forgets them; it keeps connections and TLS sessions.
        defer { curl_easy_reset(handle) }

        let code: CURLcode = try withExtendedLifetime((context, headerList)) {
            try body.withUnsafeBufferPointer { bodyBuffer in
                try errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                    try configure(url: url, headerList: headerList, body: bodyBuffer, errorBuffer: errorPointer, context: context)
                    return curl_easy_perform(handle)
                }
            }
        }
        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK && context.isCancelled { throw CancellationError() }
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw TransportError.curl("curl_easy_perform", url: url, code, detail: detail)
        }
        let status = try info(CURLINFO_RESPONSE_CODE, "CURLINFO_RESPONSE_CODE")
        let headerBytes = try info(CURLINFO_REQUEST_SIZE, "CURLINFO_REQUEST_SIZE")
        return HTTPResult(status: status, headers: context.headers, body: context.body, bytesSent: headerBytes + body.count)
    }

    /// Sets every option of one request.
    private func configure(url: String, headerList: CurlHeaderList, body: UnsafeBufferPointer<UInt8>,
                           errorBuffer: UnsafeMutableBufferPointer<CChar>, context: CurlRequestContext) throws {
        try set(CURLOPT_ERRORBUFFER, "CURLOPT_ERRORBUFFER", pointer: UnsafeMutableRawPointer(errorBuffer.baseAddress))
        try set(CURLOPT_URL, "CURLOPT_URL", string: url)
        try set(CURLOPT_PROTOCOLS_STR, "CURLOPT_PROTOCOLS_STR", string: "http,https")
        try set(CURLOPT_POST, "CURLOPT_POST", 1)
        try set(CURLOPT_POSTFIELDSIZE_LARGE, "CURLOPT_POSTFIELDSIZE_LARGE", offT: curl_off_t(body.count))
        if let start = body.baseAddress {
            try set(CURLOPT_POSTFIELDS, "CURLOPT_POSTFIELDS", pointer: UnsafeMutableRawPointer(mutating: start))
        } else {
            // An empty array has no storage; a NULL body would make libcurl read stdin instead.
            try set(CURLOPT_COPYPOSTFIELDS, "CURLOPT_COPYPOSTFIELDS", string: "")
        }
        try set(CURLOPT_HTTPHEADER, "CURLOPT_HTTPHEADER", list: headerList.pointer)
        try set(CURLOPT_USERAGENT, "CURLOPT_USERAGENT", string: settings.userAgent)
        // Why: libcurl's default uses signals (SIGALRM) for DNS timeouts, unsafe in a threaded program.
        try set(CURLOPT_NOSIGNAL, "CURLOPT_NOSIGNAL", 1)
        try set(CURLOPT_FOLLOWLOCATION, "CURLOPT_FOLLOWLOCATION", 0)
        try set(CURLOPT_TCP_KEEPALIVE, "CURLOPT_TCP_KEEPALIVE", 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, "CURLOPT_CONNECTTIMEOUT_MS", settings.connectTimeout.curlMilliseconds)
        try set(CURLOPT_TIMEOUT_MS, "CURLOPT_TIMEOUT_MS", settings.totalTimeout.curlMilliseconds)
        try set(CURLOPT_LOW_SPEED_LIMIT, "CURLOPT_LOW_SPEED_LIMIT", max(1, settings.lowSpeedLimitBytes))
        try set(CURLOPT_LOW_SPEED_TIME, "CURLOPT_LOW_SPEED_TIME", settings.lowSpeedTime.curlSeconds)
        if let caFile = settings.caFile, !caFile.isEmpty { try set(CURLOPT_CAINFO, "CURLOPT_CAINFO", string: caFile) }
        try set(CURLOPT_WRITEFUNCTION, "CURLOPT_WRITEFUNCTION", callback: curlBodyCallback)
        try set(CURLOPT_WRITEDATA, "CURLOPT_WRITEDATA", pointer: context.opaque)
        try set(CURLOPT_HEADERFUNCTION, "CURLOPT_HEADERFUNCTION", callback: curlHeaderCallback)
        try set(CURLOPT_HEADERDATA, "CURLOPT_HEADERDATA", pointer: context.opaque)
        try set(CURLOPT_NOPROGRESS, "CURLOPT_NOPROGRESS", 0)
        try set(CURLOPT_XFERINFOFUNCTION, "CURLOPT_XFERINFOFUNCTION", progress: curlProgressCallback)
        try set(CURLOPT_XFERINFODATA, "CURLOPT_XFERINFODATA", pointer: context.opaque)
    }
}

// Typed setters: each checks libcurl's answer and names the option that failed.
extension CurlTransport {
    private func check(_ code: CURLcode, _ operation: @autoclosure () -> String) throws {
        guard code == CURLE_OK else { throw TransportError.curl(operation(), code) }
    }

    private func set(_ option: CURLoption, _ name: String, _ value: Int) throws {
        try check(ccurl_setopt_long(handle, option, value), "curl_easy_setopt(\(name))")
    }

    private func set(_ option: CURLoption, _ name: String, string: String) throws {
        try check(ccurl_setopt_string(handle, option, string), "curl_easy_setopt(\(name))")
    }

    private func set(_ option: CURLoption, _ name: String, offT: curl_off_t) throws {
        try check(ccurl_setopt_off_t(handle, option, offT), "curl_easy_setopt(\(name))")
    }

    private func set(_ option: CURLoption, _ name: String, pointer: UnsafeMutableRawPointer?) throws {
        try check(ccurl_setopt_pointer(handle, option, pointer), "curl_easy_setopt(\(name))")
    }

    private func set(_ option: CURLoption, _ name: String, list: UnsafeMutablePointer<curl_slist>?) throws {
        try check(ccurl_setopt_slist(handle, option, list), "curl_easy_setopt(\(name))")
    }

    private func set(_ option: CURLoption, _ name: String, callback: ccurl_data_callback) throws {
        try check(ccurl_setopt_data_callback(handle, option, callback), "curl_easy_setopt(\(name))")
    }

    private func set(_ option: CURLoption, _ name: String, progress: ccurl_xferinfo_callback) throws {
        try check(ccurl_setopt_xferinfo_callback(handle, option, progress), "curl_easy_setopt(\(name))")
    }

    private func info(_ item: CURLINFO, _ name: String) throws -> Int {
        var value = 0
        try check(ccurl_getinfo_long(handle, item, &value), "curl_easy_getinfo(\(name))")
        return value
    }
}
