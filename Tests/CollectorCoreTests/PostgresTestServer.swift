import CollectorCore
import Foundation
import Logging
import PostgresNIO

/// One throwaway PostgreSQL server per test process, started on first use, from Debian's
/// `postgresql` package (the Makefile installs it).
///
/// How it starts: a watchdog shell script (``script``) runs `initdb` (trust auth, fsync off)
/// into a fresh folder under the temporary directory and `pg_ctl start`s a server on
/// 127.0.0.1 at a free port, then polls the test process. When the test process is gone —
/// normal exit, crash or SIGKILL alike — the watchdog stops the server (`-m immediate`)
/// and removes the folder, so neither outlives the test run. initdb refuses to run as
/// root, so under root every PostgreSQL command runs as the `postgres` system user
/// (`runuser -u postgres --`) and the folder belongs to that user.
///
/// If the server cannot be started, ``freshDatabase()`` throws the reason (with the end of
/// initdb's or the server's log) and every PostgreSQL test fails with it: none is skipped.
actor PostgresTestServer {
    static let shared = PostgresTestServer()

    private var started: Result<Int, PostgresTestServerError>?
    private var process: Process?

    /// A new, empty database (`t_<uuid>`) on the shared server.
    func freshDatabase() async throws -> PostgresLocation {
        let port = try start().get()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let configuration = PostgresConnection.Configuration(host: "127.0.0.1", port: port, username: "postgres", password: nil,
                                                             database: "postgres", tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: quietLogger)
        do {
            // template0: nobody connects to it, so databases created at once never wait on each other.
            try await connection.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0", logger: quietLogger)
        } catch {
            try? await connection.close()
            throw PostgresTestServerError("CREATE DATABASE \(name) failed: \(String(reflecting: error))")
        }
        try await connection.close()
        return PostgresLocation(host: "127.0.0.1", port: port, user: "postgres", database: name)
    }

    /// Starts the server once; later calls return the first outcome.
    private func start() -> Result<Int, PostgresTestServerError> {
        if let started { return started }
        let outcome = Result { try launch() }.mapError { $0 as? PostgresTestServerError ?? PostgresTestServerError("\($0)") }
        started = outcome
        return outcome
    }

    private func launch() throws -> Int {
        let binDirectory = try Self.binDirectory()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("collector-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let asRoot = geteuid() == 0
        if asRoot {
            // initdb refuses root; the folder must belong to the user the server runs as.
            guard let user = getpwnam("postgres") else {
                throw PostgresTestServerError("running as root, but there is no 'postgres' user (install Debian's postgresql package)")
            }
            guard chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw PostgresTestServerError("cannot give \(folder) to the postgres user (errno \(errno))")
            }
        }
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", Self.script, "pg-watchdog", folder, binDirectory, String(port), String(getpid()), asRoot ? "runuser -u postgres --" : ""]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw PostgresTestServerError("cannot run /bin/sh for the PostgreSQL watchdog: \(error)")
        }
        self.process = process
        // The script's first line is "ready" or why it failed (it then exits).
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.hasPrefix("ready") else {
            let rest = output.fileHandleForReading.readDataToEndOfFile()
            throw PostgresTestServerError("PostgreSQL (\(binDirectory)) did not start: \(text)\(String(decoding: rest, as: UTF8.self))")
        }
        return port
    }

    /// The watchdog: $1 folder, $2 bin directory, $3 port, $4 pid to outlive, $5 the prefix that runs as postgres.
    static let script = """
        set -u
        dir=$1; bin=$2; port=$3; parent=$4; as=$5
        if ! $as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
            echo "initdb failed:"; tail -n 20 "$dir/initdb.log"; rm -rf "$dir"; exit 1
        fi
        options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
        if ! $as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >"$dir/pg_ctl.log" 2>&1; then
            echo "pg_ctl start failed:"; tail -n 20 "$dir/pg_ctl.log" "$dir/server.log"; rm -rf "$dir"; exit 1
        fi
        echo ready
        exec >/dev/null 2>&1
        while kill -0 "$parent" 2>/dev/null; do sleep 0.3; done
        $as "$bin/pg_ctl" -D "$dir/data" stop -m immediate
        rm -rf "$dir"
        """

    /// `POSTGRES_BIN` if set, else the newest /usr/lib/postgresql/<version>/bin with initdb.
    static func binDirectory() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["POSTGRES_BIN"] { return explicit }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        guard let version = versions.first(where: { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }) else {
            throw PostgresTestServerError("no PostgreSQL server found under \(root) (install it: ./scripts/install-deps.sh postgresql, or set POSTGRES_BIN)")
        }
        return "\(root)/\(version)/bin"
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw PostgresTestServerError("socket() failed (errno \(errno))") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketFD, pointer, length) == 0 && getsockname(socketFD, pointer, &length) == 0
            }
        }
        guard bound else { throw PostgresTestServerError("cannot find a free port (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the test server could not give a database.
struct PostgresTestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
