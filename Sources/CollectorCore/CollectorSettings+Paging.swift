import Hummingbird

extension CollectorSettings {
    /// `after` (default 0) and `limit` (default and maximum from the settings); anything else is 400.
    func paging(_ request: Request) throws -> (after: Int64, limit: Int) {
        let query = request.uri.queryParameters
        var after: Int64 = 0
        if let text = query.get("after") {
            guard let value = Int64(text), value >= 0 else {
                throw CollectorHTTPError(.badRequest, "after=\(text) is not a cursor; pass a next_cursor from an earlier answer, or 0 to start")
            }
            after = value
        }
        var limit = defaultPageLimit
        if let text = query.get("limit") {
            guard let value = Int(text), (1...maxPageLimit).contains(value) else {
                throw CollectorHTTPError(.badRequest, "limit=\(text) must be a whole number from 1 to \(maxPageLimit)")
            }
            limit = value
        }
        return (after, limit)
    }
}
