import Foundation
import RatingCore
import TerminalHardware

/// The local API for queue-management systems (`[session] trigger_listen`):
///
/// `POST /v1/service-ended` with an optional JSON body `{"ticket": "A017", "staff": "nv07"}`
/// (each optional: a string of 1–32 printable characters, or null) tells the terminal that
/// the clerk ended a service; in counter mode that opens a rating window. Answers:
/// - 202 `{"window_s": 30}`: accepted; the window opens as the terminal handles it (at once);
/// - 400 `{"error": …}`: not JSON, not an object, an unknown field, a wrong type, too long, unprintable;
/// - 409 `{"error": …}`: the terminal is in kiosk mode (no rating windows);
/// - 404 for other paths, 405 (with `Allow: POST`) for other methods.
public struct ServiceEndedAPI: Sendable {
    /// The one path.
    public static let path = "/v1/service-ended"
    /// The longest ticket or staff id, in characters.
    public static let maxFieldLength = 32

    let settings: SessionSettings
    let deliver: @Sendable (ServiceEndedTrigger) -> Void

    /// Answers with the session's `settings`; an accepted call is handed to `deliver`.
    public init(settings: SessionSettings, deliver: @escaping @Sendable (ServiceEndedTrigger) -> Void) {
        self.settings = settings
        self.deliver = deliver
    }

    /// The answer to one request; calls `deliver` only for an accepted trigger.
    public func respond(to request: LocalHTTPRequest) -> LocalHTTPResponse {
        guard request.path == Self.path else { return .error(404, "no such path; the terminal takes POST \(Self.path)") }
        guard request.method == "POST" else { return .error(405, "use POST for \(Self.path)", allow: "POST") }
        guard settings.mode == .counter else {
            return .error(409, "the terminal is in kiosk mode: it has no rating windows ([session] mode = \"counter\" turns them on)")
        }
        let fields: (ticket: String?, staff: String?)
        switch Self.parse(request.body) {
        case .success(let parsed): fields = parsed
        case .failure(let problem): return .error(400, problem.reason)
        }
        deliver(ServiceEndedTrigger(ticket: fields.ticket, staff: fields.staff, at: MonotonicClock.now()))
        return LocalHTTPResponse(status: 202, json: "{\"window_s\":\(settings.window.components.seconds)}")
    }

    struct Problem: Error { var reason: String }

    /// The body's ticket and staff; an empty body has neither.
    static func parse(_ body: [UInt8]) -> Result<(ticket: String?, staff: String?), Problem> {
        guard body.contains(where: { !" \t\r\n".utf8.contains($0) }) else { return .success((nil, nil)) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return .failure(Problem(reason: "the body is not valid JSON; send e.g. {\"ticket\": \"A017\", \"staff\": \"nv07\"}"))
        }
        guard let dictionary = object as? [String: Any] else {
            return .failure(Problem(reason: "the body must be a JSON object, e.g. {\"ticket\": \"A017\", \"staff\": \"nv07\"}"))
        }
        if let unknown = dictionary.keys.sorted().first(where: { $0 != "ticket" && $0 != "staff" }) {
            return .failure(Problem(reason: "unknown field \"\(unknown)\"; the fields are \"ticket\" and \"staff\""))
        }
        do {
            return .success((try field("ticket", dictionary["ticket"]), try field("staff", dictionary["staff"])))
        } catch {
            return .failure(error)
        }
    }

    /// A field's text: absent, null or "" is none; anything but a short printable string is refused.
    static func field(_ name: String, _ value: Any?) throws(Problem) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        // Why the type check first: on Linux a JSON number or boolean is an NSNumber, never a String.
        guard let text = value as? String, !(value is NSNumber) else {
            throw Problem(reason: "\"\(name)\" must be a string")
        }
        if text.isEmpty { return nil }
        guard text.count <= maxFieldLength else {
            throw Problem(reason: "\"\(name)\" is \(text.count) characters long; at most \(maxFieldLength)")
        }
        guard text.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace || $0 == " " }),
              text.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }) else {
            throw Problem(reason: "\"\(name)\" contains control characters; use printable text")
        }
        return text
    }
}
