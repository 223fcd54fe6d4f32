import ArgumentParser
import Foundation
import Glibc
import TerminalApp
import TerminalHardware
import TerminalStore

/// `rating-terminal selftest`: the guided hardware test on the terminal's own buttons and display.
struct SelfTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selftest",
        abstract: "Guided test on the terminal's own display and buttons, then the collector and the clock.",
        discussion: """
            Stop the service first (systemctl stop rating-terminal): it holds the buttons. The display asks \
            for buttons 1 to 5 in turn (a wrong one says which button and line it is), the staff button \
            (counter mode), lights each LED, shows the Vietnamese letters (answer with 5 = yes, 1 = no), then \
            checks the collector and the clock. The report is printed and stored; the service uploads it as \
            a device event. q quits (keyboard and stdin).
            Exit status: 0 every check passed; 5 a check failed; 1, 2, 4 as for run.
            """)

    @Option(help: "The config file.")
    var config: String = TerminalConfig.defaultPath

    @Option(help: "Seconds each step waits for a press.")
    var stepTimeout: Int = 30

    @Option(help: "Seconds an LED stays lit and a letters page shows.")
    var pause: Double = 2

    func validate() throws {
        guard (1...600).contains(stepTimeout) else { throw ValidationError("--step-timeout must be 1 to 600 seconds") }
        guard (0...10).contains(pause) else { throw ValidationError("--pause must be 0 to 10 seconds") }
    }

    func run() async throws {
        do {
            let settings = try TerminalConfig.load(path: config)
            let secret = try ConfigFiles.check(settings)
            let store = try RatingStore(path: settings.storage.path)
            let keypad = try DeviceFactory.keypad(for: settings)
            let display = try DeviceFactory.display(for: settings)
            let clock = SystemDeviceClock()
            let parts = try SelfTest.Parts.configured(settings, secret: secret, store: store, keypad: keypad, display: display, clock: clock)
            let checks = await SelfTest(parts: parts, stepTimeout: .seconds(stepTimeout), pause: .milliseconds(Int(pause * 1000))).run()
            keypad.close()
            await display.close()
            let report = SelfTestReport(deviceID: settings.device.id, storeID: store.storeID, finishedWallMillis: clock.now().wallMillis,
                                        checks: checks)
            print(report.text)
            let record = try await SelfTestRecord.store(report, in: store, at: clock.now())
            print("report stored as device event \(record.seq); the service uploads it with the ratings")
            if !report.passed { throw ExitStatus.selfTestFailed }
        } catch let exit as ExitCode {
            throw exit
        } catch let error as GPIOError where error.code == EBUSY {
            FileHandle.standardError.write(Data("rating-terminal selftest: stop the service first (systemctl stop rating-terminal): it holds the buttons\n".utf8))
            throw reportFailure(error, command: "selftest")
        } catch {
            throw reportFailure(error, command: "selftest")
        }
    }
}
