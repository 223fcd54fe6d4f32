import GPIODShim
import Glibc

/// A chip's lines as `check-config` sees them, looked up without requesting them
/// (the running service may hold them; looking must not disturb it).
public struct GPIOInspection: Sendable, Equatable {
    /// One configured line.
    public struct Line: Sendable, Equatable {
        public var name: String
        /// Some program holds it now.
        public var used: Bool
        /// The holder's label ("rating-terminal" when the service runs), empty when free.
        public var consumer: String

        public init(name: String, used: Bool, consumer: String) {
            self.name = name
            self.used = used
            self.consumer = consumer
        }
    }

    /// The chip's device node, e.g. /dev/gpiochip0 (the config may name it by label).
    public var chipPath: String
    public var lines: [Line]

    public init(chipPath: String, lines: [Line]) {
        self.chipPath = chipPath
        self.lines = lines
    }

    /// Looks `lines` up on `chip`; throws ``GPIOError`` naming the chip or the missing line and what to check.
    public static func inspect(chip: String, lines: [String]) throws(GPIOError) -> GPIOInspection {
        var status = [gpiod_shim_line_status](repeating: gpiod_shim_line_status(), count: max(lines.count, 1))
        var path = [CChar](repeating: 0, count: 256)
        var error = [CChar](repeating: 0, count: 256)
        let result = CStrings.withArray(lines) { names in
            gpiod_shim_inspect_lines(chip, names, UInt32(lines.count), &path, path.count, &status, &error, error.count)
        }
        guard result == 0 else { throw GPIOError(chip: chip, reason: CStrings.text(error), code: -result) }
        return GPIOInspection(chipPath: CStrings.text(path), lines: zip(lines, status).map { name, state in
            var consumer = state.consumer
            let label = withUnsafeBytes(of: &consumer) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return Line(name: name, used: state.used != 0, consumer: label)
        })
    }
}
