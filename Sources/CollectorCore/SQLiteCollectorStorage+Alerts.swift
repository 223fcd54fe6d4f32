import GRDB

extension SQLiteCollectorStorage {
    public func raiseBadRatingsAlerts(deviceID: String, storeID: String, seqs: ClosedRange<Int64>, rule: BadRatingsRule,
                                      nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert] {
        try await writing("raise bad-ratings alerts") { db in
            let time = EventTimeSQL.ratingColumn
            let counters = try Row.fetchAll(db, sql: """
                SELECT site, counter, MIN(\(time)) AS first, MAX(\(time)) AS last FROM ratings
                WHERE device_id = ? AND store_id = ? AND seq BETWEEN ? AND ? GROUP BY site, counter
                """, arguments: [deviceID, storeID, seqs.lowerBound, seqs.upperBound])
            var raised: [Alert] = []
            for row in counters {
                let (site, counter, first, last): (String, String, Int64, Int64) = (row["site"], row["counter"], row["first"], row["last"])
                let countedThrough = try Int64.fetchOne(db, sql: """
                    SELECT MAX(episode_ms) FROM alerts WHERE kind = ? AND site = ? AND counter = ?
                    """, arguments: [AlertKind.badRatings.rawValue, site, counter])
                let window = rule.window.millis
                let points = try Row.fetchAll(db, sql: """
                    SELECT r.\(time) AS t, r.score, (r.flags <> '' OR EXISTS (
                        SELECT 1 FROM amendments a WHERE a.device_id = r.device_id AND a.store_id = r.store_id
                            AND a.rating_seq = r.seq AND a.kind = 'flag')) AS flagged
                    FROM ratings r WHERE r.site = ? AND r.counter = ? AND r.\(time) > ? AND r.\(time) < ?
                    """, arguments: [site, counter, max(first - window, countedThrough ?? Int64.min), last + window])
                    .map { BadRatingsRule.Point(timeMillis: $0["t"], score: $0["score"], flagged: $0["flagged"]) }
                for finding in rule.findings(in: points, countedThrough: countedThrough, endingFrom: first) {
                    let alert = AlertRules.badRatingsAlert(site: site, counter: counter, finding: finding)
                    if let stored = try Self.insert(alert, nowMillis: nowMillis, queueWebhook: queueWebhook, db) { raised.append(stored) }
                }
            }
            return raised
        }
    }

    public func updateSeqGapAlerts(store: (deviceID: String, storeID: String)?, rule: SeqGapRule, nowMillis: Int64,
                                   queueWebhook: Bool) async throws -> [Alert] {
        try await writing("update seq-gap alerts") { db in
            let only = store == nil ? "" : "AND s.device_id = ? AND s.store_id = ?"
            let storeArguments: StatementArguments = store.map { StatementArguments([$0.deviceID, $0.storeID]) } ?? []
            try db.execute(sql: """
                UPDATE alerts SET resolved_at = ? WHERE kind = ? AND resolved_at IS NULL AND missing_seq <= (
                    SELECT s.acked_through FROM stores s WHERE s.device_id = alerts.device_id AND s.store_id = alerts.store_id \(only))
                """, arguments: [nowMillis, AlertKind.seqGap.rawValue] + storeArguments)
            let gaps = try Row.fetchAll(db, sql: """
                SELECT s.device_id, s.store_id, s.acked_through, MIN(r.seq) AS first_held, MIN(r.received_at) AS seen
                FROM stores s JOIN ratings r ON r.device_id = s.device_id AND r.store_id = s.store_id AND r.seq > s.acked_through
                WHERE 1 = 1 \(only) GROUP BY s.device_id, s.store_id, s.acked_through
                """, arguments: storeArguments)
            var raised: [Alert] = []
            for row in gaps {
                let gap = AlertRules.Gap(deviceID: row["device_id"], storeID: row["store_id"], ackedThrough: row["acked_through"],
                                         firstHeldSeq: row["first_held"], seenAtMillis: row["seen"])
                guard let alert = AlertRules.seqGapAlert(gap, rule: rule, nowMillis: nowMillis) else { continue }
                if let stored = try Self.insert(alert, nowMillis: nowMillis, queueWebhook: queueWebhook, db) { raised.append(stored) }
            }
            return raised
        }
    }

    public func updateSilentTerminalAlerts(rule: SilentTerminalRule, nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert] {
        try await writing("update silent-terminal alerts") { db in
            try db.execute(sql: """
                UPDATE alerts SET resolved_at = ? WHERE kind = ? AND resolved_at IS NULL
                    AND episode_ms < COALESCE((SELECT d.last_upload_at FROM devices d WHERE d.id = alerts.device_id), episode_ms)
                """, arguments: [nowMillis, AlertKind.silentTerminal.rawValue])
            let devices = try Row.fetchAll(db, sql: "SELECT id, last_upload_at FROM devices WHERE retired = 0 AND last_upload_at IS NOT NULL")
            var raised: [Alert] = []
            for row in devices {
                guard let alert = AlertRules.silentTerminalAlert(deviceID: row["id"], lastUploadMillis: row["last_upload_at"],
                                                                 rule: rule, nowMillis: nowMillis) else { continue }
                if let stored = try Self.insert(alert, nowMillis: nowMillis, queueWebhook: queueWebhook, db) { raised.append(stored) }
            }
            return raised
        }
    }

    public func alerts(_ filter: AlertFilter, after cursor: Int64, limit: Int) async throws -> [Alert] {
        try await reading("list alerts") { db in
            try Row.fetchAll(db, sql: "\(AlertSQL.select) WHERE a.id > ? \(AlertSQL.condition(filter)) ORDER BY a.id LIMIT ?",
                             arguments: [cursor, limit]).map(Self.alert(from:))
        }
    }

    public func acknowledgeAlert(id: Int64, by: String?, note: String?, atMillis: Int64) async throws -> Alert? {
        try await writing("acknowledge alert") { db in
            try db.execute(sql: """
                UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, acknowledge_note = ? WHERE id = ? AND acknowledged_at IS NULL
                """, arguments: [atMillis, by, note, id])
            return try Self.alert(id: id, db)
        }
    }

    public func claimAlertDelivery(nowMillis: Int64, leaseMillis: Int64) async throws -> AlertDelivery? {
        // One write transaction (IMMEDIATE): instances on the same file take turns, so a row is claimed once.
        try await writing("claim alert delivery") { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT alert_id, attempts FROM alert_deliveries WHERE delivered_at IS NULL AND next_attempt_at <= ?
                ORDER BY next_attempt_at, alert_id LIMIT 1
                """, arguments: [nowMillis]) else { return nil }
            let id: Int64 = row["alert_id"], attempts: Int = row["attempts"]
            try db.execute(sql: "UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE alert_id = ?",
                           arguments: [nowMillis + leaseMillis, id])
            guard let alert = try Self.alert(id: id, db) else { return nil }
            return AlertDelivery(alert: alert, attempt: attempts + 1)
        }
    }

    public func finishAlertDelivery(alertID: Int64, delivered: Bool, error: String?, retryAtMillis: Int64, nowMillis: Int64) async throws {
        try await writing("record alert delivery") { db in
            if delivered {
                try db.execute(sql: "UPDATE alert_deliveries SET delivered_at = ?, last_error = NULL WHERE alert_id = ?",
                               arguments: [nowMillis, alertID])
            } else {
                try db.execute(sql: """
                    UPDATE alert_deliveries SET next_attempt_at = ?, last_error = ? WHERE alert_id = ? AND delivered_at IS NULL
                    """, arguments: [retryAtMillis, error, alertID])
            }
        }
    }

    /// Stores `alert` unless its episode is already stored (then `nil`), with a webhook delivery due now when asked.
    static func insert(_ alert: NewAlert, nowMillis: Int64, queueWebhook: Bool, _ db: Database) throws -> Alert? {
        let subject = alert.subject
        try db.execute(sql: """
            INSERT INTO alerts (kind, dedupe_key, site, counter, device_id, store_id, episode_ms, missing_seq, opened_at, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
            """, arguments: [alert.kind.rawValue, alert.dedupeKey, subject.site, subject.counter, subject.deviceID, subject.storeID,
                             alert.episodeMillis, alert.missingSeq, nowMillis, try alert.detail.json()])
        guard db.changesCount > 0 else { return nil }
        let id = db.lastInsertedRowID
        if queueWebhook {
            try db.execute(sql: "INSERT INTO alert_deliveries (alert_id, next_attempt_at) VALUES (?, ?)", arguments: [id, nowMillis])
        }
        return try Self.alert(id: id, db)
    }

    static func alert(id: Int64, _ db: Database) throws -> Alert? {
        try Row.fetchOne(db, sql: "\(AlertSQL.select) WHERE a.id = ?", arguments: [id]).map(alert(from:))
    }

    static func alert(from row: Row) throws -> Alert {
        let kindText: String = row["kind"]
        guard let kind = AlertKind(rawValue: kindText) else {
            throw CollectorStorageError.failed(operation: "read alert", detail: "alert \(row["id"] as Int64) has kind \(kindText)")
        }
        let attempts: Int? = row["attempts"]
        return Alert(id: row["id"], kind: kind,
                     subject: AlertSubject(site: row["site"], counter: row["counter"], deviceID: row["device_id"], storeID: row["store_id"]),
                     openedAtMillis: row["opened_at"], detail: AlertDetail.parse(row["detail"]),
                     acknowledgedAtMillis: row["acknowledged_at"], acknowledgedBy: row["acknowledged_by"],
                     acknowledgeNote: row["acknowledge_note"], resolvedAtMillis: row["resolved_at"],
                     delivery: attempts.map {
                         AlertDeliveryState(attempts: $0, nextAttemptAtMillis: row["next_attempt_at"], deliveredAtMillis: row["delivered_at"],
                                            lastError: row["last_error"])
                     })
    }
}
