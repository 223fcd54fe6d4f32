import DisplayModels
import Foundation
import Testing

extension PseudoTerminal {
    /// The device side's path (/dev/pts/N), for a driver that opens the port by name.
    func slavePath() throws -> String {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(slave)")
        try #require(path.hasPrefix("/dev/pts/"), "the pty's device side is \(path)")
        return path
    }

    /// Reads the device's output into `decoder` until its screen shows `expected` or the time
    /// is up (a bound that only stops a failing test from hanging); returns every byte read.
    /// The reading blocks a thread of its own, not one of Swift's cooperative threads.
    @discardableResult
    func decode(into decoder: inout PoleDisplayDecoder, until expected: [String], timeoutMs: Int32 = 15_000) async -> [UInt8] {
        let start = decoder
        let (decoded, bytes) = await onOwnThread { [self] in
            var working = start
            let bytes = blockingDecode(into: &working, until: expected, timeoutMs: timeoutMs)
            return (working, bytes)
        }
        decoder = decoded
        return bytes
    }

    private func blockingDecode(into decoder: inout PoleDisplayDecoder, until expected: [String], timeoutMs: Int32) -> [UInt8] {
        var all: [UInt8] = []
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutMs))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while decoder.lines != expected {
            let (seconds, attoseconds) = (deadline - ContinuousClock.now).components
            let remaining = Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
            var polled = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard remaining > 0, poll(&polled, 1, remaining) > 0 else { break }
            let got = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            decoder.feed(Array(buffer[0..<got]))
            all += buffer[0..<got]
        }
        return all
    }
}
