import RatingCore

extension WireTime {
    /// The wire form of a device time.
    public init(_ time: DeviceTime) {
        self.init(wallMillis: time.wallMillis, bootID: time.bootID, monotonicNanos: time.monotonicNanos, synced: time.clockSynced)
    }

    /// The device time this wire time describes.
    public var deviceTime: DeviceTime {
        DeviceTime(wallMillis: wallMillis, bootID: bootID, monotonicNanos: monotonicNanos, clockSynced: synced)
    }
}

extension WireRating {
    /// The wire form of a stored rating.
    public init(_ rating: Rating) {
        self.init(seq: rating.seq, id: rating.id, score: rating.score.value,
                  flags: rating.flags.map(\.rawValue).sorted(),
                  site: rating.placement.site, counter: rating.placement.counter,
                  time: WireTime(rating.time), window: rating.service.map(WireWindow.init))
    }
}

extension WireWindow {
    /// The wire form of a kept service window.
    public init(_ service: ServiceRecord) {
        self.init(ticket: service.ticket, staff: service.staff, openedAt: WireTime(service.openedAt))
    }

    /// The service window this wire window describes.
    public var serviceRecord: ServiceRecord {
        ServiceRecord(ticket: ticket, staff: staff, openedAt: openedAt.deviceTime)
    }
}

extension WireAmendment {
    /// The wire form of a stored amendment.
    public init(_ amendment: RatingAmendment) {
        self.init(seq: amendment.seq, ratingSeq: amendment.ratingSeq, kind: amendment.change.kind, value: amendment.change.value,
                  time: WireTime(amendment.time))
    }
}

extension WireUnratedService {
    /// The wire form of a stored unrated service.
    public init(_ record: UnratedServiceRecord) {
        self.init(seq: record.seq, ticket: record.service.ticket, staff: record.service.staff,
                  openedAt: WireTime(record.service.openedAt), closedAt: WireTime(record.closedAt))
    }
}

extension WireDeviceEvent {
    /// The wire form of a stored device event. A detail that is not JSON (the store refuses such
    /// events, but a file may be edited) travels as a JSON string, which the collector sets aside
    /// with a reason instead of the event blocking the outbox.
    public init(_ record: DeviceEventRecord) {
        let detail = (try? JSONValue(parsing: record.event.detail)) ?? .string(record.event.detail)
        self.init(seq: record.seq, kind: record.event.kind, detail: detail, time: WireTime(record.event.time))
    }
}
