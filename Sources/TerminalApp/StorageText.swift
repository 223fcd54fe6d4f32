import TerminalStore

/// The `storage` line of `rating-terminal status`: the disk's condition and what to do about it.
public enum StorageText {
    public static func line(_ report: StorageReport, folder: String) -> String {
        let free = report.freeBytes.map(bytes) ?? "unknown"
        switch report.condition {
        case .ok:
            let reserve = report.reserveHeld ? "reserve of \(bytes(report.reserveBytes)) held" : "reserve not made yet (the service makes it)"
            return "storage     ok: \(free) free; \(reserve)"
        case .reserveInUse:
            return "storage     RESERVE IN USE: the disk filled up; presses are stored in the reserve's room (\(free) free). Free some space on \(folder)"
        case .full:
            return "storage     DISK FULL: \(free) free and no reserve left; presses are answered with the store-problem screen and NOT stored. Free some space on \(folder) now"
        }
    }

    /// `n` bytes for a person: B, KiB, MiB or GiB with one decimal.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
