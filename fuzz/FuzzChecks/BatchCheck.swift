import RatingWire

/// `fuzz-batch`: the collector's reading of an upload (``BatchBody``). The input is the
/// `Content-Encoding` header on its first line (an empty line: no header) and the body after it.
///
/// Invariants: the body gives a batch or a `BatchBody.Problem`, never a crash; gzip is
/// transparent (the plain body gzipped reads to the same result); the limit on decompressed
/// bytes holds; a batch read encodes and reads back to itself, and its encoding is canonical.
enum BatchCheck {
    /// Small, so that the fuzzer reaches the limit (the collector's default is 4 MiB).
    static let limit = 64 << 10

    static func check(_ input: [UInt8]) throws(FuzzViolation) {
        let newline = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.endIndex
        let headerText = String(decoding: input[..<newline], as: UTF8.self)
        let header: String? = headerText.isEmpty ? nil : headerText
        let body = Array(input[min(newline + 1, input.endIndex)...])

        let encoding = Result { () throws(BatchBody.Problem) in try BatchBody.isGzip(contentEncoding: header) }
        let upper = Result { () throws(BatchBody.Problem) in try BatchBody.isGzip(contentEncoding: header.map(asciiUppercased)) }
        try require((try? encoding.get()) == (try? upper.get()), .batch, "Content-Encoding \(header ?? "nil") reads differently in upper case")
        guard case .success(let gzipped) = encoding else {
            try require(header != nil, .batch, "a request without Content-Encoding is refused")
            return
        }
        let outcome = read(body, gzipped: gzipped)
        if gzipped, case .success(let plain) = outcome.plain {
            try require(plain.count <= limit, .batch, "gunzip produced \(plain.count) bytes, over the limit \(limit)")
            try requireGzipRoundTrip(plain)
        }
        if !gzipped {
            try requireGzipRoundTrip(body)
            // Gzip is transparent: the same body sent gzipped reads the same.
            if body.count <= limit, let compressed = try? Gzip.compress(body) {
                let viaGzip = read(compressed, gzipped: true)
                try require(viaGzip.batch == outcome.batch, .batch, "the body gzipped reads as \(viaGzip.batch), plain as \(outcome.batch)")
            }
        }
        if case .success(let batch) = outcome.batch {
            try requireRoundTrip(batch)
        }
    }

    /// HTTP's case-insensitivity is ASCII's: other letters stay as they are.
    static func asciiUppercased(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ("a"..."z").contains($0) ? Unicode.Scalar($0.value - 32) ?? $0 : $0 }))
    }

    struct Outcome {
        var plain: Result<[UInt8], BatchBody.Problem>
        var batch: Result<UploadBatch, BatchBody.Problem>
    }

    static func read(_ body: [UInt8], gzipped: Bool) -> Outcome {
        let plain = Result { () throws(BatchBody.Problem) in try BatchBody.plain(body, gzipped: gzipped, limit: limit) }
        let batch = plain.flatMap { plain in Result { () throws(BatchBody.Problem) in try BatchBody.batch(fromJSON: plain) } }
        return Outcome(plain: plain, batch: batch)
    }

    static func requireGzipRoundTrip(_ bytes: [UInt8]) throws(FuzzViolation) {
        do {
            let back = try Gzip.decompress(try Gzip.compress(bytes), limit: max(bytes.count, 1))
            try require(back == bytes, .batch, "gzip round trip of \(bytes.count) bytes gave \(back.count) other bytes")
        } catch let violation as FuzzViolation {
            throw violation
        } catch {
            throw FuzzViolation(target: FuzzTarget.batch.rawValue, message: "gzip round trip of \(bytes.count) bytes failed: \(error)")
        }
    }

    static func requireRoundTrip(_ batch: UploadBatch) throws(FuzzViolation) {
        do {
            let encoded = try WireCoding.encode(batch)
            let back = try BatchBody.batch(fromJSON: encoded)
            try require(back == batch, .batch, "a batch encoded and read back differs:\n\(batch)\n\(back)")
            try require(try WireCoding.encode(back) == encoded, .batch, "a batch's encoding is not canonical")
        } catch let violation as FuzzViolation {
            throw violation
        } catch {
            throw FuzzViolation(target: FuzzTarget.batch.rawValue, message: "a batch read from JSON cannot be written and read back: \(error)")
        }
    }
}
