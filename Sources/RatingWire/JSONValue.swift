import Foundation

/// Any JSON value, for a field the wire carries as embedded JSON (a device event's `detail`).
///
/// Codable cannot splice raw JSON text into a document, so the text is parsed into this
/// value and encoded again: key order and spacing are not kept (``WireCoding`` sorts keys),
/// and a number that is not a whole number within `Int64` travels as a `Double`.
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    /// A whole number within `Int64`, kept exactly.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text (any value, not only objects).
    public init(parsing text: String) throws {
        self = try WireCoding.decode(JSONValue.self, from: Array(text.utf8))
    }

    /// The value as compact JSON text with sorted keys: equal values give equal text.
    public func text() throws -> String {
        String(decoding: try WireCoding.encode(self), as: UTF8.self)
    }

    /// Whether the value is a JSON object.
    public var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Booleans first and whole numbers before Double, so that `true`, `1` and `1.5` keep their kinds.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
