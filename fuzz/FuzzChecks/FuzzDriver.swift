#if FUZZING
/// libFuzzer's driver, started from the executable's own entry point.
///
/// Why not libFuzzer's `main`: SwiftPM links every executable with `main` defined as
/// `<module>_main` (its renamed Swift entry point), so without an entry point of our own the link
/// fails in a clean build ("undefined symbol 'fuzz_config_main'"), and libFuzzer's `main` is
/// never the one that runs. Each fuzzer defines `<module>_main` and calls `FuzzDriver.run`.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

public enum FuzzDriver {
    /// Runs libFuzzer with the process's arguments and `callback` as the fuzz target.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
        var count = argc
        var vector = argv
        return LLVMFuzzerRunDriver(&count, &vector, callback)
    }
}
#endif
