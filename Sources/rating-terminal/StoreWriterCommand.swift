import ArgumentParser
import Foundation
import RatingCore
import TerminalHardware
import TerminalStore

/// Test support, hidden from help: appends ratings forever and prints
/// "SEQ RATING_ID" for each one after its commit returned. The durability test
/// kills this process with SIGKILL at random moments and checks that every
/// printed rating is still in the store.
struct StoreWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_store-writer", abstract: "Append ratings until killed (test support).", shouldDisplay: false)

    @Option(help: "The SQLite store to write.")
    var store: String

    func run() async throws {
        let ratingStore = try RatingStore(path: store)
        let placement = Placement(deviceID: "crash-test", site: "lab", counter: "1")
        let clock = SystemDeviceClock()
        var count = 0
        while true {
            let score = Score(count % 5 + 1) ?? Score.all[0]
            let rating = try await ratingStore.append(RatingDraft(score: score, flags: [], time: clock.now()), placement: placement)
            FileHandle.standardOutput.write(Data("\(rating.seq) \(rating.id)\n".utf8))
            count += 1
        }
    }
}
