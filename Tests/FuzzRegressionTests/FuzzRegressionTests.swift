import FuzzChecks
import Foundation
import Testing

/// Every seed and every input that once broke a fuzz check (fuzz/README.md) passes the same
/// check in the normal test suite, without libFuzzer.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz")

    @Test(arguments: FuzzTarget.allCases)
    func seedsAndRegressionsPass(_ target: FuzzTarget) throws {
        let folders = ["corpus", "regressions"].map { Self.fuzzDirectory.appendingPathComponent($0).appendingPathComponent(target.rawValue).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        let files = try FuzzReplay.files(in: folders)
        #expect(!files.isEmpty, "fuzz/corpus/\(target.rawValue) has no seeds")
        let found = try FuzzReplay.run(target, files: files)
        for (file, violation) in found {
            Issue.record("\(file.lastPathComponent): \(violation)")
        }
        #expect(found.isEmpty)
    }
}
