import RatingWire
import Testing

struct BatchSignatureTests {
    let secret = DeviceSecret.random()
    let body = Array("{\"ratings\":[]}".utf8)

    @Test func aSignedRequestVerifies() throws {
        let header = BatchSignature.header(secret: secret, deviceID: "HN-BD-Q3", method: "POST", path: "/v1/batches", body: body)
        let parsed = try #require(BatchSignature.parse(header: header))
        #expect(parsed.deviceID == "HN-BD-Q3")
        #expect(BatchSignature.isValid(signature: parsed.signature, secret: secret, deviceID: "HN-BD-Q3", method: "POST", path: "/v1/batches", body: body))
    }

    @Test func anyChangeBreaksTheSignature() throws {
        let header = BatchSignature.header(secret: secret, deviceID: "A", method: "POST", path: "/v1/batches", body: body)
        let signature = try #require(BatchSignature.parse(header: header)).signature
        #expect(!BatchSignature.isValid(signature: signature, secret: DeviceSecret.random(), deviceID: "A", method: "POST", path: "/v1/batches", body: body))
        #expect(!BatchSignature.isValid(signature: signature, secret: secret, deviceID: "B", method: "POST", path: "/v1/batches", body: body))
        #expect(!BatchSignature.isValid(signature: signature, secret: secret, deviceID: "A", method: "PUT", path: "/v1/batches", body: body))
        #expect(!BatchSignature.isValid(signature: signature, secret: secret, deviceID: "A", method: "POST", path: "/v1/other", body: body))
        #expect(!BatchSignature.isValid(signature: signature, secret: secret, deviceID: "A", method: "POST", path: "/v1/batches", body: body + [0x20]))
    }

    @Test func malformedHeadersAreRefused() {
        #expect(BatchSignature.parse(header: "Bearer abc") == nil)
        #expect(BatchSignature.parse(header: "RT1-HMAC-SHA256 device=A") == nil)
        #expect(BatchSignature.parse(header: "RT1-HMAC-SHA256 device=A,signature=zz") == nil)
        #expect(BatchSignature.parse(header: "RT1-HMAC-SHA256 device=,signature=" + String(repeating: "00", count: 32)) == nil)
    }

    @Test func secretsRoundTripThroughTheirHexFile() throws {
        let parsed = try #require(DeviceSecret(hex: secret.hex + "\n"))
        #expect(parsed == secret)
        #expect(secret.hex.count == 64)
        #expect(DeviceSecret(hex: "abcd") == nil)
    }
}
