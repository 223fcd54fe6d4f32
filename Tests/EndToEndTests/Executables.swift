import Foundation
import Testing

/// Finds and runs the package's built executables (the test bundle sits beside them in `.build/<config>/`).
enum Executables {
    /// The folder holding the built products.
    static var productsFolder: URL {
        if let override = ProcessInfo.processInfo.environment["RATING_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override)
        }
        // /proc/self/exe is the test runner inside .build/<triple>/debug/.
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("rating-terminal").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return runner.deletingLastPathComponent()
    }

    /// The path of a built executable; records a test failure naming how to build it when it is missing.
    static func path(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = productsFolder.appendingPathComponent(name).path
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "\(path) is missing: run `swift build` (or `make test`) before the tests", sourceLocation: sourceLocation)
        return path
    }

    /// Runs blocking `body` on a thread of its own and returns its result. Blocking on the cooperative
    /// pool (as many threads as cores, 2 here) starves every test running beside it.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// A fresh temporary folder.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rating-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
