import CZlib
import Foundation

/// Just enough of PNG to check a screenshot: the IHDR size, and the pixels of an 8-bit RGB or RGBA
/// non-interlaced image (what Chromium writes), to count its colours.
struct PNGImage {
    var width: Int
    var height: Int
    /// 2 = RGB, 6 = RGBA.
    var colourType: UInt8
    /// Unfiltered scanlines, `width × channels` bytes each.
    var pixels: [UInt8]

    enum Failure: Error, CustomStringConvertible {
        case notPNG(String)
        var description: String { switch self { case .notPNG(let reason): return "not a PNG this test reads: \(reason)" } }
    }

    init(_ data: [UInt8]) throws {
        guard data.count > 33, data.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw Failure.notPNG("no signature") }
        func u32(_ at: Int) -> Int { data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        guard data[12..<16].elementsEqual("IHDR".utf8) else { throw Failure.notPNG("first chunk is not IHDR") }
        width = u32(16)
        height = u32(20)
        let depth = data[24]
        colourType = data[25]
        guard depth == 8, colourType == 2 || colourType == 6, data[28] == 0 else {
            throw Failure.notPNG("bit depth \(depth), colour type \(colourType), interlace \(data[28])")
        }
        var compressed: [UInt8] = []
        var offset = 8
        while offset + 8 <= data.count {
            let length = u32(offset)
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            guard offset + 12 + length <= data.count else { throw Failure.notPNG("chunk \(type) runs past the end") }
            if type == "IDAT" { compressed += data[offset + 8..<offset + 8 + length] }
            offset += 12 + length
        }
        let channels = colourType == 6 ? 4 : 3
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let code = uncompress(&raw, &rawLength, compressed, uLong(compressed.count))
        guard code == Z_OK, Int(rawLength) == raw.count else { throw Failure.notPNG("zlib \(code), \(rawLength) of \(raw.count) bytes") }
        pixels = try Self.unfilter(raw, height: height, stride: stride, channels: channels)
    }

    /// Undoes the per-scanline filters (None, Sub, Up, Average, Paeth).
    static func unfilter(_ raw: [UInt8], height: Int, stride: Int, channels: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1, target = row * stride
            for i in 0..<stride {
                let x = raw[source + i]
                let a = i >= channels ? Int(out[target + i - channels]) : 0
                let b = row > 0 ? Int(out[target - stride + i]) : 0
                let c = i >= channels && row > 0 ? Int(out[target - stride + i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw Failure.notPNG("filter \(filter) on row \(row)")
                }
                out[target + i] = UInt8(truncatingIfNeeded: Int(x) + predictor)
            }
        }
        return out
    }

    /// The distinct RGB colours, and the share of pixels that are not white.
    var colourStatistics: (distinct: Int, nonWhiteShare: Double) {
        let channels = colourType == 6 ? 4 : 3
        var colours = Set<UInt32>()
        var nonWhite = 0
        var index = 0
        while index + 2 < pixels.count {
            let rgb = UInt32(pixels[index]) << 16 | UInt32(pixels[index + 1]) << 8 | UInt32(pixels[index + 2])
            colours.insert(rgb)
            if rgb != 0xFFFFFF { nonWhite += 1 }
            index += channels
        }
        return (colours.count, Double(nonWhite) / Double(max(1, width * height)))
    }
}
