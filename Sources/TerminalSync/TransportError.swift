import CCurl

/// A libcurl call failed, so no HTTP answer arrived.
public struct TransportError: Error, Equatable, CustomStringConvertible {
    /// The libcurl operation that failed, e.g. `curl_easy_perform` or `curl_easy_setopt(CURLOPT_CAINFO)`.
    public var operation: String
    /// The address asked for, when there was one.
    public var url: String?
    /// libcurl's `CURLcode`.
    public var code: Int
    /// `curl_easy_strerror` for the code, plus libcurl's error buffer when it says more.
    public var message: String

    public init(operation: String, url: String? = nil, code: Int, message: String) {
        self.operation = operation
        self.url = url
        self.code = code
        self.message = message
    }

    /// libcurl gave up waiting (connect, total or low-speed timeout).
    public var isTimeout: Bool { code == Int(CURLE_OPERATION_TIMEDOUT.rawValue) }

    /// Nothing accepted the connection (refused, unreachable).
    public var isConnectFailure: Bool { code == Int(CURLE_COULDNT_CONNECT.rawValue) }

    public var description: String {
        let target = url.map { " (POST \($0))" } ?? ""
        return "\(operation)\(target) failed: \(message) (curl code \(code))"
    }

    /// The error for `code`, with libcurl's own words for it.
    static func curl(_ operation: String, url: String? = nil, _ code: CURLcode, detail: String = "") -> TransportError {
        let text = String(cString: curl_easy_strerror(code))
        let message = detail.isEmpty || detail == text ? text : "\(text): \(detail)"
        return TransportError(operation: operation, url: url, code: Int(code.rawValue), message: message)
    }
}
