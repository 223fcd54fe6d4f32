/// CSV for spreadsheets, shared by the terminal's export and the collector's pull API.
///
/// UTF-8 with a byte-order mark (without it, Excel shows Vietnamese names as mojibake), RFC 4180
/// quoting and CRLF line ends, and a leading `'` on free-text cells that a spreadsheet would run
/// as a formula (`=`, `+`, `-`, `@`): site, counter, ticket and staff come from configs and queue
/// systems, and a cell must never execute.
public enum CSVCells {
    /// The UTF-8 byte-order mark, first in a file.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One row: cells quoted where needed, joined by commas, ended by CRLF.
    public static func row(_ cells: [String]) -> String {
        cells.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// Free text with formula starters neutralised.
    public static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    /// A cell in RFC 4180 quotes if it holds a comma, a quote or a line break.
    public static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }
}
