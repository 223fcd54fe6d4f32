import Foundation

/// One alert in the API (`GET /v1/alerts`) and in the webhook body.
public struct PulledAlert: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: AlertKind
    public var subject: AlertSubject
    /// When the collector raised it: ISO 8601 UTC with milliseconds.
    public var openedAt: String
    public var detail: AlertDetail
    public var acknowledgedAt: String?
    public var acknowledgedBy: String?
    public var note: String?
    /// When the condition ended (silent_terminal, seq_gap); bad_ratings alerts never resolve, they are acknowledged.
    public var resolvedAt: String?
    /// The webhook delivery, when one was queued (API only, not in the webhook body).
    public var webhook: PulledAlertDelivery?

    enum CodingKeys: String, CodingKey {
        case id, kind, subject, openedAt = "opened_at", detail, acknowledgedAt = "acknowledged_at", acknowledgedBy = "acknowledged_by"
        case note, resolvedAt = "resolved_at", webhook
    }

    public init(_ alert: Alert) {
        id = alert.id
        kind = alert.kind
        subject = alert.subject
        openedAt = ISOTime.string(millis: alert.openedAtMillis)
        detail = alert.detail
        acknowledgedAt = alert.acknowledgedAtMillis.map(ISOTime.string(millis:))
        acknowledgedBy = alert.acknowledgedBy
        note = alert.acknowledgeNote
        resolvedAt = alert.resolvedAtMillis.map(ISOTime.string(millis:))
        webhook = alert.delivery.map(PulledAlertDelivery.init)
    }
}

/// Where an alert's webhook delivery stands, in the API.
public struct PulledAlertDelivery: Codable, Sendable, Equatable {
    public var attempts: Int
    public var deliveredAt: String?
    /// While undelivered: when the next attempt is due.
    public var nextAttemptAt: String?
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case attempts, deliveredAt = "delivered_at", nextAttemptAt = "next_attempt_at", lastError = "last_error"
    }

    init(_ state: AlertDeliveryState) {
        attempts = state.attempts
        deliveredAt = state.deliveredAtMillis.map(ISOTime.string(millis:))
        nextAttemptAt = state.deliveredAtMillis == nil ? ISOTime.string(millis: state.nextAttemptAtMillis) : nil
        lastError = state.lastError
    }
}

/// A page of `GET /v1/alerts`.
public struct AlertsPage: Codable, Sendable, Equatable {
    public var alerts: [PulledAlert]
    /// The last returned id, or the one asked for when nothing is new: ask `after` it next.
    public var nextCursor: String

    enum CodingKeys: String, CodingKey { case alerts, nextCursor = "next_cursor" }
}

/// The answer of `POST /v1/alerts/{id}/acknowledge`, and the webhook body: `{"alert": {…}}`.
public struct AlertEnvelope: Codable, Sendable, Equatable {
    public var alert: PulledAlert

    public init(alert: PulledAlert) { self.alert = alert }
}

/// The optional body of `POST /v1/alerts/{id}/acknowledge`.
public struct AcknowledgeRequest: Codable, Sendable, Equatable {
    /// Who acknowledges (free text, e.g. a name or login).
    public var by: String?
    public var note: String?

    public init(by: String? = nil, note: String? = nil) {
        self.by = by
        self.note = note
    }
}
