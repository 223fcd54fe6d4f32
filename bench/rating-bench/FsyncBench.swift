import Foundation

/// The disk's floor: a raw 4 KiB write + fdatasync, repeated, in the same folder as the store.
enum FsyncBench {
    static func run(folder: String, count: Int) throws -> LatencyStats {
        let path = folder + "/fsync-probe.bin"
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard fd >= 0 else { throw BenchError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd); unlink(path) }
        let block = [UInt8](repeating: 0xa5, count: 4096)
        var samples: [UInt64] = []
        for index in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t(index % 256) * 4096) }
            guard written == 4096 else { throw BenchError("pwrite: \(String(cString: strerror(errno)))") }
            guard fdatasync(fd) == 0 else { throw BenchError("fdatasync: \(String(cString: strerror(errno)))") }
            samples.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        return LatencyStats(nanoseconds: samples)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
