import CCurl
import Dispatch
import Foundation

/// HTTP over libcurl: one reused easy handle (connection reuse, TLS session
/// reuse), on a dedicated serial queue, because `curl_easy_perform` blocks and
/// Swift's cooperative threads (two on the board) must never wait on the network.
///
/// Proxies come from the environment (`https_proxy`, `http_proxy`, `no_proxy`),
/// libcurl's default, which is kept on purpose.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // SAFETY: `handle` is only used on `queue`, a serial queue; it is freed in deinit,
    // when no call can be running any more.
    private let handle: UnsafeMutableRawPointer
    private let queue = DispatchQueue(label: "rating-terminal.curl")
    private let settings: CurlSettings

    public init(settings: CurlSettings = CurlSettings()) throws {
        CurlGlobal.initialise()
        guard let handle = curl_easy_init() else {
            throw TransportError(operation: "curl_easy_init", code: -1, message: "libcurl could not create a handle")
        }
        self.handle = handle
        self.settings = settings
    }

    deinit { curl_easy_cleanup(handle) }

    public func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResult {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                continuation.resume(with: Result { try perform(url: url, headers: headers, body: body) })
            }
        }
    }

    /// Runs one request on `queue`.
    private func perform(url: String, headers: [(String, String)], body: [UInt8]) throws -> HTTPResult {
        curl_easy_reset(handle)
        let collector = ResponseCollector()
        let context = Unmanaged.passRetained(collector)
        defer { context.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        // "Expect: 100-continue" would cost a round trip per batch; the collector answers directly.
        headerList = curl_slist_append(headerList, "Expect:")
        defer { curl_slist_free_all(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = body.withUnsafeBufferPointer { bodyBuffer in
            errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
                do {
                    try set(CURLOPT_URL, string: url)
                    try set(CURLOPT_POST, 1)
                    try set(CURLOPT_POSTFIELDSIZE_LARGE, offT: curl_off_t(body.count))
                    try set(CURLOPT_POSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: bodyBuffer.baseAddress))
                    try set(CURLOPT_HTTPHEADER, list: headerList)
                    try set(CURLOPT_NOSIGNAL, 1)
                    try set(CURLOPT_FOLLOWLOCATION, 0)
                    try set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout.components.seconds * 1000 + settings.connectTimeout.components.attoseconds / 1_000_000_000_000_000))
                    try set(CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout.components.seconds * 1000 + settings.totalTimeout.components.attoseconds / 1_000_000_000_000_000))
                    try set(CURLOPT_LOW_SPEED_LIMIT, settings.lowSpeedLimitBytes)
                    try set(CURLOPT_LOW_SPEED_TIME, Int(settings.lowSpeedTime.components.seconds))
                    try set(CURLOPT_USERAGENT, string: settings.userAgent)
                    if let caFile = settings.caFile { try set(CURLOPT_CAINFO, string: caFile) }
                    try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorPointer.baseAddress))
                    try set(CURLOPT_WRITEFUNCTION, callback: curlBodyCallback)
                    try set(CURLOPT_WRITEDATA, pointer: context.toOpaque())
                    try set(CURLOPT_HEADERFUNCTION, callback: curlHeaderCallback)
                    try set(CURLOPT_HEADERDATA, pointer: context.toOpaque())
                } catch {
                    return CURLE_FAILED_INIT
                }
                return curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let text = String(cString: curl_easy_strerror(code))
            throw TransportError(operation: "POST \(url)", code: Int(code.rawValue), message: detail.isEmpty ? text : "\(text): \(detail)")
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var requestSize = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestSize)
        return HTTPResult(status: status, headers: collector.headers, body: collector.body, bytesSent: requestSize + body.count)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code == CURLE_OK else {
            throw TransportError(operation: "curl_easy_setopt(\(option.rawValue))", code: Int(code.rawValue),
                                 message: String(cString: curl_easy_strerror(code)))
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws { try check(ccurl_setopt_long(handle, option, value), option) }
    private func set(_ option: CURLoption, string: String) throws { try check(ccurl_setopt_string(handle, option, string), option) }
    private func set(_ option: CURLoption, offT: curl_off_t) throws { try check(ccurl_setopt_off_t(handle, option, offT), option) }
    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws { try check(ccurl_setopt_pointer(handle, option, pointer), option) }
    private func set(_ option: CURLoption, list: UnsafeMutablePointer<curl_slist>?) throws { try check(ccurl_setopt_slist(handle, option, list), option) }
    private func set(_ option: CURLoption, callback: ccurl_data_callback) throws { try check(ccurl_setopt_data_callback(handle, option, callback), option) }
}
