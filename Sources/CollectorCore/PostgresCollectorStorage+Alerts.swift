import PostgresNIO

extension PostgresCollectorStorage {
    /// The first key of the advisory locks that make bad-ratings decisions for one counter take turns.
    static let alertLockClass: Int32 = 0x616C_7274 // "alrt"

    public func raiseBadRatingsAlerts(deviceID: String, storeID: String, seqs: ClosedRange<Int64>, rule: BadRatingsRule,
                                      nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert] {
        let logger = self.logger
        return try await writing("raise bad-ratings alerts") { connection in
            let time = EventTimeSQL.ratingColumn
            let counters = try await connection.query("""
                SELECT site, counter, MIN(\(unescaped: time)), MAX(\(unescaped: time)) FROM ratings
                WHERE device_id = \(deviceID) AND store_id = \(storeID) AND seq BETWEEN \(seqs.lowerBound) AND \(seqs.upperBound)
                GROUP BY site, counter ORDER BY site, counter
                """, logger: logger).collect().map { try $0.decode((String, String, Int64, Int64).self) }
            var raised: [Alert] = []
            for (site, counter, first, last) in counters {
                // Why a lock: the decision reads the counter's last alert; an instance deciding for the same
                // counter at once must wait and then see it, or both would raise overlapping alerts.
                try await connection.perform("""
                    SELECT pg_advisory_xact_lock(\(Self.alertLockClass), hashtext(\(site + "\u{1F}" + counter)))
                    """, logger: logger)
                let countedThrough = try await connection.query("""
                    SELECT MAX(episode_ms) FROM alerts WHERE kind = \(AlertKind.badRatings.rawValue) AND site = \(site) AND counter = \(counter)
                    """, logger: logger).collect().first?.decode(Int64?.self) ?? nil
                let window = rule.window.millis
                let points = try await connection.query("""
                    SELECT r.\(unescaped: time), r.score, (r.flags <> '' OR EXISTS (
                        SELECT 1 FROM amendments a WHERE a.device_id = r.device_id AND a.store_id = r.store_id
                            AND a.rating_seq = r.seq AND a.kind = 'flag'))
                    FROM ratings r WHERE r.site = \(site) AND r.counter = \(counter)
                        AND r.\(unescaped: time) > \(max(first - window, countedThrough ?? Int64.min)) AND r.\(unescaped: time) < \(last + window)
                    """, logger: logger).collect().map { row in
                    let (time, score, flagged) = try row.decode((Int64, Int64, Bool).self)
                    return BadRatingsRule.Point(timeMillis: time, score: Int(score), flagged: flagged)
                }
                for finding in rule.findings(in: points, countedThrough: countedThrough, endingFrom: first) {
                    let alert = AlertRules.badRatingsAlert(site: site, counter: counter, finding: finding)
                    if let stored = try await Self.insert(alert, nowMillis: nowMillis, queueWebhook: queueWebhook, connection, logger) {
                        raised.append(stored)
                    }
                }
            }
            return raised
        }
    }

    public func updateSeqGapAlerts(store: (deviceID: String, storeID: String)?, rule: SeqGapRule, nowMillis: Int64,
                                   queueWebhook: Bool) async throws -> [Alert] {
        let logger = self.logger
        let deviceID = store?.deviceID, storeID = store?.storeID
        return try await writing("update seq-gap alerts") { connection in
            try await connection.perform("""
                UPDATE alerts SET resolved_at = \(nowMillis) WHERE kind = \(AlertKind.seqGap.rawValue) AND resolved_at IS NULL
                    AND (\(deviceID)::text IS NULL OR (device_id = \(deviceID) AND store_id = \(storeID)))
                    AND missing_seq <= (SELECT s.acked_through FROM stores s WHERE s.device_id = alerts.device_id AND s.store_id = alerts.store_id)
                """, logger: logger)
            let gaps = try await connection.query("""
                SELECT s.device_id, s.store_id, s.acked_through, MIN(r.seq), MIN(r.received_at)
                FROM stores s JOIN ratings r ON r.device_id = s.device_id AND r.store_id = s.store_id AND r.seq > s.acked_through
                WHERE \(deviceID)::text IS NULL OR (s.device_id = \(deviceID) AND s.store_id = \(storeID))
                GROUP BY s.device_id, s.store_id, s.acked_through ORDER BY s.device_id, s.store_id
                """, logger: logger).collect().map { row in
                let (device, store, acked, firstHeld, seen) = try row.decode((String, String, Int64, Int64, Int64).self)
                return AlertRules.Gap(deviceID: device, storeID: store, ackedThrough: acked, firstHeldSeq: firstHeld, seenAtMillis: seen)
            }
            var raised: [Alert] = []
            for gap in gaps {
                guard let alert = AlertRules.seqGapAlert(gap, rule: rule, nowMillis: nowMillis) else { continue }
                if let stored = try await Self.insert(alert, nowMillis: nowMillis, queueWebhook: queueWebhook, connection, logger) {
                    raised.append(stored)
                }
            }
            return raised
        }
    }

    public func updateSilentTerminalAlerts(rule: SilentTerminalRule, nowMillis: Int64, queueWebhook: Bool) async throws -> [Alert] {
        let logger = self.logger
        return try await writing("update silent-terminal alerts") { connection in
            try await connection.perform("""
                UPDATE alerts SET resolved_at = \(nowMillis) WHERE kind = \(AlertKind.silentTerminal.rawValue) AND resolved_at IS NULL
                    AND episode_ms < COALESCE((SELECT d.last_upload_at FROM devices d WHERE d.id = alerts.device_id), episode_ms)
                """, logger: logger)
            let devices = try await connection.query("""
                SELECT id, last_upload_at FROM devices WHERE NOT retired AND last_upload_at IS NOT NULL ORDER BY id
                """, logger: logger).collect().map { try $0.decode((String, Int64).self) }
            var raised: [Alert] = []
            for (device, lastUpload) in devices {
                guard let alert = AlertRules.silentTerminalAlert(deviceID: device, lastUploadMillis: lastUpload, rule: rule,
                                                                 nowMillis: nowMillis) else { continue }
                if let stored = try await Self.insert(alert, nowMillis: nowMillis, queueWebhook: queueWebhook, connection, logger) {
                    raised.append(stored)
                }
            }
            return raised
        }
    }

    public func alerts(_ filter: AlertFilter, after cursor: Int64, limit: Int) async throws -> [Alert] {
        let logger = self.logger
        return try await reading("list alerts") { connection in
            try await connection.query("""
                \(unescaped: AlertSQL.select) WHERE a.id > \(cursor) \(unescaped: AlertSQL.condition(filter)) ORDER BY a.id LIMIT \(Int64(limit))
                """, logger: logger).collect().map { try Self.alert(from: $0.makeRandomAccess()) }
        }
    }

    public func acknowledgeAlert(id: Int64, by: String?, note: String?, atMillis: Int64) async throws -> Alert? {
        let logger = self.logger
        return try await writing("acknowledge alert") { connection in
            try await connection.perform("""
                UPDATE alerts SET acknowledged_at = \(atMillis), acknowledged_by = \(by), acknowledge_note = \(note)
                WHERE id = \(id) AND acknowledged_at IS NULL
                """, logger: logger)
            return try await Self.alert(id: id, connection, logger)
        }
    }

    public func claimAlertDelivery(nowMillis: Int64, leaseMillis: Int64) async throws -> AlertDelivery? {
        let logger = self.logger
        return try await writing("claim alert delivery") { connection in
            // SKIP LOCKED: an instance claiming at the same time takes the next due row instead of waiting for this one.
            let claimed = try await connection.query("""
                UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = \(nowMillis + leaseMillis)
                WHERE alert_id = (SELECT alert_id FROM alert_deliveries WHERE delivered_at IS NULL AND next_attempt_at <= \(nowMillis)
                                  ORDER BY next_attempt_at, alert_id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING alert_id, attempts
                """, logger: logger).collect().first.map { try $0.decode((Int64, Int64).self) }
            guard let claimed, let alert = try await Self.alert(id: claimed.0, connection, logger) else { return nil }
            return AlertDelivery(alert: alert, attempt: Int(claimed.1))
        }
    }

    public func finishAlertDelivery(alertID: Int64, delivered: Bool, error: String?, retryAtMillis: Int64, nowMillis: Int64) async throws {
        let logger = self.logger
        try await writing("record alert delivery") { connection in
            if delivered {
                try await connection.perform("""
                    UPDATE alert_deliveries SET delivered_at = \(nowMillis), last_error = NULL WHERE alert_id = \(alertID)
                    """, logger: logger)
            } else {
                try await connection.perform("""
                    UPDATE alert_deliveries SET next_attempt_at = \(retryAtMillis), last_error = \(error)
                    WHERE alert_id = \(alertID) AND delivered_at IS NULL
                    """, logger: logger)
            }
        }
    }

    /// Stores `alert` unless its episode is already stored (then `nil`), with a webhook delivery due now when asked.
    static func insert(_ alert: NewAlert, nowMillis: Int64, queueWebhook: Bool, _ connection: PostgresConnection,
                       _ logger: Logger) async throws -> Alert? {
        let subject = alert.subject
        let detail = try alert.detail.json()
        let inserted = try await connection.query("""
            INSERT INTO alerts (kind, dedupe_key, site, counter, device_id, store_id, episode_ms, missing_seq, opened_at, detail)
            VALUES (\(alert.kind.rawValue), \(alert.dedupeKey), \(subject.site), \(subject.counter), \(subject.deviceID), \(subject.storeID),
                    \(alert.episodeMillis), \(alert.missingSeq), \(nowMillis), \(detail))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """, logger: logger).collect()
        guard let id = try inserted.first?.decode(Int64.self) else { return nil }
        if queueWebhook {
            try await connection.perform("INSERT INTO alert_deliveries (alert_id, next_attempt_at) VALUES (\(id), \(nowMillis))", logger: logger)
        }
        return try await Self.alert(id: id, connection, logger)
    }

    static func alert(id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> Alert? {
        try await connection.query("\(unescaped: AlertSQL.select) WHERE a.id = \(id)", logger: logger).collect()
            .first.map { try alert(from: $0.makeRandomAccess()) }
    }

    static func alert(from row: PostgresRandomAccessRow) throws -> Alert {
        let kindText = try row["kind"].decode(String.self)
        let id = try row["id"].decode(Int64.self)
        guard let kind = AlertKind(rawValue: kindText) else {
            throw CollectorStorageError.failed(operation: "read alert", detail: "alert \(id) has kind \(kindText)")
        }
        let attempts = try row["attempts"].decode(Int64?.self)
        return Alert(id: id, kind: kind,
                     subject: AlertSubject(site: try row["site"].decode(String?.self), counter: try row["counter"].decode(String?.self),
                                           deviceID: try row["device_id"].decode(String?.self), storeID: try row["store_id"].decode(String?.self)),
                     openedAtMillis: try row["opened_at"].decode(Int64.self), detail: AlertDetail.parse(try row["detail"].decode(String.self)),
                     acknowledgedAtMillis: try row["acknowledged_at"].decode(Int64?.self),
                     acknowledgedBy: try row["acknowledged_by"].decode(String?.self),
                     acknowledgeNote: try row["acknowledge_note"].decode(String?.self),
                     resolvedAtMillis: try row["resolved_at"].decode(Int64?.self),
                     delivery: try attempts.map {
                         AlertDeliveryState(attempts: Int($0), nextAttemptAtMillis: try row["next_attempt_at"].decode(Int64.self),
                                            deliveredAtMillis: try row["delivered_at"].decode(Int64?.self),
                                            lastError: try row["last_error"].decode(String?.self))
                     })
    }
}
