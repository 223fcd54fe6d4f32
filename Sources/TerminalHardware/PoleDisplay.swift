import RatingCore

/// A serial customer ("pole") display, typically a 2×20 VFD on USB-serial or RS-232, driven
/// with the Epson or CD5220 command set. Only rows that changed are sent. Text is folded to
/// ASCII: these displays' code pages have no Vietnamese letters.
///
/// After a failed write (an unplugged USB adapter) the next `show` reopens the port and
/// sends the whole frame again.
public actor PoleDisplay: Display {
    public nonisolated let size: GridSize
    private let path: String
    private let baud: Int
    private let commandSet: PoleDisplayCommandSet
    private var port: SerialPort?
    private var shown: [[UInt8]]?

    /// Opens `path` at `baud` and initialises the display. Throws `SerialPortError` naming the
    /// port (and the group `dialout` when access is denied), or `PoleDisplayError` for a size
    /// the command set cannot address.
    public init(path: String, baud: Int = 9_600, commandSet: PoleDisplayCommandSet = .epson, size: GridSize) throws {
        guard size.rows <= commandSet.maximumRows, size.columns <= 40 else {
            throw PoleDisplayError.unsupportedSize(size, commandSet)
        }
        self.size = size
        self.path = path
        self.baud = baud
        self.commandSet = commandSet
        port = try Self.open(path: path, baud: baud, commandSet: commandSet)
    }

    /// Sends the rows of `frame` that differ from what the display shows.
    public func show(_ frame: Frame) async throws {
        let rows = DisplayText.asciiRows(frame)
        let changed = DisplayText.changedRows(from: shown, to: rows)
        guard !changed.isEmpty else { return }
        let bytes = changed.flatMap { commandSet.row($0, text: rows[$0]) }
        do {
            let open = try port ?? Self.open(path: path, baud: baud, commandSet: commandSet)
            port = open
            try open.write(bytes)
            shown = rows
        } catch {
            port = nil
            shown = nil
            throw error
        }
    }

    /// Closes the port; the display keeps showing the last frame.
    public func close() async {
        port = nil
    }

    private static func open(path: String, baud: Int, commandSet: PoleDisplayCommandSet) throws -> SerialPort {
        let port = try SerialPort(path: path, baud: baud)
        try port.write(commandSet.initialise)
        return port
    }
}

/// The pole display cannot show the configured size.
public enum PoleDisplayError: Error, Equatable, CustomStringConvertible {
    case unsupportedSize(GridSize, PoleDisplayCommandSet)

    public var description: String {
        switch self {
        case .unsupportedSize(let size, let commandSet):
            return "[display] size \(size) is too large for a \(commandSet.rawValue) pole display (at most 40x\(commandSet.maximumRows))"
        }
    }
}
