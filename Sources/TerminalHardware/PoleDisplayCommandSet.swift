/// The command set of a serial customer ("pole") display. Only what a text frame needs:
/// initialise, clear, and put a row of text in place.
public enum PoleDisplayCommandSet: String, Sendable, CaseIterable {
    /// Epson's ESC/POS customer-display commands (DM-D series and compatibles):
    /// ESC @ initialises, FF clears, `US $ n m` moves the cursor to column n, row m (1-based, binary).
    case epson
    /// The CD5220 command mode: ESC @ initialises, FF clears, `ESC Q A text CR` writes the upper
    /// line and `ESC Q B text CR` the lower line.
    case cd5220

    /// The most rows the command set can address.
    public var maximumRows: Int { self == .epson ? 4 : 2 }

    /// Initialise, then clear, sent when the port is opened.
    var initialise: [UInt8] { [0x1B, 0x40, 0x0C] }

    /// Writes `text` (ASCII, one byte per column) as row `index` (0-based).
    func row(_ index: Int, text: [UInt8]) -> [UInt8] {
        switch self {
        case .epson: return [0x1F, 0x24, 1, UInt8(index + 1)] + text
        case .cd5220: return [0x1B, 0x51, index == 0 ? 0x41 : 0x42] + text + [0x0D]
        }
    }
}
