/// An invariant a fuzz check found broken, with what was expected and what happened.
public struct FuzzViolation: Error, Equatable, CustomStringConvertible {
    /// The target whose check failed (`config`, `batch`, `screen`, `lcdproc`).
    public var target: String
    public var message: String

    public init(target: String, message: String) {
        self.target = target
        self.message = message
    }

    public var description: String { "fuzz-\(target): invariant violated: \(message)" }
}

/// Throws a violation of `target` unless `condition` holds.
func require(_ condition: Bool, _ target: FuzzTarget, _ message: @autoclosure () -> String) throws(FuzzViolation) {
    guard condition else { throw FuzzViolation(target: target.rawValue, message: message()) }
}
