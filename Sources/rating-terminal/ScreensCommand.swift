import ArgumentParser
import Foundation
import RatingCore
import TerminalApp

/// `rating-terminal screens`: shows the terminal's screens on its configured display, one
/// after another, so a technician can check the wiring, the size and the Vietnamese letters.
struct ScreensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screens",
        abstract: "Show the terminal's screens on its display (check the display, its size and the Vietnamese letters).",
        discussion: "SCREEN is idle, welcome, thanks:1 … thanks:5, followup:1 … followup:5 (the reason shown) or store-problem; default: all of them.")

    @Option(help: "The config file.")
    var config: String = TerminalConfig.defaultPath

    @Option(help: "Seconds each screen stays before the next.")
    var hold: Double = 2

    @Argument(help: "The screens to show, in order.")
    var screens: [String] = []

    func validate() throws {
        for name in screens where Self.content(named: name) == nil {
            throw ValidationError("unknown screen \"\(name)\"; use idle, welcome, thanks:1…5, followup:1…5 or store-problem")
        }
        guard (0...3_600).contains(hold) else { throw ValidationError("--hold must be 0 to 3600 seconds") }
    }

    func run() async throws {
        do {
            let settings = try TerminalConfig.load(path: config)
            let display = try DeviceFactory.display(for: settings)
            let composer = DeviceFactory.composer(for: settings)
            let names = screens.isEmpty ? Self.allNames : screens
            for (index, name) in names.enumerated() {
                guard let content = Self.content(named: name) else { continue }
                try await display.show(composer.compose(content))
                print("shown \(name)")
                if index < names.count - 1 { try await Task.sleep(for: .milliseconds(Int(hold * 1000))) }
            }
            await display.close()
        } catch {
            throw reportFailure(error, command: "screens")
        }
    }

    static let allNames = ["idle", "welcome"] + (1...5).map { "thanks:\($0)" } + (1...5).map { "followup:\($0)" } + ["store-problem"]

    static func content(named name: String) -> ScreenContent? {
        let parts = name.split(separator: ":")
        switch (parts.first, parts.count == 2 ? Int(parts[1]) : nil) {
        case ("idle", nil) where parts.count == 1: return .idle
        case ("welcome", nil) where parts.count == 1: return .welcome
        case ("store-problem", nil) where parts.count == 1: return .storeProblem
        case ("thanks", let number?): return Score(number).map { .thanks($0) }
        case ("followup", let number?) where (1...5).contains(number): return .followUp(page: number - 1)
        default: return nil
        }
    }
}
