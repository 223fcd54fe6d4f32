import RatingCore
import Testing

/// The scenario reader itself: a malformed file fails with its file and line, never silently.
struct ScenarioParserTests {
    func parse(_ text: String) throws -> Scenario { try ScenarioParser.parse(text, name: "t", file: "t.scenario") }

    func errorLine(_ text: String) -> (line: Int, message: String)? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as ScenarioError {
            return (error.line, error.message)
        } catch {
            return nil
        }
    }

    @Test func aWellFormedScenarioReadsCompletely() throws {
        let scenario = try parse("""
            # a comment
            settings mode=counter window_s=30.5 followup_below=2
            at 0 service-ended ticket=A017 staff=nv07
            at 2.25 press 5   # trailing comment
            at 3 store down
            expect
            rating 1 score=5 flags= window=0 ticket=A017 staff=nv07 at=2.25
            amend 1 flag=burst
            unrated opened=0 closed=30.5
            screen 2.25 thanks(5)
            screen 3 follow-up(4)
            """)
        #expect(scenario.settings.mode == .counter)
        #expect(scenario.settings.window == .milliseconds(30_500))
        #expect(scenario.settings.followUpBelow == 2)
        #expect(scenario.events.map(\.line) == [3, 4, 5])
        #expect(scenario.events[1].at == MonotonicInstant(nanoseconds: 2_250_000_000))
        #expect(scenario.ratings.first?.rating.window?.ticket == "A017")
        #expect(scenario.amendments.map(\.value.amendment) == [.addFlag(.burst)])
        #expect(scenario.screens.map(\.value.content) == [.thanks(Score.all[4]), .followUp(page: 4)])
        #expect(scenario.expectLine == 6)
    }

    @Test(arguments: [
        ("at 1 press 6\nexpect", 1, "button 1-5"),
        ("at 1 press 5\nat 0.5 press 4\nexpect", 2, "time goes back"),
        ("settings mode=queue\nexpect", 1, "kiosk or counter"),
        ("settings colour=blue\nexpect", 1, "unknown setting"),
        ("at 1 press 5\nsettings mode=counter\nexpect", 2, "before the first event"),
        ("at 1 jump\nexpect", 1, "unknown event"),
        ("at 1.1234567890 press 1\nexpect", 1, "not seconds"),
        ("at 1 press 5", 1, "no `expect`"),
        ("expect\nrating 2 score=5 flags=", 2, "expected rating 1"),
        ("expect\nrating 1 score=5", 2, "flags="),
        ("expect\nrating 1 score=5 flags=sticky", 2, "unknown flag"),
        ("expect\nrating 1 score=5 flags= ticket=A1", 2, "come with window="),
        ("expect\nrating 1 score=5 flags= reason=price", 2, "unknown reason"),
        ("expect\nscreen 1 party", 2, "unknown screen"),
        ("expect\nscreen 1 thanks(9)", 2, "unknown screen"),
        ("expect\nunrated opened=0", 2, "missing closed="),
        ("expect\nat 1 press 5", 2, "after `expect`"),
        ("\n\nexpect\namend 1 colour=red", 4, "reason=<code> or flag=<name>"),
        ("expect\nrating 1 score=5 flags= flags=", 2, "given twice"),
    ])
    func malformedLinesAreReportedWhereTheyAre(text: String, line: Int, message: String) {
        let error = errorLine(text)
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func timesAreExactDecimals() {
        #expect(ScenarioTime.parse("30") == MonotonicInstant(nanoseconds: 30_000_000_000))
        #expect(ScenarioTime.parse("29.999999999") == MonotonicInstant(nanoseconds: 29_999_999_999))
        #expect(ScenarioTime.parse("-1") == nil)
        #expect(ScenarioTime.parse("1.") == nil)
        #expect(ScenarioTime.format(MonotonicInstant(nanoseconds: 2_500_000_000)) == "2.5")
        #expect(ScenarioTime.format(MonotonicInstant(nanoseconds: 30_000_000_001)) == "30.000000001")
    }
}
