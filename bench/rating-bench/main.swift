import Foundation

// rating-bench: the figures in bench/README.md. Run through bench/run.sh (release build).
// Usage: rating-bench [--dir FOLDER] [--presses N] [--backlog N]
//        rating-bench ingest [--dir FOLDER] [--postgres-port N] [--terminals N] [--batches N] [--batch-size N] [--clients N]
let arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String, default fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}
let folder = option("--dir", default: FileManager.default.currentDirectoryPath + "/.bench-tmp")
let presses = Int(option("--presses", default: "2000")) ?? 2000
let backlog = Int(option("--backlog", default: "100000")) ?? 100_000

if arguments.first == "ingest" {
    do {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        print(try await IngestReport.run(folder: folder, postgresPort: Int(option("--postgres-port", default: "")),
                                         terminals: Int(option("--terminals", default: "1000")) ?? 1000,
                                         batches: Int(option("--batches", default: "2")) ?? 2,
                                         size: Int(option("--batch-size", default: "100")) ?? 100,
                                         clients: Int(option("--clients", default: "32")) ?? 32))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("rating-bench ingest: \(error)\n".utf8))
        exit(1)
    }
}

do {
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let fsync = try FsyncBench.run(folder: folder, count: presses)
    let press = try await PressBench.run(folder: folder, count: presses)
    let drain = try await DrainBench.run(folder: folder, backlog: backlog)
    print("""
        | measurement (folder \(folder)) | samples | median ms | p99 ms | max ms |
        | --- | --- | --- | --- | --- |
        \(fsync.row("raw 4 KiB write + fdatasync"))
        \(press.commit.row("press → durable commit"))
        \(press.thanks.row("press → thank-you frame written"))

        | backlog drain into the loopback collector | value |
        | --- | --- |
        | ratings | \(drain.ratings) |
        | seconds | \(format(drain.seconds, decimals: 2)) |
        | ratings/s | \(format(Double(drain.ratings) / drain.seconds, decimals: 0)) |
        | requests | \(drain.requests) |
        | bytes on the wire per rating (request headers + gzip body) | \(format(Double(drain.bytesSent) / Double(drain.ratings), decimals: 1)) |
        """)
} catch {
    FileHandle.standardError.write(Data("rating-bench: \(error)\n".utf8))
    exit(1)
}
