/// Turns what the rules find into alerts to store: the pure step between the storage's reads and writes.
enum AlertRules {
    static func badRatingsAlert(site: String, counter: String, finding: BadRatingsRule.Finding) -> NewAlert {
        NewAlert(kind: .badRatings, subject: AlertSubject(site: site, counter: counter), episodeMillis: finding.windowEndMillis,
                 detail: AlertDetail(windowStart: ISOTime.string(millis: finding.windowStartMillis),
                                     windowEnd: ISOTime.string(millis: finding.windowEndMillis),
                                     ratings: finding.ratings, lowRatings: finding.lowRatings))
    }

    /// A store whose ratings above its acknowledged-through are held, so `ackedThrough + 1` is missing.
    struct Gap: Sendable, Equatable {
        var deviceID: String
        var storeID: String
        var ackedThrough: Int64
        var firstHeldSeq: Int64
        /// When the first rating above the gap was stored (collector clock): when the gap became visible.
        var seenAtMillis: Int64
    }

    static func seqGapAlert(_ gap: Gap, rule: SeqGapRule, nowMillis: Int64) -> NewAlert? {
        guard rule.isDue(openedAtMillis: gap.seenAtMillis, nowMillis: nowMillis) else { return nil }
        return NewAlert(kind: .seqGap, subject: AlertSubject(deviceID: gap.deviceID, storeID: gap.storeID), episodeMillis: gap.seenAtMillis,
                        missingSeq: gap.ackedThrough + 1,
                        detail: AlertDetail(missingFromSeq: gap.ackedThrough + 1, missingThroughSeq: gap.firstHeldSeq - 1,
                                            gapSeenAt: ISOTime.string(millis: gap.seenAtMillis)))
    }

    static func silentTerminalAlert(deviceID: String, lastUploadMillis: Int64, rule: SilentTerminalRule, nowMillis: Int64) -> NewAlert? {
        guard rule.isSilent(lastUploadMillis: lastUploadMillis, nowMillis: nowMillis) else { return nil }
        return NewAlert(kind: .silentTerminal, subject: AlertSubject(deviceID: deviceID), episodeMillis: lastUploadMillis,
                        detail: AlertDetail(lastUploadAt: ISOTime.string(millis: lastUploadMillis)))
    }
}

/// SQL text shared by both backends' alert queries.
enum AlertSQL {
    /// Alerts with their delivery columns (NULL when no webhook delivery was queued).
    static let select = """
        SELECT a.id, a.kind, a.site, a.counter, a.device_id, a.store_id, a.opened_at, a.detail, a.acknowledged_at, a.acknowledged_by,
            a.acknowledge_note, a.resolved_at, d.attempts, d.next_attempt_at, d.delivered_at, d.last_error
        FROM alerts a LEFT JOIN alert_deliveries d ON d.alert_id = a.id
        """

    /// The `AND …` that keeps the alerts of `filter`.
    static func condition(_ filter: AlertFilter) -> String {
        switch filter {
        case .all: return ""
        case .open: return "AND a.acknowledged_at IS NULL AND a.resolved_at IS NULL"
        case .closed: return "AND (a.acknowledged_at IS NOT NULL OR a.resolved_at IS NOT NULL)"
        }
    }
}
