import Foundation

/// Turns the body of `POST /v1/batches` and its `Content-Encoding` into an ``UploadBatch``:
/// the pure steps of ingestion that read untrusted bytes (the collector adds size limits,
/// authentication and the record checks around them). Fuzzed by `fuzz-batch` (fuzz/README.md).
public enum BatchBody {
    /// Why a body cannot be read; the collector maps each case to a status code.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// A `Content-Encoding` other than identity or gzip (415); carries the header as sent.
        case unsupportedEncoding(String)
        /// The gzip body cannot be decompressed (400), or decompresses to more than the limit (413).
        case gzip(Gzip.Failure)
        /// The (decompressed) body is not a version-1 batch in JSON (400): the reason names the JSON path.
        case malformed(String)

        public var description: String {
            switch self {
            case .unsupportedEncoding(let header):
                return "Content-Encoding \"\(header)\" is not supported; send the body plain (identity) or gzip"
            case .gzip(.tooLarge(let limit)):
                return "the body decompresses to more than \(limit) bytes; send fewer ratings per batch"
            case .gzip(let failure):
                return "cannot gunzip the body: \(failure)"
            case .malformed(let reason):
                return "malformed batch: \(reason)"
            }
        }
    }

    /// Whether the body is gzip: identity (or no header) is plain, gzip or x-gzip (any case,
    /// alone or beside identity) is gzip; anything else is ``Problem/unsupportedEncoding(_:)``.
    public static func isGzip(contentEncoding header: String?) throws(Problem) -> Bool {
        let codings = (header ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        switch codings {
        case []: return false
        case ["gzip"], ["x-gzip"]: return true
        default: throw .unsupportedEncoding(header ?? "")
        }
    }

    /// The body without its gzip layer (when `gzipped`), never more than `limit` bytes.
    public static func plain(_ body: [UInt8], gzipped: Bool, limit: Int) throws(Problem) -> [UInt8] {
        guard gzipped else { return body }
        do {
            return try Gzip.decompress(body, limit: limit)
        } catch let failure as Gzip.Failure {
            throw .gzip(failure)
        } catch {
            throw .gzip(.corrupt) // decompress throws only Gzip.Failure; kept total for the typed throw
        }
    }

    /// The batch in a plain JSON body.
    public static func batch(fromJSON body: [UInt8]) throws(Problem) -> UploadBatch {
        do {
            return try WireCoding.decode(UploadBatch.self, from: body)
        } catch let error as DecodingError {
            throw .malformed(DecodingErrorText.describe(error))
        } catch {
            throw .malformed("\(error)")
        }
    }

    /// All three steps: the batch in `body` sent with `contentEncoding`.
    public static func decode(_ body: [UInt8], contentEncoding: String?, limit: Int) throws(Problem) -> UploadBatch {
        try batch(fromJSON: plain(body, gzipped: isGzip(contentEncoding: contentEncoding), limit: limit))
    }
}
