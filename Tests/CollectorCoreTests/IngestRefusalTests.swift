import CollectorCore
import Foundation
import Hummingbird
import HummingbirdTesting
import RatingWire
import Testing

@Suite("POST /v1/batches refuses what it cannot take, storing nothing")
struct IngestRefusalTests {
    @Test(arguments: Backend.allCases) func wrongSecretIs401AndStoresNothing(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            let response = try await client.postBatch(batch([rating(1)]), secret: DeviceSecret.random())
            #expect(response.status == .unauthorized)
            #expect(try response.errorReason().contains("signature does not match"))
            #expect(response.headers[.wwwAuthenticate] == BatchSignature.scheme)
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func missingOrMalformedAuthorizationIs401(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        try await fixture.withServer { client in
            let body = ByteBuffer(bytes: try WireCoding.encode(batch([rating(1)])))
            let missing = try await client.execute(uri: WireFormat.batchesPath, method: .post, body: body)
            #expect(missing.status == .unauthorized)
            #expect(try missing.errorReason().contains("missing Authorization"))
            let malformed = try await client.execute(uri: WireFormat.batchesPath, method: .post,
                                                     headers: [.authorization: "Bearer abc"], body: body)
            #expect(malformed.status == .unauthorized)
            #expect(try malformed.errorReason().contains("malformed Authorization"))
        }
    }

    @Test(arguments: Backend.allCases) func unknownOrRetiredDeviceIs409(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let stranger = DeviceSecret.random()
        try await fixture.storage.addDevice(id: "OLD-1", secret: stranger, addedAtMillis: 0)
        try await fixture.storage.retireDevice(id: "OLD-1")
        try await fixture.withServer { client in
            let body = try WireCoding.encode(batch([rating(1)], deviceID: "NOBODY"))
            let unknown = try await client.postBatch(body, secret: stranger, deviceID: "NOBODY")
            #expect(unknown.status == .conflict)
            #expect(try unknown.errorReason().contains("rating-collector device add NOBODY"))
            let retiredBody = try WireCoding.encode(batch([rating(1)], deviceID: "OLD-1"))
            let retired = try await client.postBatch(retiredBody, secret: stranger, deviceID: "OLD-1")
            #expect(retired.status == .conflict)
            #expect(try retired.errorReason().contains("retired"))
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func bodyOverTheLimitIs413(backend: Backend) async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.maxBodyBytes = 2_000
        let fixture = try await CollectorFixture(backend: backend, settings: settings)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let big = batch((1...40).map { rating($0) })
            let bytes = try WireCoding.encode(big)
            #expect(bytes.count > 2_000)
            let response = try await client.postBatch(bytes, secret: secret)
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorReason().contains("2000 bytes"))
            // The same batch gzipped fits as sent, but not once decompressed when that limit is small.
            let small = try await client.postBatch(try Gzip.compress(bytes), secret: secret, encoding: "gzip")
            #expect(small.status == .ok)
            #expect(try await client.getJSON("/v1/ratings?limit=1000", as: RatingsPage.self).ratings.count == 40)
        }
    }

    @Test(arguments: Backend.allCases) func decompressedBodyOverTheLimitIs413(backend: Backend) async throws {
        var settings = CollectorSettings(host: "127.0.0.1", port: 0)
        settings.maxDecompressedBytes = 1_000
        let fixture = try await CollectorFixture(backend: backend, settings: settings)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let bytes = try Gzip.compress(try WireCoding.encode(batch((1...40).map { rating($0) })))
            let response = try await client.postBatch(bytes, secret: secret, encoding: "gzip")
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorReason().contains("decompresses to more than 1000 bytes"))
        }
    }

    @Test(arguments: Backend.allCases) func tooManyRatingsIs413(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(batch((1...501).map { rating($0) }), secret: secret)
            #expect(response.status == .contentTooLarge)
            #expect(try response.errorReason().contains("at most 500"))
        }
    }

    @Test(arguments: Backend.allCases) func unknownContentEncodingIs415(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(try WireCoding.encode(batch([rating(1)])), secret: secret, encoding: "br")
            #expect(response.status == .unsupportedMediaType)
            #expect(try response.errorReason().contains("\"br\""))
        }
    }

    @Test(arguments: Backend.allCases) func malformedJSONIs400WithTheReason(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let notJSON = try await client.postBatch(Array("{not json".utf8), secret: secret)
            #expect(notJSON.status == .badRequest)
            #expect(try notJSON.errorReason().hasPrefix("malformed batch: the body is not valid JSON"))
            let missingKey = try await client.postBatch(Array(#"{"version":1}"#.utf8), secret: secret)
            #expect(missingKey.status == .badRequest)
            #expect(try missingKey.errorReason().contains("missing key"))
        }
    }

    @Test(arguments: Backend.allCases) func otherVersionOrBadOrderIs422(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let version = try await client.postBatch(batch([rating(1)], version: 2), secret: secret)
            #expect(version.status == .unprocessableContent)
            #expect(try version.errorReason().contains("version 2"))
            let order = try await client.postBatch(batch([rating(2), rating(1)]), secret: secret)
            #expect(order.status == .unprocessableContent)
            #expect(try order.errorReason().contains("strictly increasing"))
            let noStore = try await client.postBatch(batch([rating(1)], storeID: ""), secret: secret)
            #expect(noStore.status == .unprocessableContent)
            #expect(try await client.getJSON("/v1/ratings", as: RatingsPage.self).ratings.isEmpty)
        }
    }

    @Test(arguments: Backend.allCases) func batchForAnotherDeviceIs403(backend: Backend) async throws {
        let fixture = try await CollectorFixture(backend: backend)
        defer { fixture.removeFolder() }
        let secret = fixture.secret
        try await fixture.withServer { client in
            let response = try await client.postBatch(batch([rating(1)], deviceID: "SOMEONE-ELSE"), secret: secret)
            #expect(response.status == .forbidden)
            #expect(try response.errorReason().contains("signed by device \(CollectorFixture.deviceID)"))
        }
    }
}
