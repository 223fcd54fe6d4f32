import Foundation
import RatingWire

/// Which config the running service started with, written beside the store at start-up, so
/// `status` can say whether an edited config file is in effect yet (or needs a restart).
public struct RunningConfig: Codable, Sendable, Equatable {
    public var configPath: String
    /// ``ConfigRevision/of(file:)`` of the file at start-up.
    public var revision: String
    public var startedWallMillis: Int64
    public var pid: Int32

    enum CodingKeys: String, CodingKey {
        case configPath = "config_path", revision, startedWallMillis = "started_wall_ms", pid
    }

    public init(configPath: String, revision: String, startedWallMillis: Int64, pid: Int32) {
        self.configPath = configPath
        self.revision = revision
        self.startedWallMillis = startedWallMillis
        self.pid = pid
    }

    /// Where the record lives for a store at `storePath`: the state directory the service may write.
    public static func path(forStore storePath: String) -> String {
        (storePath as NSString).deletingLastPathComponent.appending("/running-config.json")
    }

    /// Writes the record (atomically: a reader never sees half of it).
    public func write(forStore storePath: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(forStore: storePath)), options: .atomic)
    }

    /// The record beside the store, or `nil` if no service has written one.
    public static func read(forStore storePath: String) -> RunningConfig? {
        guard let data = FileManager.default.contents(atPath: path(forStore: storePath)) else { return nil }
        return try? JSONDecoder().decode(RunningConfig.self, from: data)
    }
}

/// A config file's revision: a fingerprint of its bytes.
public enum ConfigRevision {
    /// The first 12 hex digits of the file's SHA-256, or `nil` if it cannot be read.
    public static func of(file path: String) -> String? {
        FileManager.default.contents(atPath: path).map { ContentDigest.shortHex(Array($0)) }
    }
}
