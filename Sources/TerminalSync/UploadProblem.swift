/// Why a batch was not acknowledged, and who has to act. Data is kept in every case.
public enum UploadProblem: String, Sendable, Equatable, CaseIterable {
    /// No answer: refused, unreachable, timed out, TLS failure.
    case network
    /// 429 or 503: the collector asks the device to wait.
    case busy
    /// Another 5xx: the collector failed.
    case serverError
    /// 400 or 422, a 200 that is not a valid reply, a single rating still too large (413),
    /// or 415 for a plain body: the batch is malformed, which is a bug on the device's side.
    case malformed
    /// 401 or 403: the signature was refused (wrong secret file, or the device is not allowed).
    case unauthorized
    /// 409: the collector does not know this device, or it was retired.
    case unknownDevice
    /// Any other status (a redirect, another 4xx).
    case unexpected
    /// The device's own queue could not be read or updated.
    case localStore

    /// Whether a person has to act: such problems are logged as errors and shown by `status`.
    public var needsAttention: Bool {
        switch self {
        case .malformed, .unauthorized, .unknownDevice, .localStore, .unexpected: return true
        case .network, .busy, .serverError: return false
        }
    }

    /// What a technician can do about it.
    public var hint: String {
        switch self {
        case .network: return "check the network, proxy and collector address"
        case .busy: return "the collector is busy; retrying as it asked"
        case .serverError: return "the collector failed; retrying with backoff"
        case .malformed: return "the collector refused the batch as malformed: a software bug, please report it; ratings are kept"
        case .unauthorized: return "check the device secret file against `rating-collector device add`"
        case .unknownDevice: return "register this device id on the collector (`rating-collector device add`)"
        case .unexpected: return "check the collector address (a proxy or redirect may answer instead)"
        case .localStore: return "check the storage (SD card)"
        }
    }
}
