/// Text safe to put into HTML and SVG, and the dashboard's number formats.
enum HTMLText {
    /// `text` with `& < > " '` escaped: safe as element content and inside quoted attributes.
    ///
    /// Site and counter names come from the devices' config files: never trust them.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` as a URL query value (RFC 3986 unreserved characters kept, the rest percent-encoded as UTF-8).
    static func queryValue(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return result
    }

    /// A share 0…1 as a whole percentage, `81 %`.
    static func percent(_ share: Double) -> String { "\(wholePercent(share)) %" }

    /// A share 0…1 as a whole number of percent.
    static func wholePercent(_ share: Double) -> Int { Int((share * 100).rounded()) }

    /// One decimal with a point, `4.2`.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// A duration as the largest sensible unit, bilingual-neutral: `45 s`, `12 min`, `3 h`, `2 d`.
    static func age(_ millis: Int64) -> String {
        let seconds = max(0, millis / 1000)
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        if seconds < 172_800 { return "\(seconds / 3600) h" }
        return "\(seconds / 86400) d"
    }
}
