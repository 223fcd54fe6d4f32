import FuzzChecks
#if canImport(Glibc)
import Glibc
#endif

#if FUZZING
/// libFuzzer's entry point (built with -sanitize=fuzzer and -DFUZZING by scripts/fuzz.sh).
/// A violated invariant traps, so libFuzzer saves the input as a crash like any other.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if let violation = FuzzReplay.violation(.screen, data, size) { fatalError("\(violation)") }
    return 0
}

/// The executable's entry point in a fuzzing build (see FuzzDriver for why it is not libFuzzer's `main`).
@_cdecl("fuzz_screen_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzOneInput)
}
#else
/// Without libFuzzer (a normal build): replays the files named on the command line.
@main
enum Replay {
    static func main() {
        exit(FuzzReplay.command(.screen, arguments: Array(CommandLine.arguments.dropFirst())))
    }
}
#endif
