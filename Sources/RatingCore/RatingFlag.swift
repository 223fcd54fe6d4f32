/// A mark stored with a press that should not be counted as an ordinary rating.
///
/// Flagged presses are always stored (no press is ever dropped); reports leave
/// them out unless asked for them.
public enum RatingFlag: String, CaseIterable, Hashable, Sendable, Codable {
    /// Not the press that counts: within the response interval of the last counted press
    /// (kiosk mode), or after the first press of a rating window (counter mode).
    case `repeat`
    /// Counter mode: pressed while no rating window was open.
    case noWindow = "no_window"
    /// One of N or more presses within M seconds (`SessionSettings.burstPresses`, `burstWindow`):
    /// a child playing, or someone inflating scores. The whole group carries it.
    case burst

    /// Encodes a flag set as the comma-separated form used in storage ("no_window,repeat").
    public static func encode(_ flags: Set<RatingFlag>) -> String {
        flags.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// Decodes the comma-separated storage form; unknown names are kept out and returned apart.
    public static func decode(_ text: String) -> (flags: Set<RatingFlag>, unknown: [String]) {
        var flags = Set<RatingFlag>()
        var unknown: [String] = []
        for part in text.split(separator: ",") where !part.isEmpty {
            if let flag = RatingFlag(rawValue: String(part)) { flags.insert(flag) } else { unknown.append(String(part)) }
        }
        return (flags, unknown)
    }
}
