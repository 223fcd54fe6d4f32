import Glibc

/// A GPIO chip or line could not be used. The message names the chip, the line and what to check.
public struct GPIOError: Error, Hashable, CustomStringConvertible {
    /// The chip as the config names it ("gpiochip0", a path or a label).
    public var chip: String
    /// libgpiod's reason, naming the line where one is at fault.
    public var reason: String
    /// The errno behind it (ENODEV chip missing or gone, ENOENT line missing, EBUSY, EACCES …).
    public var code: Int32

    public init(chip: String, reason: String, code: Int32) {
        self.chip = chip
        self.reason = reason
        self.code = code
    }

    public var description: String { "\(reason); \(hint)" }

    /// What a technician checks for this failure.
    public var hint: String {
        switch code {
        case EACCES, EPERM:
            return "the service user may not open \(chip): add it to the group that owns /dev/gpiochip* "
                + "(`ls -l /dev/gpiochip*`; group `gpio` on Raspberry Pi OS) or install a udev rule for it"
        case ENOENT:
            return "check the line names with `gpioinfo \(chip)` ([buttons] lines accepts names or offsets)"
        case EBUSY:
            return "another program holds that line (`gpioinfo \(chip)` shows its user): stop it or wire the button to a free line"
        case ENODEV:
            return "check that the chip exists (`gpiodetect`), that the board's GPIO is enabled, and the wiring; "
                + "[buttons] chip accepts a name, a /dev path or a label"
        default:
            return "check the wiring and `gpioinfo \(chip)`"
        }
    }
}
