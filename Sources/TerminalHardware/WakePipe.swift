import Foundation

/// A self-pipe that wakes a thread waiting in `poll()`: `wake()` from any thread, the waiter
/// polls `readEnd` and calls `drain()` once woken. Both ends are non-blocking, so a burst of
/// wake-ups never blocks the waker (a full pipe already means "wake up").
final class WakePipe: Sendable {
    /// The end to poll for `POLLIN`.
    let readEnd: Int32
    private let writeEnd: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let code = errno
            throw HardwareError.system(operation: "create a device thread's wake-up pipe (pipe)", errno: code)
        }
        // Why: Swift's Glibc module does not export pipe2(O_CLOEXEC | O_NONBLOCK); set the
        // flags right after. Remove when pipe2 is available.
        for end in fds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        (readEnd, writeEnd) = (fds[0], fds[1])
    }

    deinit {
        Glibc.close(readEnd)
        Glibc.close(writeEnd)
    }

    /// Wakes the waiter; never blocks.
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
