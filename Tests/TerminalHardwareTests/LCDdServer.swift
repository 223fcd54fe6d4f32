import Foundation
import Testing

/// A real LCDd (Debian's `lcdproc` package) on loopback, started by a test with its own
/// config in a temporary directory. Debian's /etc/LCDd.conf is a stub that makes LCDd abort.
/// With the `text` driver, LCDd prints every frame on its standard output; `frames` collects them.
final class LCDdServer: @unchecked Sendable {
    // SAFETY: `process` is used by the test's task only; `output` is a locked store.
    static let executable = "/usr/sbin/LCDd"
    static let stdbuf = "/usr/bin/stdbuf"
    static let driverPath = "/usr/lib/x86_64-linux-gnu/lcdproc/"

    let port: Int
    let frames = TextDriverFrames()
    private let directory: URL
    private let configFile: URL
    private var process: Process?

    /// Fails the test (it does not skip) when LCDd or stdbuf is missing.
    static func requireInstalled() throws {
        for (path, package) in [(executable, "lcdproc"), (stdbuf, "coreutils"), (driverPath + "text.so", "lcdproc")] {
            try #require(FileManager.default.fileExists(atPath: path),
                         "\(path) is missing (Debian package \(package)): run `make test`, which installs the test dependencies")
        }
    }

    /// Writes a config for `driver` with its `[driver]` section lines; LCDd starts with `start()`.
    init(driver: String, settings: [String]) throws {
        try Self.requireInstalled()
        port = try FreePort.loopback()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lcdd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        configFile = directory.appendingPathComponent("LCDd.conf")
        // User = the current user: as root, LCDd would otherwise switch to `nobody`, which may not
        // open a test's pseudo-terminal. ServerScreen=no and Heartbeat=off keep frames to the client's.
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let config = """
            [server]
            DriverPath=\(Self.driverPath)
            Driver=\(driver)
            Bind=127.0.0.1
            Port=\(port)
            User=\(user)
            ReportLevel=2
            ReportToSyslog=no
            Foreground=yes
            ServerScreen=no
            Heartbeat=off
            [\(driver)]
            \(settings.joined(separator: "\n"))
            """
        try config.write(to: configFile, atomically: true, encoding: .utf8)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts LCDd in the foreground. `stdbuf -oL`: LCDd's stdout is block-buffered in a pipe,
    /// so the text driver's frames would otherwise not arrive until LCDd exits.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.stdbuf)
        process.arguments = ["-oL", Self.executable, "-c", configFile.path, "-f"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let frames = self.frames
        let reader = Thread {
            while true {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { return }
                frames.append(String(decoding: data, as: UTF8.self))
            }
        }
        reader.start()
    }

    /// Stops LCDd and waits for it to exit. SIGKILL, not SIGTERM: Foundation's `Process` starts
    /// the child with the test thread's signal mask, in which SIGTERM is blocked, so LCDd would
    /// never see it. For the client a killed LCDd is just a server that went away.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A loopback TCP port that was free a moment ago.
enum FreePort {
    static func loopback() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound, "bind a loopback port")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
