import RatingWire

extension CheckedBatch {
    /// `sent_at` as wire JSON, the form the `devices` table keeps in `last_sent_at` (both backends).
    func sentAtJSON() throws(CollectorStorageError) -> String {
        do {
            return String(decoding: try WireCoding.encode(sentAt), as: UTF8.self)
        } catch {
            throw CollectorStorageError.failed(operation: "ingest", detail: "cannot encode sent_at: \(error)")
        }
    }
}
