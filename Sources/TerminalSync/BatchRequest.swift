import RatingCore
import RatingWire

/// The headers and body of one `POST /v1/batches`.
struct BatchRequest {
    var headers: [(String, String)]
    var body: [UInt8]

    /// Encodes, optionally gzips, and signs a batch (the signature covers the body as sent).
    static func make(_ pending: PendingBatch, settings: UploaderSettings, gzip: Bool, sentAt: DeviceTime) throws -> BatchRequest {
        let batch = UploadBatch(deviceID: settings.deviceID, storeID: pending.storeID, sentAt: WireTime(sentAt),
                                queueDepth: pending.unsentCount, ratings: pending.ratings.map(WireRating.init),
                                amendments: pending.amendments.map(WireAmendment.init),
                                unratedServices: pending.unratedServices.map(WireUnratedService.init),
                                deviceEvents: pending.deviceEvents.map(WireDeviceEvent.init))
        var body = try WireCoding.encode(batch)
        var headers = [("Content-Type", "application/json")]
        if gzip {
            body = try Gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        }
        headers.append(("Authorization", BatchSignature.header(secret: settings.secret, deviceID: settings.deviceID, method: "POST",
                                                              path: WireFormat.batchesPath, body: body)))
        return BatchRequest(headers: headers, body: body)
    }
}
