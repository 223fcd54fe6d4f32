import RatingWire

/// What storing one batch did: the reply for the device, and counts for the metrics.
///
/// The counts stay inside the collector; the wire reply is unchanged.
public struct IngestResult: Sendable, Equatable {
    /// The answer sent to the device.
    public var reply: UploadReply
    /// Ratings stored by this batch.
    public var ratingsInserted: Int
    /// Ratings already held with identical content (a replay), which changed nothing.
    public var ratingsDuplicate: Int

    public init(reply: UploadReply, ratingsInserted: Int, ratingsDuplicate: Int) {
        self.reply = reply
        self.ratingsInserted = ratingsInserted
        self.ratingsDuplicate = ratingsDuplicate
    }
}

/// What happened to one rating offered to the database.
enum RatingStoreOutcome: Sendable, Equatable {
    /// Newly stored.
    case inserted
    /// Already held with identical content.
    case duplicate
    /// Its key or id is held with different content: set it aside for this reason.
    case clash(String)

    /// Counts `self` into the inserted and duplicate totals; returns the clash reason, if any.
    func tally(inserted: inout Int, duplicate: inout Int) -> String? {
        switch self {
        case .inserted: inserted += 1; return nil
        case .duplicate: duplicate += 1; return nil
        case .clash(let reason): return reason
        }
    }
}
