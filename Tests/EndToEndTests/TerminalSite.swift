import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A terminal's files for process tests: a collector database with the device registered, the
/// device's secret, and a config (stdin buttons, console display, quick uploads) with its store in `storeFolder`.
struct TerminalSite {
    let folder: URL
    let database: String
    let config: String
    let store: String
    let deviceID = "T-STORE"

    init(_ label: String, storeFolder: URL? = nil) async throws {
        folder = try Executables.temporaryFolder(label)
        database = folder.appendingPathComponent("collector.sqlite").path
        store = (storeFolder ?? folder).appendingPathComponent("ratings.sqlite").path
        config = folder.appendingPathComponent("terminal.toml").path
        let added = try await ProcessRun.run(try Executables.path("rating-collector"), ["device", "add", deviceID, "--db", "sqlite:\(database)"])
        try #require(added.status == 0, "\(added.stderr)")
        try added.stdout.write(to: folder.appendingPathComponent("secret"), atomically: true, encoding: .utf8)
    }

    /// Writes the config: uploads every second, no start-up delay, English console display.
    func writeConfig(collectorURL: String) throws {
        try """
            [device]
            id = "\(deviceID)"
            secret_file = "\(folder.appendingPathComponent("secret").path)"
            [collector]
            url = "\(collectorURL)"
            upload_interval_s = 1
            startup_delay_max_s = 0
            [buttons]
            driver = "stdin"
            [display]
            driver = "console"
            size = "20x2"
            language = "en"
            [storage]
            path = "\(store)"
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// The `storage` part of `rating-terminal status --json`.
    struct Storage: CustomStringConvertible {
        var condition: String?
        var freeBytes: Int?
        var text: String
        var description: String { text }
    }

    /// Runs `status --json` and returns its storage part.
    func status() async throws -> Storage {
        let run = try await ProcessRun.run(try Executables.path("rating-terminal"), ["status", "--config", config, "--json"])
        try #require(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let storage = (object["store"] as? [String: Any])?["storage"] as? [String: Any]
        return Storage(condition: storage?["condition"] as? String, freeBytes: storage?["free_bytes"] as? Int, text: run.stdout)
    }

    /// The `seq=N` of a "rating stored" log line.
    static func seq(in line: String) -> Int? {
        guard let range = line.range(of: #"seq=\d+"#, options: .regularExpression) else { return nil }
        return Int(line[range].dropFirst(4))
    }
}

extension CollectorServer {
    /// Waits (up to `seconds`) until `GET /v1/devices` shows `device`'s storage condition as `condition`.
    func awaitStorage(of device: String, _ condition: String, within seconds: Double = 90) async throws {
        var last: Any?
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let devices = try await getJSON("/v1/devices")["devices"] as? [[String: Any]] ?? []
            last = devices.first { $0["id"] as? String == device }?["storage"]
            if (last as? [String: Any])?["condition"] as? String == condition { return }
            // The terminal uploads every second; polling the collector is the only way to see its answer.
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("device \(device)'s storage never became \(condition); last seen: \(String(describing: last))")
    }

    /// A rating as the pull API shows it.
    struct HeldRating: Sendable, Equatable, CustomStringConvertible {
        var store: String
        var seq: Int64
        var id: String
        var score: Int
        var description: String { "\(store.prefix(8))#\(seq)" }
    }

    /// Waits (up to `seconds`) until the collector holds at least `count` ratings (all stores, flagged
    /// included); returns what it holds then.
    func awaitRatings(count: Int, within seconds: Double = 90) async throws -> [HeldRating] {
        var held: [HeldRating] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let ratings = try await getJSON("/v1/ratings?limit=1000&include_flagged=true")["ratings"] as? [[String: Any]] ?? []
            held = ratings.compactMap { rating in
                guard let store = rating["store_id"] as? String, let seq = rating["seq"] as? Int, let id = rating["id"] as? String,
                      let score = rating["score"] as? Int else { return nil }
                return HeldRating(store: store, seq: Int64(seq), id: id, score: score)
            }
            if held.count >= count { return held }
            // The terminal uploads every second; polling the collector is the only way to see its answer.
            try await Task.sleep(for: .milliseconds(200))
        }
        return held
    }
}
