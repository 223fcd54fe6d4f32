/// The rules for a device id as registered with the collector.
public enum DeviceID {
    /// Longest accepted id.
    public static let maxLength = 128

    /// Why `id` cannot be a device id, or `nil` if it can.
    ///
    /// Ids travel in the `Authorization` header (`device=ID,signature=…`), so
    /// they are printable ASCII without spaces, commas or quotes.
    public static func problem(with id: String) -> String? {
        if id.isEmpty { return "the device id is empty" }
        if id.utf8.count > maxLength { return "the device id is longer than \(maxLength) characters" }
        let forbidden: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\\")]
        for byte in id.utf8 where byte <= 0x20 || byte >= 0x7f || forbidden.contains(byte) {
            return "device id \"\(id)\" may hold only printable ASCII letters, digits and punctuation, without spaces, commas, quotes or backslashes (e.g. HN-BD-Q3)"
        }
        return nil
    }
}
