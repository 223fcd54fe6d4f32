import Foundation

/// The connection thread: connect, register, send changed rows, reconnect with backoff.
extension LCDprocDisplay {
    /// An answer from LCDd must come within this time, or the connection is treated as lost.
    private static let answerTimeoutMs: Int32 = 5_000

    /// Runs until `close()`: one connection at a time, with a growing pause after each failure.
    func runConnections() {
        var delay = retryDelays.initial
        while !isClosed {
            var connection: TCPLineConnection?
            do {
                let made = try TCPLineConnection(host: host, port: port, timeoutMs: Self.answerTimeoutMs, wake: wake,
                                                 isCancelled: { [unowned self] in isClosed })
                connection = made
                let rows = try register(on: made)
                report("LCDd at \(host):\(port): connected (\(rows) rows)")
                delay = retryDelays.initial
                try serve(made)
            } catch {
                if isClosed {
                    // Why try?: a goodbye to a server that may already be gone; nothing to do if it fails.
                    try? connection?.send("bye", timeoutMs: 500)
                    return
                }
                report("LCDd at \(host):\(port): \(error); retrying in \(delay)")
            }
            pause(delay)
            delay = min(delay * 2, retryDelays.maximum)
        }
    }

    /// Says hello, registers the screen and its widgets; returns LCDd's row count (or ours).
    private func register(on connection: TCPLineConnection) throws -> Int {
        try connection.send("hello", timeoutMs: Self.answerTimeoutMs)
        var rows = size.rows
        while true {
            guard let line = try connection.readLine(timeoutMs: Self.answerTimeoutMs) else { continue }
            switch LCDprocProtocol.classify(line) {
            case .connected(_, let height):
                rows = height ?? rows
            case .refused(let reason): throw LCDprocError.refused(command: "hello", reason: reason)
            case .success: throw LCDprocError.unexpected(command: "hello", line: line)
            case .unprompted: continue
            }
            break
        }
        for command in LCDprocProtocol.registration(rows: size.rows) { try request(command, on: connection) }
        return rows
    }

    /// Keeps LCDd's screen equal to the latest frame until the connection fails or `close()`.
    private func serve(_ connection: TCPLineConnection) throws {
        var shown: [[UInt8]]?
        while true {
            if let frame = latestFrame {
                let rows = DisplayText.asciiRows(frame)
                for index in DisplayText.changedRows(from: shown, to: rows) {
                    try request(LCDprocProtocol.setRow(index, to: rows[index]), on: connection)
                }
                shown = rows
            }
            // Wait for a new frame (a wake-up) or for LCDd: its unprompted lines are skipped,
            // and a closed connection (LCDd stopped) throws, which leads to a reconnect.
            while let line = try connection.readLine(timeoutMs: -1, returnOnWake: true) {
                if case .refused(let reason) = LCDprocProtocol.classify(line) { report("LCDd: \(reason)") }
            }
        }
    }

    /// Sends `command` and waits for its answer, skipping the lines LCDd sends on its own.
    private func request(_ command: String, on connection: TCPLineConnection) throws {
        try connection.send(command, timeoutMs: Self.answerTimeoutMs)
        while true {
            guard let line = try connection.readLine(timeoutMs: Self.answerTimeoutMs) else { continue }
            switch LCDprocProtocol.classify(line) {
            case .success: return
            case .refused(let reason): throw LCDprocError.refused(command: command, reason: reason)
            case .connected: throw LCDprocError.unexpected(command: command, line: line)
            case .unprompted: continue
            }
        }
    }

    /// Waits `delay` before the next attempt; `close()` ends the wait at once.
    private func pause(_ delay: Duration) {
        let deadline = ContinuousClock.now + delay
        while !isClosed {
            let remaining = Self.milliseconds(deadline - ContinuousClock.now)
            guard remaining > 0 else { return }
            // A wake-up from `show` during the pause is drained; only `close()` ends it early.
            var polled = pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0)
            if poll(&polled, 1, remaining) > 0 { wake.drain() }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
    }
}
