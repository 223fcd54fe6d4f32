import CollectorCore
import Foundation
import Hummingbird
import Logging
import RatingWire

/// The real collector, in-process on 127.0.0.1, with its own SQLite file.
final class TestCollector: Sendable {
    let storage: SQLiteCollectorStorage
    let url: String
    let databasePath: String
    private let server: Task<Void, any Error>

    /// Starts a collector; `port` 0 picks a free one.
    static func start(port: Int = 0, databasePath: String? = nil, settings: CollectorSettings = CollectorSettings(),
                      devices: [String: DeviceSecret] = [:]) async throws -> TestCollector {
        let path = databasePath ?? FileManager.default.temporaryDirectory.appendingPathComponent("collector-\(UUID().uuidString).sqlite").path
        let storage = try SQLiteCollectorStorage(path: path, busyTimeout: settings.busyTimeout)
        for (id, secret) in devices where try await storage.device(id: id) == nil {
            try await storage.addDevice(id: id, secret: secret, addedAtMillis: 0)
        }
        var configured = settings
        configured.port = port
        var logger = Logger(label: "test-collector")
        logger.logLevel = .error
        let (addresses, sink) = AsyncStream<ListeningAddress>.makeStream()
        let app = buildCollectorApplication(settings: configured, storage: storage, logger: logger, onServerRunning: { sink.yield($0) })
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = addresses.makeAsyncIterator()
        guard let address = await iterator.next() else { throw CollectorDidNotStart() }
        return TestCollector(storage: storage, url: address.url, databasePath: path, server: server)
    }

    private init(storage: SQLiteCollectorStorage, url: String, databasePath: String, server: Task<Void, any Error>) {
        self.storage = storage
        self.url = url
        self.databasePath = databasePath
        self.server = server
    }

    func stop() async {
        server.cancel()
        _ = try? await server.value
    }
}

struct CollectorDidNotStart: Error {}

/// A loopback port held by a bound socket that does not listen: a connection to it is refused,
/// and no other test (or server started in parallel) can take the port until ``release()``.
final class ReservedLoopbackPort: @unchecked Sendable {
    // SAFETY: `fd` is written only in init and closed once in release(), guarded by `lock`.
    let port: Int
    private var fd: Int32
    private let lock = NSLock()

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CollectorDidNotStart() }
        do {
            port = try Self.bindLoopback(fd)
        } catch {
            close(fd)
            throw error
        }
    }

    /// Closes the socket; the port is free again (call just before starting a server on it).
    func release() {
        lock.withLock {
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    deinit { release() }

    private static func bindLoopback(_ fd: Int32) throws -> Int {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw CollectorDidNotStart() }
    return Int(UInt16(bigEndian: address.sin_port))
    }
}
