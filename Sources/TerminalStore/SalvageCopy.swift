import Foundation

/// A working copy of a damaged store that SQLite will open: the damaged file is never written.
///
/// The copy gets a fresh 100-byte file header (the fields every store of this product has:
/// UTF-8, schema format 4, no auto-vacuum; the page size kept when it is valid, else SQLite's
/// default 4096; the page count taken from the file's size), so a garbled header or a truncated
/// file no longer stops SQLite from reading the pages that are intact. The `-wal` is copied too.
struct SalvageCopy {
    let path: String

    /// Copies `damaged` (and its `-wal`) to `path` and rewrites the copy's header.
    static func make(of damaged: String, at path: String) throws -> SalvageCopy {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        do {
            try FileManager.default.copyItem(atPath: damaged, toPath: path)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let first = Array(try handle.read(upToCount: 100) ?? Data())
            let size = try handle.seekToEnd()
            let pageSize = validPageSize(first) ?? 4096
            // Whole pages only: a truncated last page is dropped (its rows are lost with it).
            try handle.truncate(atOffset: size - size % UInt64(pageSize))
            if size >= 100 {
                try handle.seek(toOffset: 0)
                try handle.write(contentsOf: header(pageSize: pageSize, wal: FileManager.default.fileExists(atPath: damaged + "-wal")))
            }
        } catch {
            throw StoreError.failed(operation: "salvage", detail: "cannot make a working copy of \(damaged) at \(path): \(error)")
        }
        if FileManager.default.fileExists(atPath: damaged + "-wal") { try FileManager.default.copyItem(atPath: damaged + "-wal", toPath: path + "-wal") }
        return SalvageCopy(path: path)
    }

    /// Removes the working copy (a copy made here, never the damaged original).
    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The page size the header names, when the magic string is intact and the size is a power of two from 512 to 65536.
    static func validPageSize(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 100, Array(bytes[0..<16]) == Array("SQLite format 3\u{0}".utf8) else { return nil }
        let raw = Int(bytes[16]) << 8 | Int(bytes[17])
        let size = raw == 1 ? 65536 : raw
        return size >= 512 && size <= 65536 && size & (size - 1) == 0 ? size : nil
    }

    /// A database file header (https://www.sqlite.org/fileformat.html#the_database_header).
    static func header(pageSize: Int, wal: Bool) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 100)
        header.replaceSubrange(0..<16, with: Array("SQLite format 3\u{0}".utf8))
        let encodedSize = pageSize == 65536 ? 1 : pageSize
        header[16] = UInt8(encodedSize >> 8)
        header[17] = UInt8(encodedSize & 0xFF)
        header[18] = wal ? 2 : 1             // file format write version: 2 = WAL
        header[19] = wal ? 2 : 1             // read version
        header[21] = 64; header[22] = 32; header[23] = 32   // payload fractions (fixed by the format)
        put(1, at: 24, &header)              // change counter
        put(0, at: 28, &header)              // page count 0: SQLite takes the file's size
        put(1, at: 40, &header)              // schema cookie
        put(4, at: 44, &header)              // schema format 4
        put(1, at: 56, &header)              // text encoding UTF-8
        put(1, at: 92, &header)              // version-valid-for
        put(3_040_001, at: 96, &header)      // SQLite version that wrote it
        return header
    }

    private static func put(_ value: UInt32, at offset: Int, _ bytes: inout [UInt8]) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(index))) }
    }
}
