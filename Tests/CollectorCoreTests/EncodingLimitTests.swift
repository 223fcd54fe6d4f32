import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire
import Testing

@Suite("Size limits and content encodings of POST /v1/batches")
struct EncodingLimitTests {
    /// 5 MiB of zeros gzipped: a few KiB as sent, over the 4 MiB decompressed limit.
    static func bomb() throws -> [UInt8] {
        try Gzip.compress([UInt8](repeating: 0, count: 5 << 20), level: 9)
    }

    @Test func defaultsAreOneMiBAsSentAndFourMiBDecompressed() {
        let settings = CollectorSettings()
        #expect(settings.maxBodyBytes == 1 << 20)
        #expect(settings.maxDecompressedBytes == 4 << 20)
    }

    @Test func gunzipStopsAtTheLimitInsteadOfInflatingEverything() throws {
        var bomb = try Self.bomb()
        #expect(bomb.count < 64 << 10)
        // Spoil the gzip trailer (CRC-32 and length): inflating to the end would report corrupt data,
        // so `tooLarge` shows the reading stopped at the limit, long before the end.
        for index in bomb.indices.suffix(8) { bomb[index] ^= 0xFF }
        #expect(throws: Gzip.Failure.tooLarge(limit: 4 << 20)) { try Gzip.decompress(bomb, limit: 4 << 20) }
        #expect(throws: Gzip.Failure.corrupt) { try Gzip.decompress(bomb, limit: 6 << 20) }
    }

    @Test(arguments: Backend.allCases) func gzipBombIs413(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(try Self.bomb(), secret: secret, encoding: "gzip")
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorReason().contains("decompresses to more than \(4 << 20) bytes"))
        }
    }

    @Test(arguments: Backend.allCases) func unknownOrStackedEncodingsAre415(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let body = try WireCoding.encode(batch([rating(1)]))
            for encoding in ["br", "deflate", "gzip, gzip", "compress", "gzip, br"] {
                let response = try await client.postBatch(body, secret: secret, encoding: encoding)
                #expect(response.status == .unsupportedMediaType, "\(encoding)")
                #expect(try response.errorReason().contains("\"\(encoding)\""), "\(encoding)")
            }
            #expect(try await client.postBatch(body, secret: secret, encoding: "identity").status == .ok)
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.map(\.seq) == [1])
        }
    }
}
