import Glibc
import TerminalApp
import TerminalHardware
import Testing

/// `check-config`'s device checks with fake nodes and lines (the real chip is checked in the QEMU rig).
struct DeviceChecksTests {
    static let gpioGroup: UInt32 = 997, i2cGroup: UInt32 = 998, service = ServiceAccount(name: "rating-terminal", uid: 990, groupIDs: [990, 997])
    let names: (UInt32) -> String = { [0: "root", 997: "gpio", 998: "i2c", 990: "rating-terminal"][$0] ?? "\($0)" }

    func node(_ path: String, mode: UInt32, group: UInt32, character: Bool = true) -> DeviceNode {
        DeviceNode(path: path, isCharacterDevice: character, mode: mode, ownerID: 0, groupID: group)
    }

    func problem(_ node: DeviceNode, _ kind: DeviceAccess.Kind, account: ServiceAccount = service, groups: Set<String> = ["gpio", "i2c", "dialout"]) -> String? {
        DeviceAccess.problem(node, kind: kind, account: account, groupName: names, groupExists: { groups.contains($0) })
    }

    @Test func theServiceUserInTheOwningGroupWithRWMayOpenIt() {
        #expect(problem(node("/dev/gpiochip0", mode: 0o660, group: Self.gpioGroup), .gpio) == nil)
        #expect(problem(node("/dev/gpiochip0", mode: 0o600, group: 0), .gpio, account: ServiceAccount(name: "root", uid: 0, groupIDs: [0])) == nil)
        #expect(problem(node("/dev/ttyUSB0", mode: 0o666, group: 0), .serial) == nil)
    }

    @Test func aUserOutsideTheGroupIsToldToJoinIt() {
        let text = problem(node("/dev/i2c-1", mode: 0o660, group: Self.i2cGroup), .i2c)
        #expect(text == "/dev/i2c-1 is crw-rw---- group i2c: user rating-terminal cannot open it read-write; add the user to group i2c: `adduser rating-terminal i2c` (the .deb does this), then restart the service")
    }

    @Test func aRootOwnedNodeMeansTheUdevRuleIsMissing() {
        let text = problem(node("/dev/gpiochip0", mode: 0o600, group: 0), .gpio)
        #expect(text?.hasPrefix("/dev/gpiochip0 is crw------- group root: user rating-terminal cannot open it read-write; no udev rule gives it group gpio") == true)
        #expect(text?.contains("60-rating-terminal.rules") == true && text?.contains("udevadm trigger") == true)
    }

    @Test func aMissingGroupIsNamed() {
        let text = problem(node("/dev/gpiochip0", mode: 0o600, group: 0), .gpio, groups: ["i2c"])
        #expect(text?.contains("group gpio does not exist: `addgroup --system gpio`") == true)
    }

    @Test func aPathThatIsNotADeviceIsCalledOut() {
        #expect(problem(node("/tmp/x", mode: 0o666, group: 0, character: false), .serial) == "/tmp/x is not a character device: check the path in the config")
    }

    func config(_ extra: String) throws -> TerminalConfig {
        try TerminalConfig.parse("""
            [device]
            id = "T-1"
            secret_file = "/nonexistent"
            [collector]
            url = "http://127.0.0.1:9"
            \(extra)
            """, file: "t.toml")
    }

    @Test func linesHeldByAnotherProgramFailButTheRunningServiceIsFine() throws {
        var checks = DeviceChecks(config: try config("[buttons]\ndriver = \"gpiod\"\nchip = \"sim\"\nlines = [\"B1\", \"B2\", \"B3\", \"B4\", \"B5\"]\n[display]\ndriver = \"console\""),
                                  account: Self.service)
        checks.node = { self.node($0, mode: 0o660, group: Self.gpioGroup) }
        checks.inspect = { _, lines in
            GPIOInspection(chipPath: "/dev/gpiochip1", lines: lines.map { .init(name: $0, used: $0 != "B1", consumer: $0 == "B3" ? "gpioset" : "rating-terminal") })
        }
        let findings = checks.run()
        #expect(findings.map(\.ok) == [true, false])
        #expect(findings[0].text.hasPrefix("/dev/gpiochip1 crw-rw---- "))
        #expect(findings[1].text.hasPrefix("line B3 is held by \"gpioset\""))
    }

    @Test func aMissingChipOrLineIsOneFailureWithTheHint() throws {
        var checks = DeviceChecks(config: try config("[buttons]\ndriver = \"gpiod\"\nchip = \"gpiochip9\"\n[display]\ndriver = \"serial-vfd\"\nserial_port = \"/dev/ttyUSB7\""),
                                  account: Self.service)
        checks.inspect = { chip, _ throws(GPIOError) in throw GPIOError(chip: chip, reason: "cannot open GPIO chip gpiochip9: No such device", code: ENODEV) }
        checks.node = { _ in nil }
        let findings = checks.run()
        #expect(findings.map(\.ok) == [false, false])
        #expect(findings[0].text.contains("gpiodetect"))
        #expect(findings[1].text.hasPrefix("/dev/ttyUSB7 does not exist: plug in the USB-serial adapter"))
    }
}
