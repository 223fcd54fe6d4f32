import Foundation

/// Opens a URL in the desktop's browser, when there is a desktop (`make demo` shows the dashboard).
enum BrowserOpener {
    /// Runs `xdg-open URL` if a graphical session is there (DISPLAY or WAYLAND_DISPLAY) and xdg-open exists;
    /// returns whether it was started. On a headless machine (SSH, CI) it does nothing: the URL is printed anyway.
    static func open(_ url: String) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil else { return false }
        let paths = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/xdg-open" }
        guard let opener = paths.first(where: FileManager.default.isExecutableFile(atPath:)) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        // The browser's own chatter must not mix into the console display.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            return true
        } catch {
            return false
        }
    }
}
