/// A PostgreSQL database as given by `--db postgres://USER[:PASSWORD]@HOST[:PORT]/DBNAME`.
///
/// The port defaults to 5432, the user to `postgres`, the database to the user's name.
/// Connections are made without TLS: the collector and its database are expected on one
/// host or a private network (TLS is not offered yet).
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String = "postgres", password: String? = nil, database: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database ?? user
    }

    /// Parses `postgres://…` or `postgresql://…`; `nil` if it is not such a URL with a host.
    public init?(url text: String) {
        guard let schemeEnd = text.range(of: "://"), ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound]) else { return nil }
        var rest = Substring(text[schemeEnd.upperBound...])
        var database: String?
        if let slash = rest.firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            database = name.isEmpty ? nil : String(name)
            rest = rest[..<slash]
        }
        var user = "postgres"
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon])
                password = String(credentials[credentials.index(after: colon)...])
            } else {
                user = String(credentials)
            }
            rest = rest[rest.index(after: at)...]
        }
        var port = 5432
        if let colon = rest.lastIndex(of: ":") {
            guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65535).contains(parsed) else { return nil }
            port = parsed
            rest = rest[..<colon]
        }
        guard !rest.isEmpty, !user.isEmpty, database.map({ !$0.contains("?") }) ?? true else { return nil }
        self.init(host: String(rest), port: port, user: user, password: password, database: database)
    }

    /// The URL without the password.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":…")@\(host):\(port)/\(database)"
    }
}
