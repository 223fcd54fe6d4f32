import ArgumentParser

/// The `rating-collector` command.
struct RatingCollector: AsyncParsableCommand {
    static let defaultDatabase = "sqlite:/var/lib/rating-collector/collector.sqlite"

    static let configuration = CommandConfiguration(
        commandName: "rating-collector",
        abstract: "The collector that rating terminals upload to.",
        discussion: """
            Exit status: 0 ok; 1 operational error (the database cannot be opened, \
            the port is taken, the device already exists…); 2 import: the file is refused; 64 usage error.
            """,
        subcommands: [Serve.self, Device.self, ImportCommand.self])
}

extension RatingCollector {
    /// Parses the arguments and runs the chosen command asynchronously.
    ///
    /// Called from main.swift: there, `await RatingCollector.main()` resolves to
    /// ParsableCommand's synchronous `main()`, which refuses async commands. Inside an
    /// async function the async overload wins.
    static func mainAsync() async {
        await main()
    }
}

/// `rating-collector device …`
struct Device: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register and retire terminals.",
        discussion: "Exit status: 0 ok; 1 operational error; 64 usage error.",
        subcommands: [DeviceAdd.self, DeviceRetire.self])
}
