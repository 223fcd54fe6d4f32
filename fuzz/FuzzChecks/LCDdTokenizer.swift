/// LCDd's reading of one command line into words (server/parse.c `get_args`): words split at
/// spaces and tabs; double or single quotes group a word; a backslash escapes the next byte
/// (`\n`, `\r`, `\t` become control bytes). A model of the peer, for ``LCDprocCheck``.
enum LCDdTokenizer {
    static func words(_ line: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var word: [UInt8]?
        var quote: UInt8?
        var index = 0
        while index < line.count {
            let byte = line[index]
            index += 1
            if byte == UInt8(ascii: "\\"), index < line.count {
                let next = line[index]
                index += 1
                let escaped: UInt8 = switch next {
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: next
                }
                word = (word ?? []) + [escaped]
            } else if let open = quote {
                if byte == open { quote = nil } else { word = (word ?? []) + [byte] }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
                word = word ?? []
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if let done = word { words.append(done) }
                word = nil
            } else {
                word = (word ?? []) + [byte]
            }
        }
        if let done = word { words.append(done) }
        return words
    }
}
