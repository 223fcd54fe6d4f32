import Foundation

/// An open serial port in raw mode (cfmakeraw: 8 data bits, no parity, one stop bit), with
/// no flow control, CLOCAL | CREAD, at a chosen speed. Owns its descriptor.
final class SerialPort {
    let path: String
    private let fd: Int32

    /// The speeds a pole display may use, and their termios constants.
    static let speeds: [Int: speed_t] = [
        1_200: speed_t(B1200), 2_400: speed_t(B2400), 4_800: speed_t(B4800), 9_600: speed_t(B9600),
        19_200: speed_t(B19200), 38_400: speed_t(B38400), 57_600: speed_t(B57600), 115_200: speed_t(B115200),
    ]

    /// Opens `path` at `baud` (one of `speeds`). Errors name the port and what to check.
    init(path: String, baud: Int) throws {
        guard let speed = Self.speeds[baud] else { throw SerialPortError.unsupportedBaud(baud) }
        self.path = path
        // O_NONBLOCK: without CLOCAL yet, open() could wait for a carrier that never comes.
        let opened = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        guard opened >= 0 else { throw SerialPortError.open(path: path, errno: errno) }
        fd = opened
        var mode = termios()
        guard tcgetattr(fd, &mode) == 0 else { throw SerialPortError.configure(path: path, errno: errno) }
        cfmakeraw(&mode)
        mode.c_cflag &= ~(tcflag_t(CSTOPB) | tcflag_t(PARENB) | tcflag_t(CRTSCTS))
        mode.c_cflag |= tcflag_t(CS8 | CLOCAL | CREAD)
        mode.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        cfsetispeed(&mode, speed)
        cfsetospeed(&mode, speed)
        guard tcsetattr(fd, TCSANOW, &mode) == 0 else { throw SerialPortError.configure(path: path, errno: errno) }
        // Blocking writes from here on: a few dozen bytes per frame fit in the driver's buffer.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }

    deinit { Glibc.close(fd) }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw SerialPortError.write(path: path, errno: code)
            }
            offset += written
        }
    }
}

/// A serial display's port could not be used; the message names the port and what to check.
public enum SerialPortError: Error, Equatable, CustomStringConvertible {
    case open(path: String, errno: Int32)
    case configure(path: String, errno: Int32)
    case write(path: String, errno: Int32)
    case unsupportedBaud(Int)

    public var description: String {
        switch self {
        case .open(let path, let code) where code == ENOENT || code == ENODEV || code == ENXIO:
            return "serial port \(path) does not exist: check [display] serial_port and that the display or its USB-serial adapter is plugged in"
        case .open(let path, let code) where code == EACCES || code == EPERM:
            return "no permission to open serial port \(path): the terminal's user must be in the group that owns it, usually `dialout` (ls -l \(path))"
        case .open(let path, let code):
            return "cannot open serial port \(path): \(String(cString: strerror(code))); check that it exists and that the user is in the group `dialout`"
        case .configure(let path, let code):
            return "cannot set \(path) to raw mode: \(String(cString: strerror(code))); is it a serial port?"
        case .write(let path, let code):
            return "writing to serial port \(path) failed: \(String(cString: strerror(code)))"
        case .unsupportedBaud(let baud):
            return "[display] baud \(baud) is not supported; use one of \(SerialPort.speeds.keys.sorted().map(String.init).joined(separator: ", "))"
        }
    }
}
