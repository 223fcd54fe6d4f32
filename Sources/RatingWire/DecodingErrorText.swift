/// A person-readable sentence for a `DecodingError`, naming the JSON path
/// (shared by the collector's JSON endpoints and ``BatchBody``).
public enum DecodingErrorText {
    /// The sentence for `error`.
    public static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let detail = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return context.codingPath.isEmpty
                ? "the body is not valid JSON: \(context.debugDescription)\(detail)"
                : "invalid value at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing key \(path(context.codingPath + [key]))"
        case .valueNotFound(let type, let context):
            return "missing \(type) value at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(type): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }

    /// `ratings[3].score` style.
    public static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text.isEmpty ? "the top level" : text
    }
}
