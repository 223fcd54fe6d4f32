import RatingWire
import Testing

struct GzipTests {
    @Test func roundTripsAndShrinksRepetitiveJSON() throws {
        let text = Array(String(repeating: "{\"seq\":1,\"score\":5,\"site\":\"Điện lực Ba Đình\"},", count: 500).utf8)
        let compressed = try Gzip.compress(text)
        #expect(compressed.starts(with: [0x1f, 0x8b]), "gzip magic")
        #expect(compressed.count < text.count / 10)
        #expect(try Gzip.decompress(compressed, limit: text.count) == text)
    }

    @Test func refusesBombsTruncationAndGarbage() throws {
        let zeros = [UInt8](repeating: 0, count: 1_000_000)
        let bomb = try Gzip.compress(zeros)
        #expect(throws: Gzip.Failure.tooLarge(limit: 10_000)) { try Gzip.decompress(bomb, limit: 10_000) }
        #expect(throws: Gzip.Failure.truncated) { try Gzip.decompress(Array(bomb.prefix(bomb.count / 2)), limit: 2_000_000) }
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(Array("not gzip at all".utf8), limit: 100) }
        #expect(try Gzip.decompress(try Gzip.compress([]), limit: 0) == [])
    }
}
