import Foundation
import Testing

/// A real small file system (tmpfs) mounted on a temporary folder, for disk-full tests. Needs root.
struct SmallDisk {
    let folder: URL

    /// Whether this process may mount (the tests run as root under `make test`).
    static var canMount: Bool { getuid() == 0 }

    /// Mounts a tmpfs of `megabytes` MiB on a new folder.
    static func mount(megabytes: Int) async throws -> SmallDisk {
        let folder = try Executables.temporaryFolder("smalldisk")
        let run = try await ProcessRun.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", folder.path])
        try #require(run.status == 0, "mount tmpfs on \(folder.path): \(run.stderr)")
        return SmallDisk(folder: folder)
    }

    /// Runs `body` with a tmpfs of `megabytes` MiB mounted, and unmounts it afterwards, also when `body` throws.
    static func with<T>(megabytes: Int, _ body: (SmallDisk) async throws -> T) async throws -> T {
        let disk = try await mount(megabytes: megabytes)
        do {
            let result = try await body(disk)
            await disk.unmount()
            return result
        } catch {
            await disk.unmount()
            throw error
        }
    }

    /// Unmounts (lazily when still busy) and removes the folder.
    func unmount() async {
        if let run = try? await ProcessRun.run("/bin/umount", [folder.path]), run.status != 0 {
            _ = try? await ProcessRun.run("/bin/umount", ["-l", folder.path])
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `filler` until the file system refuses more (ENOSPC); returns the bytes written.
    @discardableResult
    func fill(_ filler: URL) throws -> Int {
        let fd = open(filler.path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw FillFailed(errno: errno) }
        defer { close(fd) }
        var written = 0
        for chunk in [1 << 20, 64 << 10, 4 << 10, 512, 1] {
            let zeros = [UInt8](repeating: 0, count: chunk)
            while true {
                let wrote = zeros.withUnsafeBytes { write(fd, $0.baseAddress, chunk) }
                if wrote <= 0 { break }
                written += wrote
            }
        }
        fsync(fd)
        return written
    }

    struct FillFailed: Error { var errno: Int32 }
}
