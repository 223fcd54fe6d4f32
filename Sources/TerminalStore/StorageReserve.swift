import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A reserve ("ballast") file kept beside the store: real blocks held back so that, when the
/// disk fills up, releasing them lets presses go on being stored while the condition is shown.
///
/// The file is `<store>.reserve`. It is made with `posix_fallocate` (real blocks, no data
/// written on ext4, pages on tmpfs), under a temporary name renamed into place, so a file of
/// the full size means the reserve is held.
public struct StorageReserve: Sendable, Equatable {
    /// The reserve file.
    public let path: String
    /// Its size in bytes.
    public let size: Int64
    /// The folder whose file system it sits on.
    public var folder: String { (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent }

    /// The default size: 8 MiB, room for several hundred presses on a full disk.
    public static let defaultSize: Int64 = 8 << 20

    /// The reserve of the store at `storePath`.
    public init(storePath: String, size: Int64 = StorageReserve.defaultSize) {
        path = storePath + ".reserve"
        self.size = size
    }

    /// Whether the reserve file is there at its full size, with its blocks allocated.
    public var isHeld: Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return Int64(info.st_size) >= size && Int64(info.st_blocks) * 512 >= size
    }

    /// Bytes free to the service user on the reserve's file system, or `nil` if it cannot be read.
    public var freeBytes: Int64? { Self.freeBytes(onFileSystemOf: folder) }

    /// Bytes free to an unprivileged user on the file system holding `path` (`statvfs`: `f_bavail × f_frsize`).
    public static func freeBytes(onFileSystemOf path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// Gives the reserve's blocks back to the file system. Returns whether a reserve was there.
    @discardableResult
    public func release() -> Bool {
        unlink(path) == 0
    }

    /// Makes the reserve if it is not held and the disk has room for it and as much again
    /// (so that making it never fills the disk itself). Returns whether it is held afterwards.
    @discardableResult
    public func makeIfRoom() -> Bool {
        if isHeld { return true }
        guard let free = freeBytes, free >= 2 * size else { return false }
        return (try? make()) != nil
    }

    /// Makes the reserve now (replacing a short one). Throws ``StorageReserveError`` naming the call that failed.
    public func make() throws {
        let partial = path + ".partial"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StorageReserveError(operation: "open \(partial)", errno: errno) }
        var failure: StorageReserveError?
        // posix_fallocate returns the error number instead of setting errno.
        let allocated = posix_fallocate(fd, 0, off_t(size))
        if allocated != 0 {
            failure = StorageReserveError(operation: "allocate \(size) bytes for \(partial)", errno: allocated)
        } else if fsync(fd) != 0 {
            failure = StorageReserveError(operation: "fsync \(partial)", errno: errno)
        }
        close(fd)
        if let failure {
            unlink(partial)
            throw failure
        }
        guard rename(partial, path) == 0 else {
            let error = StorageReserveError(operation: "rename \(partial) to \(path)", errno: errno)
            unlink(partial)
            throw error
        }
    }
}

/// A system call on the reserve file failed.
public struct StorageReserveError: Error, CustomStringConvertible, Equatable {
    public var operation: String
    public var errno: Int32
    public var description: String { "\(operation): \(String(cString: strerror(errno)))" }
}
