/// A TOML value with the line it was written on.
struct TOMLValue: Equatable {
    enum Kind: Equatable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case bool(Bool)
        case array([TOMLValue])
    }

    var kind: Kind
    var line: Int

    /// The TOML type name, for error messages.
    var typeName: String {
        switch kind {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a decimal number"
        case .bool: return "true/false"
        case .array: return "a list"
        }
    }
}

/// The subset of TOML a terminal config uses: `[table]` headers and `key = value`
/// lines with strings, integers (decimal, 0x, 0o, 0b), floats, booleans and
/// arrays (which may span lines). Every value remembers its line, so errors
/// can name it. Inline tables and arrays of tables are refused with a clear error.
struct TOMLDocument: Equatable {
    struct Entry: Equatable {
        var key: String
        var value: TOMLValue
    }

    struct Table: Equatable {
        var name: String
        var line: Int
        var entries: [Entry]
    }

    /// Tables in file order; keys before the first header go to a table named "".
    var tables: [Table]

    func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
