/// Reads a fuzz input as a few small choices followed by free text, so that one byte string
/// drives a structured call (a grid size, a flag, a screen) and the mutator can reach them all.
struct FuzzBytes {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next byte, 0 once the input is used up.
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A number in `range`, from the next byte.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(byte()) % range.count
    }

    mutating func bool() -> Bool { byte() & 1 == 1 }

    /// The rest of the input as text (invalid UTF-8 repaired, as a reader of device text would).
    mutating func restAsText() -> String {
        defer { position = bytes.count }
        return String(decoding: bytes[min(position, bytes.count)...], as: UTF8.self)
    }
}
