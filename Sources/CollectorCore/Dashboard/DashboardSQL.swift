/// The dashboard's queries, one text for both backends (each GROUP BY in the database).
///
/// The two backends differ only in how a parameter is written (`?` for SQLite, `$1` for
/// PostgreSQL), so both run the same arithmetic: local day = `(event_ms + offset_ms) / 86400000`,
/// local hour = `((event_ms + offset_ms) % 86400000) / 3600000`. Integer division truncates in
/// both; the period starts after 1970, so the local time is positive and truncation is floor.
struct DashboardSQL: Sendable {
    /// A parameter value.
    enum Value: Sendable, Equatable {
        case integer(Int64)
        case text(String)
    }

    /// A statement with its parameters in order.
    struct Statement: Sendable, Equatable {
        var sql: String
        var arguments: [Value]
    }

    /// How a backend writes its n-th parameter (1-based).
    let placeholder: @Sendable (Int) -> String
    let query: DashboardQuery

    static func sqlite(_ query: DashboardQuery) -> DashboardSQL { DashboardSQL(placeholder: { _ in "?" }, query: query) }
    static func postgres(_ query: DashboardQuery) -> DashboardSQL { DashboardSQL(placeholder: { "$\($0)" }, query: query) }

    /// Builds SQL text with numbered parameters.
    private struct Builder {
        let placeholder: (Int) -> String
        var sql = ""
        var arguments: [Value] = []

        mutating func add(_ text: String) { sql += text }
        mutating func bind(_ value: Value) {
            arguments.append(value)
            sql += placeholder(arguments.count)
        }
        var statement: Statement { Statement(sql: sql, arguments: arguments) }
    }

    /// `r` has no flag of its own and no flag amendment.
    static let unflagged = """
        r.flags = '' AND NOT EXISTS (SELECT 1 FROM amendments f WHERE f.device_id = r.device_id AND f.store_id = r.store_id \
        AND f.rating_seq = r.seq AND f.kind = 'flag')
        """

    /// The period and the site/counter filter on ratings `r`.
    private func ratingFilter(_ builder: inout Builder) {
        let time = EventTimeSQL.rating("r")
        builder.add(" WHERE \(time) >= ")
        builder.bind(.integer(query.fromMillis))
        builder.add(" AND \(time) < ")
        builder.bind(.integer(query.toMillis))
        if let site = query.site {
            builder.add(" AND r.site = ")
            builder.bind(.text(site))
        }
        if let counter = query.counter {
            builder.add(" AND r.counter = ")
            builder.bind(.text(counter))
        }
    }

    private func start(_ sql: String) -> Builder {
        var builder = Builder(placeholder: placeholder)
        builder.add(sql)
        return builder
    }

    /// Columns: site, counter, score, count, windowed.
    var counters: Statement {
        var builder = start("""
            SELECT r.site, r.counter, r.score, COUNT(*), SUM(CASE WHEN r.window_wall_ms IS NOT NULL THEN 1 ELSE 0 END) FROM ratings r
            """)
        ratingFilter(&builder)
        builder.add(" AND \(Self.unflagged) GROUP BY r.site, r.counter, r.score")
        return builder.statement
    }

    /// Columns: local day, local hour, score, count.
    var hours: Statement {
        let time = EventTimeSQL.rating("r")
        var builder = start("SELECT (\(time) + ")
        builder.bind(.integer(query.offset.millis))
        builder.add(") / \(LocalCalendar.dayMillis), ((\(time) + ")
        builder.bind(.integer(query.offset.millis))
        builder.add(") % \(LocalCalendar.dayMillis)) / \(LocalCalendar.hourMillis), r.score, COUNT(*) FROM ratings r")
        ratingFilter(&builder)
        // By position: PostgreSQL cannot tell that two expressions with different parameters are equal.
        builder.add(" AND \(Self.unflagged) GROUP BY 1, 2, 3")
        return builder.statement
    }

    /// Columns: site, counter, reason code, count (each rating's latest reason only).
    var reasons: Statement {
        var builder = start("""
            SELECT r.site, r.counter, a.value, COUNT(*) FROM ratings r JOIN amendments a ON a.device_id = r.device_id \
            AND a.store_id = r.store_id AND a.rating_seq = r.seq AND a.kind = 'reason'
            """)
        ratingFilter(&builder)
        builder.add("""
             AND \(Self.unflagged) AND a.seq = (SELECT MAX(b.seq) FROM amendments b WHERE b.device_id = r.device_id \
            AND b.store_id = r.store_id AND b.rating_seq = r.seq AND b.kind = 'reason') GROUP BY r.site, r.counter, a.value
            """)
        return builder.statement
    }

    /// One column: the number of flagged ratings in the period.
    var flagged: Statement {
        var builder = start("SELECT COUNT(*) FROM ratings r")
        ratingFilter(&builder)
        builder.add(" AND NOT (\(Self.unflagged))")
        return builder.statement
    }

    /// Columns: device id, count of unrated services closed in the period.
    var unratedServices: Statement {
        let time = EventTimeSQL.unratedService("s")
        var builder = start("SELECT s.device_id, COUNT(*) FROM unrated_services s WHERE \(time) >= ")
        builder.bind(.integer(query.fromMillis))
        builder.add(" AND \(time) < ")
        builder.bind(.integer(query.toMillis))
        builder.add(" GROUP BY s.device_id")
        return builder.statement
    }

    /// Columns: id, retired, last upload, queue depth, last sent-at JSON, site and counter of the latest stored rating.
    var devices: Statement {
        start("""
            SELECT d.id, d.retired, d.last_upload_at, d.last_queue_depth, d.last_sent_at, r.site, r.counter FROM devices d \
            LEFT JOIN ratings r ON r.revision = (SELECT MAX(x.revision) FROM ratings x WHERE x.device_id = d.id) ORDER BY d.id
            """).statement
    }
}
