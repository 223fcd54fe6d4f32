import Foundation

/// Reads a file descriptor on its own thread and hands each chunk to `onBytes`
/// (or, for descriptors that are not byte streams, such as a GPIO event fd, calls
/// `onReadable` each time it becomes readable).
///
/// The thread waits in `poll()` on the descriptor and on a self-pipe, so
/// `stop()` wakes it at once; there is no polling loop with a timeout, and
/// Swift's cooperative threads never block on the read. The reader does not
/// own `fd` (it never closes it); it owns its wake-up pipe.
final class FileDescriptorWatcher: @unchecked Sendable {
    // SAFETY: `stopped` is guarded by `lock`. The wake pipe is closed only in its
    // deinit; the thread holds a strong reference to `self` until it has left its
    // loop, so that never races the thread's poll on it.
    private let fd: Int32
    private let wake: WakePipe
    private let lock = NSLock()
    private var stopped = false

    /// Starts reading; `onBytes` gets each chunk, `onEnd` is called once at EOF, on a read error or after `stop()`.
    convenience init(fd: Int32, onBytes: @escaping @Sendable ([UInt8]) -> Void, onEnd: @escaping @Sendable () -> Void) throws {
        try self.init(fd: fd, onReadable: { Self.readChunk(fd, onBytes: onBytes) }, onEnd: onEnd)
    }

    /// Starts watching; `onReadable` runs on the watcher's thread each time `fd` is readable
    /// and returns `false` to end. `onEnd` is called once: after `onReadable` said so, on a poll
    /// error, or after `stop()`.
    init(fd: Int32, onReadable: @escaping @Sendable () -> Bool, onEnd: @escaping @Sendable () -> Void) throws {
        wake = try WakePipe()
        self.fd = fd
        let thread = Thread { [self] in
            watchLoop(onReadable: onReadable)
            onEnd()
        }
        thread.name = "fd-watcher-\(fd)"
        thread.start()
    }

    /// Asks the reader to stop; safe to call more than once, and after the reader ended by itself.
    func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        // The read end stays open as long as `self`, so this never meets a pipe without a reader (no SIGPIPE).
        wake.wake()
    }

    private func watchLoop(onReadable: () -> Bool) {
        while true {
            var polled = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&polled, 2, -1)
            if ready < 0 {
                let code = errno
                if code == EINTR { continue }
                return
            }
            if polled[1].revents != 0 { return }
            guard polled[0].revents != 0 else { continue }
            guard onReadable() else { return }
        }
    }

    /// Reads one chunk of a byte stream; `false` at EOF or on an error that ends the input.
    private static func readChunk(_ fd: Int32, onBytes: ([UInt8]) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            let code = errno
            // EIO (a terminal hung up), EBADF (closed under us): the input has ended.
            return code == EINTR || code == EAGAIN
        }
        guard count > 0 else { return false }
        onBytes(Array(buffer[0..<count]))
        return true
    }
}
