import AsyncHTTPClient
import Foundation
import NIOCore
import RatingWire

/// POSTs one alert as JSON (`{"alert": {…}}`) to the configured URL, through AsyncHTTPClient's shared client.
public struct AlertWebhook: Sendable {
    public var url: String
    public var timeout: Duration

    /// Checks the URL: http or https with a host.
    public init(url: String, timeout: Duration = .seconds(10)) throws(AlertWebhookError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else {
            throw AlertWebhookError("alert webhook \(url) must be an http:// or https:// URL with a host, e.g. https://ops.example.vn/hooks/ratings")
        }
        self.url = url
        self.timeout = timeout
    }

    /// The body sent for `alert`.
    public static func body(for alert: Alert) throws -> [UInt8] {
        var pulled = PulledAlert(alert)
        pulled.webhook = nil
        pulled.acknowledgedAt = nil
        pulled.acknowledgedBy = nil
        pulled.note = nil
        return try WireCoding.encode(AlertEnvelope(alert: pulled))
    }

    /// Sends `alert`; returns normally on a 2xx answer, else throws what went wrong (for `last_error`).
    public func send(_ alert: Alert) async throws(AlertWebhookError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "rating-collector")
        do {
            request.body = .bytes(ByteBuffer(bytes: try Self.body(for: alert)))
        } catch {
            throw AlertWebhookError("cannot encode alert \(alert.id): \(error)")
        }
        let response: HTTPClientResponse
        let deadline = TimeAmount.milliseconds(max(1, timeout.millis))
        do {
            response = try await HTTPClient.shared.execute(request, timeout: deadline)
        } catch {
            throw AlertWebhookError("POST \(url) failed: \(error)")
        }
        // Read a little of the answer for the error text; the rest is dropped with the response.
        let answer = (try? await response.body.collect(upTo: 512)).map { String(buffer: $0) } ?? ""
        guard (200..<300).contains(Int(response.status.code)) else {
            let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
            throw AlertWebhookError("POST \(url) answered \(response.status.code)\(text.isEmpty ? "" : ": \(text.prefix(200))")")
        }
    }
}

/// Why a webhook URL was not accepted, or why a delivery failed.
public struct AlertWebhookError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
