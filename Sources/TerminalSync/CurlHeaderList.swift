import CCurl

/// Owns a `curl_slist` of request header lines and frees it in `deinit`.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    /// Builds the list from ready-made lines ("Name: value", or "Name:" to suppress one of libcurl's own).
    init(lines: [String]) throws {
        for line in lines {
            guard let longer = curl_slist_append(pointer, line) else {
                // On failure libcurl leaves the old list alone; deinit frees it.
                throw TransportError(operation: "curl_slist_append", code: Int(CURLE_OUT_OF_MEMORY.rawValue),
                                     message: "out of memory building the request headers")
            }
            pointer = longer
        }
    }

    deinit { curl_slist_free_all(pointer) }
}
