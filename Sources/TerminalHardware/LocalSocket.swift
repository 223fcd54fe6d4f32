import Foundation

/// A local server could not listen; the message names the address and what to check.
public struct LocalServerError: Error, Equatable, CustomStringConvertible {
    public var address: LocalListenAddress
    /// What failed, e.g. "bind".
    public var operation: String
    public var errno: Int32

    public var description: String {
        var text = "cannot listen on \(address) (\(operation)): \(String(cString: strerror(errno)))"
        switch (errno, address) {
        case (EADDRINUSE, .loopback(_, let port)): text += "; another program uses the port (check: ss -ltnp 'sport = :\(port)'), or pick another"
        case (EADDRINUSE, .unixSocket): text += "; another program listens on that socket (check: ss -lxp | grep trigger), or pick another path"
        case (ENOENT, .unixSocket(let path)): text += "; the folder \((path as NSString).deletingLastPathComponent) does not exist (systemd: RuntimeDirectory=rating-terminal)"
        case (EACCES, _), (EPERM, _): text += "; the service user may not create it (check the folder's owner, or use a port above 1023)"
        default: break
        }
        return text
    }
}

/// Creating the listening socket of a `LocalHTTPServer` (non-blocking, close-on-exec).
enum LocalSocket {
    static func listen(on address: LocalListenAddress) throws(LocalServerError) -> (fd: Int32, address: LocalListenAddress) {
        switch address {
        case .loopback(let host, let port): try listenTCP(host: host, port: port, address: address)
        case .unixSocket(let path): try listenUnix(path: path, address: address)
        }
    }

    private static func make(_ family: Int32, _ address: LocalListenAddress) throws(LocalServerError) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw LocalServerError(address: address, operation: "socket", errno: errno) }
        return fd
    }

    /// Runs `call` (bind, listen …); on failure closes `fd` and throws with the errno captured at once.
    private static func check(_ fd: Int32, _ operation: String, _ address: LocalListenAddress, _ call: () -> Int32) throws(LocalServerError) {
        guard call() == 0 else {
            let code = errno
            Glibc.close(fd)
            throw LocalServerError(address: address, operation: operation, errno: code)
        }
    }

    private static func listenTCP(host: String, port: Int, address: LocalListenAddress) throws(LocalServerError) -> (fd: Int32, address: LocalListenAddress) {
        let fd = try make(AF_INET, address)
        var on: Int32 = 1
        // A restart must not wait for the old connections' TIME_WAIT to end.
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &socketAddress.sin_addr) == 1 else {
            Glibc.close(fd)
            throw LocalServerError(address: address, operation: "parse the address", errno: EINVAL)
        }
        try check(fd, "bind", address) {
            withUnsafePointer(to: &socketAddress) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        try check(fd, "listen", address) { Glibc.listen(fd, 16) }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try check(fd, "getsockname", address) {
            withUnsafeMutablePointer(to: &bound) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
        }
        return (fd, .loopback(host: host, port: Int(UInt16(bigEndian: bound.sin_port))))
    }

    private static func listenUnix(path: String, address: LocalListenAddress) throws(LocalServerError) -> (fd: Int32, address: LocalListenAddress) {
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: socketAddress.sun_path) else {
            throw LocalServerError(address: address, operation: "bind", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        try removeStaleSocket(path, address: address)
        let fd = try make(AF_UNIX, address)
        try check(fd, "bind", address) {
            withUnsafePointer(to: &socketAddress) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
        // Owner and group may connect: put the queue system's user in the service's group.
        _ = chmod(path, 0o660)
        do {
            try check(fd, "listen", address) { Glibc.listen(fd, 16) }
        } catch {
            unlink(path)
            throw error
        }
        return (fd, address)
    }

    /// A socket file left by an earlier run that nobody listens on any more is removed;
    /// a live socket is `EADDRINUSE`, any other kind of file is never deleted (`EEXIST`).
    private static func removeStaleSocket(_ path: String, address: LocalListenAddress) throws(LocalServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw LocalServerError(address: address, operation: "bind: the path exists and is not a socket", errno: EEXIST)
        }
        if let probe = try? LocalSocketProbe.connects(path), probe {
            throw LocalServerError(address: address, operation: "bind", errno: EADDRINUSE)
        }
        unlink(path)
    }
}

/// Whether something listens on a Unix socket path.
enum LocalSocketProbe {
    static func connects(_ path: String) throws -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { raw in
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        return withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }
}
