import Glibc

/// The C-string plumbing the libgpiod shim calls share.
enum CStrings {
    /// Runs `body` with `strings` as a C array of C strings (valid only during the call).
    static func withArray<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let copies = strings.map { UnsafePointer<CChar>(strdup($0)) }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// The text of a NUL-terminated buffer the C side filled (a reason, a path).
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
