import CLinuxShim
import Glibc

/// One device on an I2C bus (`/dev/i2c-N`, from the kernel's i2c-dev), written with SMBus
/// "write byte" transfers: what a PCF8574 I/O expander understands. Owns its descriptor.
/// Every call blocks for the transfer (~0.1–0.2 ms at 100 kHz): use it from a thread that
/// may block, never from the Swift concurrency pool.
final class I2CDevice: Sendable {
    /// The bus device, e.g. `/dev/i2c-1`.
    let bus: String
    /// The 7-bit device address, e.g. 0x27.
    let address: Int
    private let fd: Int32

    /// Opens `bus` and selects `address`. Nothing is sent yet: a wrong address only shows on
    /// the first `write`.
    init(bus: String, address: Int) throws {
        self.bus = bus
        self.address = address
        let opened = bus.withCString { clinuxshim_i2c_open($0, Int32(address)) }
        guard opened >= 0 else { throw I2CError.open(bus: bus, address: address, errno: errno) }
        fd = opened
    }

    deinit { Glibc.close(fd) }

    /// Sends one byte to the device.
    func write(_ byte: UInt8) throws {
        while clinuxshim_smbus_write_byte(fd, byte) != 0 {
            let code = errno
            // Why retry EINTR: a signal (e.g. SIGTERM handled elsewhere) interrupted the ioctl
            // before the transfer; the byte was not sent.
            guard code == EINTR else { throw I2CError.write(bus: bus, address: address, errno: code) }
        }
    }
}

/// An I2C display could not be used; the message names the bus, the address and what to check.
public enum I2CError: Error, Equatable, CustomStringConvertible {
    case open(bus: String, address: Int, errno: Int32)
    case write(bus: String, address: Int, errno: Int32)

    public var description: String {
        switch self {
        case .open(let bus, _, let code) where code == ENOENT || code == ENODEV:
            return "I2C bus \(bus) does not exist: enable I2C (raspi-config → Interface Options → I2C, or dtparam=i2c_arm=on in /boot/firmware/config.txt), load the i2c-dev module, and check [display] i2c_bus (ls /dev/i2c-*)"
        case .open(let bus, _, let code) where code == EACCES || code == EPERM:
            return "no permission to open I2C bus \(bus): the terminal's user must be in the group that owns it, usually `i2c` (ls -l \(bus))"
        case .open(let bus, let address, let code) where code == EBUSY:
            return "I2C address \(hex(address)) on \(bus) is claimed by a kernel driver: remove the overlay or driver that binds it (i2cdetect -y shows it as UU)"
        case .open(let bus, let address, let code):
            return "cannot open I2C device \(hex(address)) on \(bus): \(String(cString: strerror(code)))"
        case .write(let bus, let address, let code) where [ENXIO, EREMOTEIO, ENODEV, EIO, ETIMEDOUT].contains(code):
            return "no I2C device answers at \(hex(address)) on \(bus): check the wiring (SDA pin 3, SCL pin 5, 5 V, GND) and [display] i2c_address (backpacks use 0x27 or 0x3F; i2cdetect -y \(bus.split(separator: "-").last ?? "1") lists what answers)"
        case .write(let bus, let address, let code):
            return "writing to I2C device \(hex(address)) on \(bus) failed: \(String(cString: strerror(code)))"
        }
    }

    private func hex(_ address: Int) -> String {
        let digits = String(address, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }
}
