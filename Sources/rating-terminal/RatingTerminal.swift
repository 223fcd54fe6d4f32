import ArgumentParser

/// The terminal's command line.
///
/// Exit status (every subcommand):
///   0   success
///   1   operational failure: the store, a device or the collector could not be used (the message says which)
///   2   the config file has a mistake (the message names file:line and the fix)
///   3   `demo --until-synced` timed out before every rating was acknowledged
///   4   a device is missing, busy, not accessible or vanished (GPIO chip or line, I2C display, serial port); systemd restarts the service
///   5   `selftest`: a check failed (the report says which)
///   64  usage error (unknown option, bad argument)
@main
struct RatingTerminal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rating-terminal",
        abstract: "Customer-rating terminal: buttons 1-5, a thank-you on the display, ratings kept on the SD card and uploaded.",
        discussion: """
            Exit status: 0 success; 1 operational failure (store, device or collector); \
            2 config file mistake (file:line and the fix are printed); 3 demo timed out before sync; \
            4 a device (GPIO chip or line, I2C display, serial port) is missing, busy, not accessible or vanished; \
            5 selftest: a check failed; 64 usage error.
            """,
        subcommands: [RunCommand.self, DemoCommand.self, CheckConfigCommand.self, ScreensCommand.self, StatusCommand.self, ExportCommand.self, SelfTestCommand.self, StoreWriterCommand.self])
}

/// The documented exit codes.
enum ExitStatus {
    static let operational = ExitCode(1)
    static let config = ExitCode(2)
    static let demoTimedOut = ExitCode(3)
    static let device = ExitCode(4)
    static let selfTestFailed = ExitCode(5)
}
