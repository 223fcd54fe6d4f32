/// The one place that says which column is a record's event time in SQL (dashboard and alerts).
enum EventTimeSQL {
    /// The event time of a rating: the collector's reconstruction (ms since 1970; see "true timestamps").
    static let ratingColumn = "corrected_ms"

    /// The event time of a rating in table alias `alias`.
    static func rating(_ alias: String) -> String { "\(alias).\(ratingColumn)" }

    /// The event time of an unrated service in table alias `alias`: when its window closed, by the
    /// device's clock (services are not reconstructed yet; a clock that was wrong shows here).
    static func unratedService(_ alias: String) -> String { "\(alias).closed_wall_ms" }
}
