/// A mistake in a config file, named by file and line, with the fix.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number; 0 when the problem is the whole file.
    public var line: Int
    public var message: String
    public var fix: String

    public init(file: String, line: Int, message: String, fix: String) {
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return fix.isEmpty ? "\(place): \(message)" : "\(place): \(message). Fix: \(fix)"
    }
}
