/// The one place that says which column is a record's event time in SQL.
///
/// Today the device's wall clock as sent (`wall_ms`); when the collector stores its reconstructed
/// time (`corrected_ms`), change ``rating(_:)`` alone and every dashboard query follows.
enum EventTimeSQL {
    /// The event time of a rating in table alias `alias` (ms since 1970).
    static func rating(_ alias: String) -> String { "\(alias).wall_ms" }

    /// The event time of an unrated service in table alias `alias`: when its window closed, by the device's clock.
    static func unratedService(_ alias: String) -> String { "\(alias).closed_wall_ms" }
}
