import Foundation

/// Reads a file descriptor on its own thread and hands each chunk to `onBytes`.
///
/// The thread waits in `poll()` on the descriptor and on a self-pipe, so
/// `stop()` wakes it at once; there is no polling loop with a timeout, and
/// Swift's cooperative threads never block on the read.
final class FileDescriptorReader: @unchecked Sendable {
    // SAFETY: `stopped` is guarded by `lock`; the pipe fds are set once in init and
    // closed once, by the reading thread, after it has left its loop.
    private let fd: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var stopped = false

    /// Starts reading; `onBytes` gets each chunk, `onEnd` is called once at EOF, on error or after `stop()`.
    init(fd: Int32, onBytes: @escaping @Sendable ([UInt8]) -> Void, onEnd: @escaping @Sendable () -> Void) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw HardwareError.system(operation: "pipe", errno: errno) }
        self.fd = fd
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let thread = Thread { [self] in
            readLoop(onBytes: onBytes)
            Glibc.close(wakeRead)
            onEnd()
        }
        thread.name = "fd-reader-\(fd)"
        thread.start()
    }

    /// Asks the reader to stop; safe to call more than once.
    func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        Glibc.close(wakeWrite)
    }

    private func readLoop(onBytes: @Sendable ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var polled = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&polled, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if polled[1].revents != 0 { return }
            guard polled[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return }
            onBytes(Array(buffer[0..<count]))
        }
    }
}
