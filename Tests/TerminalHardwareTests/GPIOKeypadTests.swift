import Glibc
import TerminalHardware
import Testing

/// The gpiod keypad against real libgpiod on this machine. The build machine has no GPIO chip
/// named like this, so these cover the errors; presses are tested on a real kernel GPIO chip
/// in the QEMU rig (EndToEndTests/GPIORigTests).
struct GPIOKeypadTests {
    @Test func aMissingChipNamesItAndSaysWhatToCheck() throws {
        let settings = GPIOKeypad.Settings(chip: "gpiochip-rating-test-none", lines: ["GPIO5", "GPIO6", "GPIO13", "GPIO19", "GPIO26"])
        let error = try #require(throws: GPIOError.self) { try GPIOKeypad(settings: settings) }
        #expect(error.code == ENODEV)
        #expect(error.description.contains("gpiochip-rating-test-none"))
        #expect(error.description.contains("gpiodetect"))
    }

    @Test func hintsNameThePermissionTheLineAndTheOtherUser() {
        #expect(GPIOError(chip: "gpiochip0", reason: "r", code: EACCES).hint.contains("group"))
        #expect(GPIOError(chip: "gpiochip0", reason: "r", code: ENOENT).hint.contains("gpioinfo gpiochip0"))
        #expect(GPIOError(chip: "gpiochip0", reason: "r", code: EBUSY).hint.contains("another program"))
    }
}
