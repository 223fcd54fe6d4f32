import Foundation
import RatingCore

/// A display drawn in a box on a terminal or into a log:
///
///     +----------------+
///     |Xin mời đánh giá|
///     |  1 tệ ... 5 tốt|
///     +----------------+
///
/// On a terminal each new frame is redrawn in place; elsewhere (pipes, logs)
/// each new frame is printed as a block. A frame equal to the last one is not written again.
public actor ConsoleDisplay: Display {
    public nonisolated let size: GridSize
    private let fd: Int32
    private let inPlace: Bool
    private var last: Frame?

    /// Draws on `fd` (standard output by default).
    public init(size: GridSize, fd: Int32 = 1) {
        self.size = size
        self.fd = fd
        inPlace = isatty(fd) == 1
    }

    /// Writes `frame` unless it equals the last frame written. Throws `HardwareError.system`
    /// when the output cannot be written (e.g. a closed pipe with SIGPIPE ignored).
    public func show(_ frame: Frame) async throws {
        guard frame != last else { return }
        var text = ""
        if inPlace, let previous = last {
            // Move the cursor back up over the previous box (its rows plus two borders)
            // to its first column, and draw over it.
            text += "\u{1B}[\(previous.size.rows + 2)A\r"
        }
        text += Self.box(frame)
        try Self.writeAll(Array(text.utf8), to: fd)
        last = frame
    }

    /// Leaves the last frame on screen; the descriptor belongs to the caller and stays open.
    public func close() async {}

    /// The frame in its box, one line per row, each line ending in a newline. The border is
    /// `columns + 2` characters wide: `Frame` rows hold exactly `columns` Characters
    /// (grapheme clusters), however many UTF-8 bytes a Vietnamese letter takes.
    public static func box(_ frame: Frame) -> String {
        let border = "+" + String(repeating: "-", count: frame.size.columns) + "+\n"
        return border + frame.lines.map { "|\($0)|\n" }.joined() + border
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw HardwareError.system(operation: "write to the console display on fd \(fd)", errno: code)
            }
            offset += written
        }
    }
}
