import Foundation

/// Where a damaged store goes: moved aside beside the store (never deleted), with its `-wal` and
/// `-shm`, as `<store>.damaged-<UTC stamp>`; what can be read from it is copied into
/// `<store>.salvage-<same stamp>`, a clean store holding the old store's id and rows.
public enum DamagedStoreFiles {
    /// Moves the store at `path` and its `-wal`, `-shm` and `-journal` aside; returns the new path of the main file.
    /// Throws ``StoreError/cannotOpen(path:detail:)`` when a rename fails (the store is then left where it was).
    public static func moveAside(_ path: String, now: Date = Date()) throws -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        formatter.timeZone = TimeZone(identifier: "UTC")
        // Basic ISO 8601 (no colons): a plain file name on every file system.
        let stamp = formatter.string(from: now).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        var target = "\(path).damaged-\(stamp)"
        var attempt = 1
        while FileManager.default.fileExists(atPath: target) {
            attempt += 1
            target = "\(path).damaged-\(stamp)-\(attempt)"
        }
        // The side files first: the main file moved last means a crash in between leaves a store
        // that is still found (and found damaged) at the next start, never a WAL without its database.
        for suffix in ["-wal", "-shm", "-journal", ""] where FileManager.default.fileExists(atPath: path + suffix) {
            guard rename(path + suffix, target + suffix) == 0 else {
                throw StoreError.cannotOpen(path: path, detail: "cannot move the damaged store aside to \(target + suffix): \(String(cString: strerror(errno)))")
            }
        }
        return target
    }

    /// The damaged files moved aside from the store at `storePath`, oldest first.
    public static func damaged(forStore storePath: String) -> [String] {
        let folder = (storePath as NSString).deletingLastPathComponent
        let prefix = (storePath as NSString).lastPathComponent + ".damaged-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return names.filter { $0.hasPrefix(prefix) && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") && !$0.hasSuffix("-journal") }
            .sorted().map { folder.isEmpty ? $0 : "\(folder)/\($0)" }
    }

    /// The salvage store of the damaged file `damagedPath`.
    public static func salvagePath(forDamaged damagedPath: String) -> String {
        damagedPath.replacingOccurrences(of: ".damaged-", with: ".salvage-")
    }
}
