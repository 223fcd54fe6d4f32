/// The fuzzed parts, one libFuzzer executable each (`fuzz-<name>`, fuzz/README.md); seeds in
/// `fuzz/corpus/<name>/`, inputs that once broke a check in `fuzz/regressions/<name>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The terminal's config file: TOML subset, loaded into `TerminalConfig`.
    case config
    /// A batch upload's body and Content-Encoding, read as the collector reads it.
    case batch
    /// Vietnamese folding, the screen composer and the HD44780 glyph planner.
    case screen
    /// The LCDproc client's reply parser and command quoting.
    case lcdproc

    /// Runs this target's check on one input: returns, or throws the invariant that broke.
    /// Any input is legal: a check never traps on its own (a trap would be a crash of the code checked).
    public func check(_ input: [UInt8]) throws(FuzzViolation) {
        switch self {
        case .config: try ConfigCheck.check(input)
        case .batch: try BatchCheck.check(input)
        case .screen: try ScreenCheck.check(input)
        case .lcdproc: try LCDprocCheck.check(input)
        }
    }
}
