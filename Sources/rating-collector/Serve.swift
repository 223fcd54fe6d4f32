import ArgumentParser
import CollectorCore
import Foundation
import Logging

/// `rating-collector serve [--db sqlite:PATH] [--listen HOST:PORT] [--port-file PATH] [--admin-token-file PATH]`
/// `  [--device-rate N --device-burst N] [alert and dashboard options]`
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the collector until SIGINT or SIGTERM.",
        discussion: """
            Once it accepts connections it prints one line to stdout, \
            "listening on http://HOST:PORT"; logs go to stderr. Port 0 picks a free port. \
            The dashboard is at http://HOST:PORT/.
            The read endpoints (/v1/ratings, /v1/devices, /v1/alerts…, the dashboard) need \
            the token in --admin-token-file (Authorization: Bearer TOKEN, or HTTP Basic with the token \
            as password). Without that file the collector listens only on a loopback address. \
            POST /v1/batches (signed by each device), /healthz, /metrics and /openapi.yaml stay open.
            Exit status: 0 stopped by a signal; 1 operational error (database cannot open, \
            address in use, port file or admin token file cannot be read or written); 64 usage error \
            (also: admin token shorter than 16 characters, or a non-loopback --listen without --admin-token-file).
            """)

    @Option(help: "The database: sqlite:PATH or postgres://USER@HOST[:PORT]/DBNAME.")
    var db: String = RatingCollector.defaultDatabase

    @Option(help: "The address to listen on, HOST:PORT.")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Write the bound port number to this file (atomically) once listening.")
    var portFile: String?

    @Option(help: "Seconds a database write waits for a lock held by another connection before answering 503.")
    var busyTimeout: Double = 5

    @Option(help: "A file holding the admin token (at least 16 characters; a trailing newline is ignored) that the read endpoints require.")
    var adminTokenFile: String?

    @Option(help: "Batches per second each device may upload, sustained (0 turns the limit off); over it → 429 with Retry-After.")
    var deviceRate: Double = 1

    @Option(help: "Batches a device may upload back to back before --device-rate applies.")
    var deviceBurst: Int = 10

    @OptionGroup(title: "Alerts (the opening hours, UTC offset and silence also serve the dashboard)")
    var alerts: AlertOptions

    @Option(help: "Dashboard: buckets with fewer ratings are shown as \"too few ratings\", without CSAT and unranked.")
    var dashboardMinRatings: Int = DashboardSettings().minimumRatings

    func validate() throws {
        _ = try Failure.location(db)
        let (host, _) = try Self.hostAndPort(listen)
        guard busyTimeout >= 0, busyTimeout.isFinite else { throw ValidationError("--busy-timeout must be 0 or more seconds") }
        _ = try alerts.settings()
        _ = try dashboardSettings()
        if let problem = rateLimit?.problem { throw ValidationError("--device-rate/--device-burst: \(problem)") }
        if let adminTokenFile { _ = try Self.readAdminToken(adminTokenFile) }
        if adminTokenFile == nil, let problem = AdminAccess.problem(host: host, adminToken: nil) {
            throw ValidationError(problem)
        }
    }

    /// The per-device limit from the flags; `nil` when --device-rate is 0.
    var rateLimit: TokenBucket.Limit? {
        deviceRate == 0 ? nil : TokenBucket.Limit(batchesPerSecond: deviceRate, burst: deviceBurst)
    }

    /// The dashboard's settings: its own minimum, and the sites' UTC offset and silence rule of the alerts
    /// (one time zone and one meaning of "silent" for both); a bad value is a usage error.
    func dashboardSettings() throws -> DashboardSettings {
        guard dashboardMinRatings >= 1 else { throw ValidationError("--dashboard-min-ratings must be 1 or more") }
        let silence = try alerts.settings().silentTerminal
        guard let offset = TimeZoneOffset(minutes: silence.openingHours.utcOffsetMinutes) else {
            throw ValidationError("--utc-offset \(alerts.utcOffset) must be between -14:00 and +14:00, e.g. +07:00")
        }
        return DashboardSettings(minimumRatings: dashboardMinRatings, timeZoneOffset: offset, silentTerminal: silence)
    }

    func run() async throws {
        let location = try Failure.location(db)
        let (host, port) = try Self.hostAndPort(listen)
        let logger = Logger(label: "rating-collector")
        let adminToken = try adminTokenFile.map(Self.readAdminToken)
        if adminToken == nil {
            logger.warning("no --admin-token-file: the read endpoints are open to anyone who can connect to \(host) (loopback only)")
        }
        let settings = CollectorSettings(host: host, port: port, busyTimeout: .milliseconds(Int64(busyTimeout * 1000)),
                                         alerts: try alerts.settings(), dashboard: try dashboardSettings(),
                                         adminToken: adminToken, deviceRateLimit: rateLimit)
        let portFile = self.portFile
        try await Failure.operational {
            // With PostgreSQL the connection pool runs beside the server and stops after it,
            // so requests in flight at SIGTERM still reach the database.
            try await location.withStorage(busyTimeout: settings.busyTimeout, logger: logger) { storage in
                try await serveCollector(settings: settings, storage: storage, logger: logger) { address in
                    Self.announce(address, portFile: portFile)
                }
            }
        }
    }

    /// The token in `path`: a file that cannot be read is an operational error (1), a token too short a usage error (64).
    static func readAdminToken(_ path: String) throws -> String {
        do {
            return try AdminAccess.readToken(file: path)
        } catch .tooShort(let path, let length) {
            throw ValidationError(AdminAccess.TokenFileError.tooShort(path: path, length: length).description)
        } catch {
            Failure.report(error.description)
            throw ExitCode.failure
        }
    }

    /// Prints the one stdout line and writes the port file.
    static func announce(_ address: ListeningAddress, portFile: String?) {
        // FileHandle writes straight to the descriptor: no stdio buffer to flush before a reader waits on it.
        FileHandle.standardOutput.write(Data("listening on \(address.url)\n".utf8))
        guard let portFile else { return }
        do {
            // .atomic writes a temporary file beside it and renames it over the target,
            // so a reader never sees a half-written port.
            try Data("\(address.port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic)
        } catch {
            Failure.report("cannot write the port file \(portFile): \(error.localizedDescription)")
            // The server is already running inside Hummingbird's service group, which this
            // callback cannot fail; whoever waits for the port file would wait forever, so stop here.
            Foundation.exit(1)
        }
    }

    /// `HOST:PORT` (IPv6 as `[::1]:PORT`) → host and port.
    static func hostAndPort(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ValidationError("--listen \(text) must be HOST:PORT, e.g. 127.0.0.1:8080")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen \(text) must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080")
        }
        return (host, port)
    }
}
