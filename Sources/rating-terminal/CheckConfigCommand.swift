import ArgumentParser
import Foundation
import TerminalApp

/// `rating-terminal check-config [PATH]`: validates a config file and summarises it; on the
/// device it also checks the GPIO chip and lines, the I2C bus or serial port, and their permissions.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a config file; every mistake names file:line and the fix.",
        discussion: """
            Then checks, for the service user, the devices the config names: the GPIO chip and every \
            line, the I2C bus or the serial port (exist, can be opened read-write; which group or udev \
            rule is missing). Exit status: 0 all good; 2 a config mistake; 4 a device problem.
            """)

    @Argument(help: "The config file.")
    var path: String = TerminalConfig.defaultPath

    @Flag(help: "Check the config only, not the devices (e.g. on a machine that is not the terminal).")
    var skipDevices = false

    @Option(help: "The user the service runs as, whose access to the devices is checked.")
    var user: String = "rating-terminal"

    func run() async throws {
        do {
            let config = try TerminalConfig.load(path: path)
            try ConfigFiles.check(config)
            print(ConfigSummary.describe(config))
            guard !skipDevices else { return }
            let findings = deviceFindings(config)
            guard !findings.isEmpty else { return }
            print("devices (for user \(user)):")
            for finding in findings { print("  \(finding.ok ? "ok  " : "FAIL") \(finding.text)") }
            if findings.contains(where: { !$0.ok }) {
                FileHandle.standardError.write(Data("rating-terminal check-config: device problems above (FAIL lines)\n".utf8))
                throw ExitStatus.device
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw reportFailure(error, command: "check-config")
        }
    }

    private func deviceFindings(_ config: TerminalConfig) -> [DeviceFinding] {
        guard let account = ServiceAccount.lookup(user, supplementaryGroups: ["gpio", "i2c", "dialout"]) else {
            let needsDevices = config.buttons.driver == .gpiod || [.hd44780I2C, .serialVFD].contains(config.display.driver)
            return needsDevices ? [DeviceFinding(ok: false, "user \(user) does not exist: install the rating-terminal .deb (it creates the user), or name the service user with --user")] : []
        }
        return DeviceChecks(config: config, account: account).run()
    }
}
