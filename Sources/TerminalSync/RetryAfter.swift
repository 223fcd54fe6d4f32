/// The `Retry-After` header.
public enum RetryAfter {
    /// Longest wait honoured: a collector asking for more is treated as asking for an hour.
    public static let longest: Duration = .seconds(3_600)

    /// The delay in a `Retry-After` value given as delta-seconds ("5").
    ///
    /// The HTTP-date form is not used by the collector and depends on a wall
    /// clock the terminal may not have yet; it yields `nil`, and the caller's
    /// backoff applies instead.
    public static func parse(_ value: String?) -> Duration? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return min(.seconds(seconds), longest)
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

private extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
