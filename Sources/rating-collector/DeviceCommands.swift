import ArgumentParser
import CollectorCore
import Foundation
import RatingWire

/// `rating-collector device add ID [--db …] [--rotate]`
struct DeviceAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a terminal and print its new secret (64 hex digits) as the only line on stdout.",
        discussion: """
            Put the printed secret in the terminal's secret file. An id that is already \
            registered is an error unless --rotate is given, which replaces its secret.
            Exit status: 0 ok; 1 operational error (e.g. already registered, database cannot open); 64 usage error.
            """)

    @Argument(help: "The terminal's id, as in its config file (e.g. HN-BD-Q3).")
    var id: String

    @Option(help: "The database: sqlite:PATH or postgres://USER@HOST[:PORT]/DBNAME.")
    var db: String = RatingCollector.defaultDatabase

    @Flag(help: "Give an already registered device a new secret (the old one stops working).")
    var rotate = false

    func validate() throws {
        if let problem = DeviceID.problem(with: id) { throw ValidationError(problem) }
        _ = try Failure.location(db)
    }

    func run() async throws {
        let location = try Failure.location(db)
        let secret = DeviceSecret.random()
        try await Failure.operational {
            try await location.withStorage { storage in
                if rotate, try await storage.device(id: id) != nil {
                    try await storage.rotateDeviceSecret(id: id, secret: secret)
                } else {
                    try await storage.addDevice(id: id, secret: secret, addedAtMillis: collectorWallMillisNow())
                }
            }
        }
        print(secret.hex)
    }
}

/// `rating-collector device retire ID [--db …]`
struct DeviceRetire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Refuse further uploads from a terminal (they get 409); its stored ratings stay.",
        discussion: "Exit status: 0 ok; 1 operational error (e.g. unknown device); 64 usage error.")

    @Argument(help: "The terminal's id.")
    var id: String

    @Option(help: "The database: sqlite:PATH or postgres://USER@HOST[:PORT]/DBNAME.")
    var db: String = RatingCollector.defaultDatabase

    func validate() throws {
        _ = try Failure.location(db)
    }

    func run() async throws {
        let location = try Failure.location(db)
        try await Failure.operational {
            try await location.withStorage { try await $0.retireDevice(id: id) }
        }
    }
}
