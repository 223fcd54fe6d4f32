import Foundation

/// Runs a target's check over files, outside libFuzzer: the `fuzz-<name>` executables of a
/// normal build (`fuzz-config fuzz/corpus/config`), and the regression tests.
public enum FuzzReplay {
    /// The regular files in `paths`, directories expanded one level deep (sorted, hidden files skipped).
    public static func files(in paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
                files += names.map { url.appendingPathComponent($0) }
            } else {
                files.append(url)
            }
        }
        return files
    }

    /// Checks every file; returns the violations found, each with its file.
    public static func run(_ target: FuzzTarget, files: [URL]) throws -> [(file: URL, violation: FuzzViolation)] {
        var found: [(file: URL, violation: FuzzViolation)] = []
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            do {
                try target.check(bytes)
            } catch {
                found.append((file: file, violation: error))
            }
        }
        return found
    }
}

extension FuzzReplay {
    /// The replay command of a `fuzz-<name>` executable built without libFuzzer: checks the files
    /// and directories named, prints each violation, and returns the exit status (0: none, 1: some, 2: unreadable).
    public static func command(_ target: FuzzTarget, arguments: [String]) -> Int32 {
        guard !arguments.isEmpty else {
            print("usage: fuzz-\(target.rawValue) FILE|DIR...  (replays inputs; the fuzzer itself is built by scripts/fuzz.sh)")
            return 2
        }
        do {
            let inputs = try files(in: arguments)
            let found = try run(target, files: inputs)
            for (file, violation) in found { print("\(file.path): \(violation)") }
            print("fuzz-\(target.rawValue): \(inputs.count) inputs, \(found.count) violations")
            return found.isEmpty ? 0 : 1
        } catch {
            print("fuzz-\(target.rawValue): \(error)")
            return 2
        }
    }

    /// libFuzzer's view: the violation one input causes, or nil.
    public static func violation(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> FuzzViolation? {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        do {
            try target.check(bytes)
            return nil
        } catch {
            return error
        }
    }
}
