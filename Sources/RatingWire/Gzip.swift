import CZlib

/// Gzip encoding of upload bodies (`Content-Encoding: gzip`).
public enum Gzip {
    /// Why compressing or decompressing failed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// zlib refused to start or failed (its return code).
        case zlib(operation: String, code: Int32)
        /// The input is not valid gzip data.
        case corrupt
        /// The input ended before the gzip stream did.
        case truncated
        /// The decompressed data would exceed `limit` bytes.
        case tooLarge(limit: Int)

        public var description: String {
            switch self {
            case .zlib(let operation, let code): return "zlib \(operation) failed (code \(code))"
            case .corrupt: return "the body is not valid gzip data"
            case .truncated: return "the gzip body ends early"
            case .tooLarge(let limit): return "the body decompresses to more than \(limit) bytes"
            }
        }
    }

    /// Compresses `bytes` into one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        let started = czlib_deflate_init_gzip(&stream, level)
        guard started == Z_OK else { throw Failure.zlib(operation: "deflateInit2", code: started) }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        let code: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard code == Z_STREAM_END else { throw Failure.zlib(operation: "deflate", code: code) }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Decompresses one gzip member, refusing to produce more than `limit` bytes.
    public static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        let started = czlib_inflate_init_gzip(&stream)
        guard started == Z_OK else { throw Failure.zlib(operation: "inflateInit2", code: started) }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return try input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    let code = inflate(&stream, Z_NO_FLUSH)
                    return (code, outBuffer.count - Int(stream.avail_out))
                }
                guard output.count + produced <= limit else { throw Failure.tooLarge(limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
                switch code {
                case Z_STREAM_END: return output
                case Z_OK: continue
                case Z_BUF_ERROR where stream.avail_in == 0: throw Failure.truncated
                case Z_DATA_ERROR, Z_NEED_DICT: throw Failure.corrupt
                default: throw Failure.zlib(operation: "inflate", code: code)
                }
            }
        }
    }
}
