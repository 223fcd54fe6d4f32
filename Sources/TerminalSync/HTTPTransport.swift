/// One HTTP POST and its answer: the uploader's only view of the network.
/// `CurlTransport` is the real one; tests pass fakes.
public protocol HTTPTransport: Sendable {
    /// Posts `body` to `url` and returns the answer, whatever its status.
    /// Throws only when no answer arrived (refused, timed out, TLS failure…).
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> HTTPResult
}

/// An HTTP answer.
public struct HTTPResult: Sendable, Equatable {
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
}

/// No answer arrived.
public struct TransportError: Error, Equatable, CustomStringConvertible {
    /// The libcurl operation that failed.
    public var operation: String
    /// libcurl's code.
    public var code: Int
    /// libcurl's text for the code, plus its error buffer when it has one.
    public var message: String

    public init(operation: String, code: Int, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    public var description: String { "\(operation) failed: \(message) (curl code \(code))" }
}
