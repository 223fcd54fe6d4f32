import Foundation
import RatingCore
import Testing

/// A scenario file in Scenarios/, found next to this source file.
struct ScenarioFile: Sendable, CustomTestStringConvertible {
    var name: String
    var path: String
    var testDescription: String { name }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scenarios")

    static var all: [ScenarioFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".scenario") }.sorted().map {
            ScenarioFile(name: String($0.dropLast(".scenario".count)), path: folder.appendingPathComponent($0).path)
        }
    }
}

/// Every Scenarios/*.scenario file (format: see `Scenario`), played against the session.
struct ScenarioTests {
    @Test(arguments: ScenarioFile.all)
    func scenario(_ file: ScenarioFile) throws {
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        let scenario: Scenario
        do {
            scenario = try ScenarioParser.parse(text, name: file.name, file: file.path)
        } catch let error as ScenarioError {
            Issue.record(Comment(rawValue: "malformed scenario: \(error)"), sourceLocation: location(file, error.line))
            return
        }
        let outcome = ScenarioRunner.run(scenario)
        var failed = false
        func fail(_ line: Int, _ message: String) {
            failed = true
            Issue.record(Comment(rawValue: "\(file.path):\(line): \(message)"), sourceLocation: location(file, line))
        }
        for problem in outcome.problems { fail(problem.line, "the session broke its contract: \(problem.message)") }

        compare(scenario.ratings, outcome.ratings, at: scenario.expectLine, fail: fail) { expected, actual, number in
            var actual = actual
            if expected.at == nil { actual.pressedAt = expected.rating.pressedAt }
            return actual == expected.rating ? nil : ScenarioRendering.rating(number, actual, withTime: expected.at != nil)
        } render: { ScenarioRendering.rating($1, $0, withTime: true) }
        compare(scenario.amendments, outcome.amendments, at: scenario.expectLine, fail: fail) { expected, actual, _ in
            expected.value == actual ? nil : ScenarioRendering.amendment(actual)
        } render: { amendment, _ in ScenarioRendering.amendment(amendment) }
        compare(scenario.unrated, outcome.unrated, at: scenario.expectLine, fail: fail) { expected, actual, _ in
            expected.value == actual ? nil : ScenarioRendering.unrated(actual)
        } render: { service, _ in ScenarioRendering.unrated(service) }
        if scenario.checksScreens {
            compare(scenario.screens, outcome.screens, at: scenario.expectLine, fail: fail) { expected, actual, _ in
                expected.value == actual ? nil : ScenarioRendering.screen(actual)
            } render: { shown, _ in ScenarioRendering.screen(shown) }
        }
        if failed {
            Issue.record(Comment(rawValue: "\(file.name): the run gave\n\(ScenarioRendering.outcome(outcome))"),
                         sourceLocation: location(file, scenario.expectLine))
        }
    }

    /// Item by item: a mismatch is reported at the expectation's line, an extra item at `expect`.
    private func compare<Expected: LineNumbered, Actual>(
        _ expected: [Expected], _ actual: [Actual], at expectLine: Int, fail: (Int, String) -> Void,
        differs: (Expected, Actual, Int) -> String?, render: (Actual, Int) -> String
    ) {
        for index in 0..<max(expected.count, actual.count) {
            switch (index < expected.count ? expected[index] : nil, index < actual.count ? actual[index] : nil) {
            case (let wanted?, let got?):
                if let shown = differs(wanted, got, index + 1) { fail(wanted.line, "got `\(shown)`") }
            case (let wanted?, nil):
                fail(wanted.line, "missing: nothing like this came out")
            case (nil, let got?):
                fail(expectLine, "not expected: `\(render(got, index + 1))`")
            case (nil, nil):
                break
            }
        }
    }

    private func location(_ file: ScenarioFile, _ line: Int) -> SourceLocation {
        SourceLocation(fileID: "RatingCoreTests/\(file.name).scenario", filePath: file.path, line: max(line, 1), column: 1)
    }

    @Test func thereAreEnoughScenarios() {
        #expect(ScenarioFile.all.count >= 25, "found \(ScenarioFile.all.count) in \(ScenarioFile.folder.path)")
    }
}

protocol LineNumbered { var line: Int { get } }
extension Scenario.ExpectedRating: LineNumbered {}
extension Scenario.Expected: LineNumbered {}
