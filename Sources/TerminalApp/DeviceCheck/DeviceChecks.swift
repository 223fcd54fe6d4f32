import TerminalHardware

/// One line of `check-config`'s device report.
public struct DeviceFinding: Sendable, Equatable {
    public var ok: Bool
    public var text: String

    public init(ok: Bool, _ text: String) {
        self.ok = ok
        self.text = text
    }
}

/// `check-config` on the device: the GPIO chip and lines, the I2C bus and the serial port the
/// config names exist, and the service user can open them (which group or udev rule is missing).
public struct DeviceChecks {
    public var config: TerminalConfig
    public var account: ServiceAccount
    /// Looks up lines without requesting them (the real one uses libgpiod).
    public var inspect: (String, [String]) throws(GPIOError) -> GPIOInspection = GPIOInspection.inspect
    public var node: (String) -> DeviceNode? = DeviceNode.at

    public init(config: TerminalConfig, account: ServiceAccount) {
        self.config = config
        self.account = account
    }

    /// Every finding, in the order a technician wires things: buttons, then display.
    public func run() -> [DeviceFinding] {
        var findings: [DeviceFinding] = []
        if config.buttons.driver == .gpiod { findings += gpio() }
        switch config.display.driver {
        case .hd44780I2C: findings.append(access(config.display.i2cBus, kind: .i2c, missing: "enable I2C (raspi-config → Interface Options → I2C, or dtparam=i2c_arm=on in config.txt), reboot, then `ls /dev/i2c-*`"))
        case .serialVFD: findings.append(access(config.display.serialPort, kind: .serial, missing: "plug in the USB-serial adapter (`ls /dev/ttyUSB* /dev/serial/by-id/`) or enable the UART"))
        case .lcdproc, .console: break
        }
        return findings
    }

    private func gpio() -> [DeviceFinding] {
        let buttons = config.buttons
        let lines = buttons.lines + buttons.leds + [buttons.staffLine, buttons.buzzer].filter { !$0.isEmpty }
        let inspection: GPIOInspection
        do {
            inspection = try inspect(buttons.chip, lines)
        } catch {
            return [DeviceFinding(ok: false, "GPIO chip \(buttons.chip): \(error)")]
        }
        var findings = [access(inspection.chipPath, kind: .gpio, missing: "check `gpiodetect`")]
        let held = inspection.lines.filter { $0.used && $0.consumer != "rating-terminal" }
        if held.isEmpty {
            let running = inspection.lines.contains { $0.used } ? " (held by the running rating-terminal service)" : ""
            findings.append(DeviceFinding(ok: true, "lines \(lines.joined(separator: " ")) found on \(inspection.chipPath)\(running)"))
        }
        for line in held {
            let holder = line.consumer.isEmpty ? "another program" : "\"\(line.consumer)\""
            findings.append(DeviceFinding(ok: false, "line \(line.name) is held by \(holder): stop it (`gpioinfo \(buttons.chip)` shows the holder) or wire to a free line"))
        }
        return findings
    }

    private func access(_ path: String, kind: DeviceAccess.Kind, missing: String) -> DeviceFinding {
        guard let node = node(path) else { return DeviceFinding(ok: false, "\(path) does not exist: \(missing)") }
        if let problem = DeviceAccess.problem(node, kind: kind, account: account, groupName: ServiceAccount.groupName,
                                              groupExists: { ServiceAccount.groupID($0) != nil }) {
            return DeviceFinding(ok: false, problem)
        }
        return DeviceFinding(ok: true, "\(path) \(node.modeText) group \(ServiceAccount.groupName(node.groupID)): \(account.name) can open it")
    }
}
