/// One HTTP POST and its answer: the uploader's only view of the network.
/// `CurlTransport` is the real one; tests pass fakes.
public protocol HTTPTransport: Sendable {
    /// Posts `body` to `url` and returns the answer, whatever its status.
    ///
    /// Throws `TransportError` only when no answer arrived (refused, timed out,
    /// TLS failure…), and `CancellationError` when the calling task was cancelled.
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResult
}

/// An HTTP answer.
public struct HTTPResult: Sendable, Equatable {
    /// The status code of the final response.
    public var status: Int
    /// Header names in lower case; the last value wins.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Bytes sent for the request (headers and body), as the transport counted them.
    public var bytesSent: Int

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], bytesSent: Int = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytesSent = bytesSent
    }

    /// A header's value by name, in any case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The `Retry-After` delay, when the answer has one in delta-seconds form.
    public var retryAfter: Duration? { RetryAfter.parse(header("Retry-After")) }
}
