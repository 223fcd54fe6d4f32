/// A record the collector will not store as sent; the device sets it aside and does not retry it.
public struct RejectedRecord: Codable, Hashable, Sendable {
    public var seq: Int64
    public var reason: String

    public init(seq: Int64, reason: String) {
        self.seq = seq
        self.reason = reason
    }
}

/// The collector's `200` answer, sent only after its commit is durable.
///
/// Each kind of record has its own cursor. The amendment, unrated-service and device-event
/// fields are absent in answers of older collectors: then those cursors do not move.
public struct UploadReply: Codable, Hashable, Sendable {
    public var storeID: String
    /// Every rating seq up to this one is accounted for at the collector (stored, or set aside and listed in `rejected`).
    public var ackedThrough: Int64
    /// Ratings set aside.
    public var rejected: [RejectedRecord]
    /// Every amendment seq up to this one is accounted for.
    public var amendmentsAckedThrough: Int64?
    /// Amendments set aside.
    public var rejectedAmendments: [RejectedRecord]
    /// Every unrated-service seq up to this one is accounted for.
    public var unratedServicesAckedThrough: Int64?
    /// Unrated services set aside.
    public var rejectedUnratedServices: [RejectedRecord]
    /// Every device-event seq up to this one is accounted for.
    public var deviceEventsAckedThrough: Int64?
    /// Device events set aside.
    public var rejectedDeviceEvents: [RejectedRecord]

    enum CodingKeys: String, CodingKey {
        case storeID = "store_id", ackedThrough = "acked_through", rejected
        case amendmentsAckedThrough = "amendments_acked_through", rejectedAmendments = "rejected_amendments"
        case unratedServicesAckedThrough = "unrated_services_acked_through", rejectedUnratedServices = "rejected_unrated_services"
        case deviceEventsAckedThrough = "device_events_acked_through", rejectedDeviceEvents = "rejected_device_events"
    }

    public init(storeID: String, ackedThrough: Int64, rejected: [RejectedRecord], amendmentsAckedThrough: Int64? = nil,
                rejectedAmendments: [RejectedRecord] = [], unratedServicesAckedThrough: Int64? = nil,
                rejectedUnratedServices: [RejectedRecord] = [], deviceEventsAckedThrough: Int64? = nil,
                rejectedDeviceEvents: [RejectedRecord] = []) {
        self.storeID = storeID
        self.ackedThrough = ackedThrough
        self.rejected = rejected
        self.amendmentsAckedThrough = amendmentsAckedThrough
        self.rejectedAmendments = rejectedAmendments
        self.unratedServicesAckedThrough = unratedServicesAckedThrough
        self.rejectedUnratedServices = rejectedUnratedServices
        self.deviceEventsAckedThrough = deviceEventsAckedThrough
        self.rejectedDeviceEvents = rejectedDeviceEvents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        storeID = try container.decode(String.self, forKey: .storeID)
        ackedThrough = try container.decode(Int64.self, forKey: .ackedThrough)
        rejected = try container.decode([RejectedRecord].self, forKey: .rejected)
        amendmentsAckedThrough = try container.decodeIfPresent(Int64.self, forKey: .amendmentsAckedThrough)
        rejectedAmendments = try container.decodeIfPresent([RejectedRecord].self, forKey: .rejectedAmendments) ?? []
        unratedServicesAckedThrough = try container.decodeIfPresent(Int64.self, forKey: .unratedServicesAckedThrough)
        rejectedUnratedServices = try container.decodeIfPresent([RejectedRecord].self, forKey: .rejectedUnratedServices) ?? []
        deviceEventsAckedThrough = try container.decodeIfPresent(Int64.self, forKey: .deviceEventsAckedThrough)
        rejectedDeviceEvents = try container.decodeIfPresent([RejectedRecord].self, forKey: .rejectedDeviceEvents) ?? []
    }
}

/// The body of every 4xx/5xx answer: a reason a person can act on.
public struct ErrorReply: Codable, Hashable, Sendable {
    public var error: String

    public init(error: String) { self.error = error }
}
