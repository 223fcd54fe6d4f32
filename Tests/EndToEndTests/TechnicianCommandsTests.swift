import Foundation
import RatingCore
import TerminalHardware
import TerminalStore
import Testing

/// The technician's commands as processes: the documented exit codes, export and import through
/// a file, status --json, and the self-test driven through the stdin keypad and console display.
@Suite(.serialized)
struct TechnicianCommandsTests {
    /// A terminal folder: a collector database with the device registered, its secret, a config (stdin buttons, console display).
    struct Site {
        let folder: URL
        let config: String
        let database: String
        let store: String

        init(_ label: String, collectorURL: String = "http://127.0.0.1:9", database: String? = nil) async throws {
            folder = try Executables.temporaryFolder(label)
            self.database = database ?? folder.appendingPathComponent("collector.sqlite").path
            store = folder.appendingPathComponent("ratings.sqlite").path
            let added = try await ProcessRun.run(try Executables.path("rating-collector"), ["device", "add", "T-TECH", "--db", "sqlite:\(self.database)"])
            try #require(added.status == 0, "\(added.stderr)")
            let secret = folder.appendingPathComponent("secret")
            try added.stdout.write(to: secret, atomically: true, encoding: .utf8)
            config = folder.appendingPathComponent("terminal.toml").path
            try """
                [device]
                id = "T-TECH"
                secret_file = "\(secret.path)"
                site = "Điện lực Ba Đình"
                [collector]
                url = "\(collectorURL)"
                [buttons]
                driver = "stdin"
                [display]
                driver = "console"
                size = "20x2"
                [storage]
                path = "\(store)"
                """.write(toFile: config, atomically: true, encoding: .utf8)
        }

        func terminal(_ arguments: String..., input: String? = nil) async throws -> ProcessRun {
            try await ProcessRun.run(try Executables.path("rating-terminal"), arguments, input: input)
        }

        func collector(_ arguments: String...) async throws -> ProcessRun {
            try await ProcessRun.run(try Executables.path("rating-collector"), arguments)
        }
    }

    @Test func checkConfigExitCodes() async throws {
        let site = try await Site("exit-check")
        defer { try? FileManager.default.removeItem(at: site.folder) }
        #expect(try await site.terminal("check-config", site.config).status == 0)
        let missing = try await site.terminal("check-config", site.folder.appendingPathComponent("nope.toml").path)
        #expect(missing.status == 2 && missing.stderr.contains("nope.toml"), "\(missing.stderr)")
        let broken = site.folder.appendingPathComponent("broken.toml").path
        try (try String(contentsOfFile: site.config, encoding: .utf8)).replacingOccurrences(of: "size = ", with: "sise = ")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let typo = try await site.terminal("check-config", broken)
        #expect(typo.status == 2 && typo.stderr.contains("broken.toml:11") && typo.stderr.contains("did you mean 'size'?"), "\(typo.stderr)")
        let gpio = site.folder.appendingPathComponent("gpio.toml").path
        try (try String(contentsOfFile: site.config, encoding: .utf8).replacingOccurrences(of: "driver = \"stdin\"", with: "driver = \"gpiod\"\nchip = \"gpiochip-absent\""))
            .write(toFile: gpio, atomically: true, encoding: .utf8)
        let device = try await site.terminal("check-config", gpio, "--user", "root")
        #expect(device.status == 4 && device.stdout.contains("FAIL GPIO chip gpiochip-absent"), "\(device.stdout)\(device.stderr)")
        #expect(try await site.terminal("check-config", gpio, "--skip-devices").status == 0)
        #expect(try await site.terminal("check-config", "--bogus").status == 64)
    }

    @Test func exportToAFileImportTwiceAndRefuseAnEditedOrCSVFile() async throws {
        let site = try await Site("exit-export")
        defer { try? FileManager.default.removeItem(at: site.folder) }
        let store = try RatingStore(path: site.store)
        let placement = Placement(deviceID: "T-TECH", site: "Điện lực Ba Đình", counter: "")
        for score in [5, 2, 4] {
            _ = try await store.append(RatingDraft(score: Score(score) ?? Score.all[0], flags: [], time: SystemDeviceClock().now()), placement: placement)
        }
        let file = site.folder.appendingPathComponent("usb/T-TECH.jsonl")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let export = try await site.terminal("export", "--config", site.config, "--output", file.path)
        #expect(export.status == 0 && export.stderr.contains("exported 3 ratings"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file.path + ".partial"))

        let first = try await site.collector("import", file.path, "--db", "sqlite:\(site.database)")
        #expect(first.status == 0 && first.stdout.contains("ratings: 3 in the file, 3 added, 0 already held, 0 set aside"), "\(first.stdout)\(first.stderr)")
        let again = try await site.collector("import", file.path, "--db", "sqlite:\(site.database)")
        #expect(again.status == 0 && again.stdout.contains("ratings: 3 in the file, 0 added, 3 already held"), "\(again.stdout)")

        let edited = site.folder.appendingPathComponent("edited.jsonl")
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: "\"score\":2", with: "\"score\":5")
            .write(to: edited, atomically: true, encoding: .utf8)
        let refused = try await site.collector("import", edited.path, "--db", "sqlite:\(site.database)")
        #expect(refused.status == 2 && refused.stderr.contains("signature does not match"), "\(refused.stderr)")

        let csv = site.folder.appendingPathComponent("ratings.csv")
        #expect(try await site.terminal("export", "--config", site.config, "--format", "csv", "--output", csv.path).status == 0)
        let csvImport = try await site.collector("import", csv.path, "--db", "sqlite:\(site.database)")
        #expect(csvImport.status == 2 && csvImport.stderr.contains("CSV export"), "\(csvImport.stderr)")
        #expect(try await site.collector("import", site.folder.appendingPathComponent("absent.jsonl").path, "--db", "sqlite:\(site.database)").status == 2)
        #expect(try await site.terminal("export", "--config", site.config, "--format", "xml").status == 64)
        #expect(try await site.terminal("export", "--config", site.config, "--since", "2026-02-31").status == 64)
    }

    @Test func statusJSONHasTheQueueTheClockAndTheConfigRevision() async throws {
        let site = try await Site("exit-status")
        defer { try? FileManager.default.removeItem(at: site.folder) }
        let status = try await site.terminal("status", "--config", site.config, "--json")
        try #require(status.status == 0, "\(status.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let config = try #require(object["config"] as? [String: Any])
        #expect((config["revision"] as? String)?.count == 12)
        #expect(config["in_effect"] as? Bool == false, "no service has started with this store")
        let clock = try #require(object["clock"] as? [String: Any])
        #expect(clock["synced"] as? Bool == SystemDeviceClock().now().clockSynced)
        #expect((object["store"] as? [String: Any])?["unsent_count"] as? Int == 0)
        #expect((object["store"] as? [String: Any])?["store_id"] as? String != nil)
    }

    @Test func theSelfTestRunsOnTheStdinKeypadAndConsoleDisplayAndChecksTheRealCollector() async throws {
        let scratch = try Executables.temporaryFolder("selftest-db")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let database = scratch.appendingPathComponent("collector.sqlite").path
        // Register the device before the collector starts, then point the terminal at the running collector.
        let registration = try await Site("selftest-reg", database: database)
        defer { try? FileManager.default.removeItem(at: registration.folder) }
        let collector = try CollectorServer(binary: try Executables.path("rating-collector"), database: database)
        defer { collector.stop() }
        let site = try await Site("selftest", collectorURL: collector.baseURL, database: scratch.appendingPathComponent("unused.sqlite").path)
        defer { try? FileManager.default.removeItem(at: site.folder) }
        try FileManager.default.copyItem(atPath: registration.folder.appendingPathComponent("secret").path,
                                         toPath: site.folder.appendingPathComponent("secret.registered").path)
        try (try String(contentsOfFile: site.config, encoding: .utf8)).replacingOccurrences(of: "\(site.folder.path)/secret\"", with: "\(site.folder.path)/secret.registered\"")
            .write(toFile: site.config, atomically: true, encoding: .utf8)

        // Button 3 by mistake, then 1 to 5, then "yes" to the letters question.
        let run = try await site.terminal("selftest", "--config", site.config, "--step-timeout", "20", "--pause", "0", input: "3\n1\n2\n3\n4\n5\n5\n")
        let synced = SystemDeviceClock().now().clockSynced
        #expect(run.status == (synced ? 0 : 5), "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("|    Tự kiểm tra     |") && run.stdout.contains("|     Nhấn nút 1     |"), "the console display shows the prompts")
        #expect(run.stdout.contains("|    Đó là nút 3     |\n|     Cần nút 1      |"), "a wrong button names itself")
        #expect(run.stdout.contains("|   ă â đ ê ô ơ ư    |\n|   a a d e o o u    |"), "the Vietnamese letters over their plain forms")
        #expect(run.stdout.contains("PASS button 1   pressed; first pressed: button 3"), "\(run.stdout)")
        #expect(run.stdout.contains("PASS collector  ") && run.stdout.contains("accepts device T-TECH"), "\(run.stdout)")
        #expect(run.stdout.contains(synced ? "PASS clock" : "FAIL clock"))
        #expect(run.stdout.contains("skip leds") && run.stdout.contains("PASS letters"))
        #expect(run.stdout.contains("report stored as device event 1"))
        // Kept in the store for the service to upload, and shown by status.
        let status = try await site.terminal("status", "--config", site.config)
        #expect(status.stdout.contains(synced ? "self-test   PASSED at" : "self-test   FAILED (clock) at"), "\(status.stdout)")
        #expect(status.stdout.contains("not uploaded yet") && status.stdout.contains("1 device events"), "\(status.stdout)")
        #expect(try await site.terminal("selftest", "--step-timeout", "0").status == 64)
    }
}
