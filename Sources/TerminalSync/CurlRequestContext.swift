import Foundation

/// One request's state, shared by libcurl's callbacks and the task that asked for it.
///
/// libcurl's C callbacks receive it as an opaque pointer; `CurlTransport`
/// keeps a strong reference for the whole of `curl_easy_perform`, so the
/// unretained pointer is always valid while libcurl can call back.
final class CurlRequestContext: @unchecked Sendable {
    // SAFETY: `body` and `headers` are written only by libcurl's callbacks, which run
    // inside `curl_easy_perform` on the transport's serial queue, and read on that same
    // queue after it returns. `cancelled` is touched from any thread, always under `lock`.
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    private let lock = NSLock()
    private var cancelled = false

    /// Asks the transfer to stop at libcurl's next progress call (any thread).
    func cancel() { lock.withLock { cancelled = true } }

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// The opaque pointer handed to libcurl (unretained: see the type's comment).
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer) -> CurlRequestContext {
        Unmanaged<CurlRequestContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}
