/// One HTTP/1.1 request to a `LocalHTTPServer`: small, one per connection.
public struct LocalHTTPRequest: Sendable, Equatable {
    /// `POST`, `GET`, … as sent.
    public var method: String
    /// The target without its query string, e.g. `/v1/service-ended`.
    public var path: String
    /// The body (at most `LocalHTTPRequestReader.maxBody` bytes).
    public var body: [UInt8]

    public init(method: String, path: String, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.body = body
    }
}

/// The answer to a `LocalHTTPRequest`: a status and a JSON body.
public struct LocalHTTPResponse: Sendable, Equatable {
    public var status: Int
    /// A JSON document (sent as `application/json`).
    public var json: String
    /// The methods a path takes, sent as `Allow` with a 405.
    public var allow: String?

    public init(status: Int, json: String, allow: String? = nil) {
        self.status = status
        self.json = json
        self.allow = allow
    }

    /// `{"error": reason}` with `status`.
    public static func error(_ status: Int, _ reason: String, allow: String? = nil) -> LocalHTTPResponse {
        LocalHTTPResponse(status: status, json: "{\"error\":\(jsonString(reason))}", allow: allow)
    }

    /// The bytes sent on the wire; the connection closes after them.
    var wire: [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reasonPhrase(status))\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(json.utf8.count + 1)\r\nConnection: close\r\n"
        if let allow { head += "Allow: \(allow)\r\n" }
        return Array((head + "\r\n" + json + "\n").utf8)
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 202: "Accepted"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        default: status < 300 ? "OK" : "Error"
        }
    }
}

/// `text` as a JSON string literal (quotes, backslashes and control characters escaped).
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
