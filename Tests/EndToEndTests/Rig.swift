import Foundation
import Testing

/// The QEMU hardware rig (rig/README.md): a guest running Debian's kernel with gpio-sim,
/// chrooted into this machine's root, so the built `rating-terminal` runs on a real kernel GPIO chip.
enum Rig {
    /// The checkout's root (this file is Tests/EndToEndTests/Rig.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whether `rig/setup.sh` has prepared a guest.
    static var isReady: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(".rig/qemu/current").path) }

    /// Whether the rig's tests run: when the rig is set up, and always under `make test` and
    /// `make rig` (they set RATING_RIG_REQUIRED=1 after setting it up), so that a broken rig
    /// fails there instead of skipping. A bare `swift test` without the rig skips them, saying why.
    static var shouldRun: Bool { isReady || ProcessInfo.processInfo.environment["RATING_RIG_REQUIRED"] == "1" }

    static let skipReason: Comment = "the QEMU rig is not set up (.rig/qemu/current is missing): `make rig` builds the guest and runs these tests"

    /// A fresh folder for one guest run, inside the checkout (the guest sees the host's
    /// root read-only and this folder read-write, at the same path).
    static func runFolder(_ label: String) throws -> URL {
        let url = root.appendingPathComponent(".rig/runs/\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `command` inside the guest with `share` writable; returns when the guest has powered off.
    /// `rigOptions` are more guest-run.sh options (e.g. `--modprobe`, `--qemu-arg`, `--kernel-arg`).
    static func guestRun(share: URL, _ command: [String], network: Bool = false, timeoutSeconds: Int = 600,
                         rigOptions: [String] = []) async throws -> ProcessRun {
        let arguments = (network ? ["--net"] : []) + ["--share", share.path, "--timeout", String(timeoutSeconds)] + rigOptions
        let script = root.appendingPathComponent("rig/guest-run.sh").path
        // ProcessRun blocks while the guest runs (tens of seconds): keep it off Swift's cooperative threads.
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try ProcessRun.runBlocking(script, arguments + ["--"] + command) })
            }
        }
    }
}
