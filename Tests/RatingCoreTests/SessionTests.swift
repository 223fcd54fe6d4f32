import RatingCore
import Testing

/// Scenarios of the session state machine on a fake clock (seconds since boot).
struct SessionTests {
    let settings = SessionSettings(thanks: .seconds(3), responseInterval: .seconds(5))
    func at(_ seconds: Double) -> MonotonicInstant { MonotonicInstant(nanoseconds: UInt64(seconds * 1e9)) }
    func score(_ value: Int) throws -> Score { try #require(Score(value)) }

    @Test func startsOnTheIdlePrompt() {
        var session = Session(settings: settings)
        #expect(session.start(at: at(0)) == [.show(.idle)])
        #expect(session.state == .idle)
    }

    @Test func pressIsRecordedBeforeAnyThanks() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        let actions = session.press(try score(4), at: at(10))
        let request = RecordRequest(score: try score(4), flags: [], pressedAt: at(10))
        #expect(actions == [.record(request)], "a press only asks to be stored; no thank-you yet")
        #expect(session.state == .idle)
        #expect(session.recorded(request, at: at(10.01)) == [.show(.thanks(try score(4))), .wake(at: at(13.01))])
    }

    @Test func thanksTimesOutToIdle() throws {
        var session = Session(settings: settings)
        let request = RecordRequest(score: try score(5), flags: [], pressedAt: at(1))
        _ = session.press(try score(5), at: at(1))
        _ = session.recorded(request, at: at(1))
        #expect(session.tick(at: at(2)) == [.wake(at: at(4))], "too early: keep thanking")
        #expect(session.tick(at: at(4)) == [.show(.idle)])
        #expect(session.state == .idle)
        #expect(session.tick(at: at(9)) == [])
    }

    @Test func repeatInsideTheResponseIntervalIsFlaggedNotDropped() throws {
        var session = Session(settings: settings)
        #expect(session.press(try score(5), at: at(10)) == [.record(RecordRequest(score: try score(5), flags: [], pressedAt: at(10)))])
        #expect(session.press(try score(5), at: at(12)) == [.record(RecordRequest(score: try score(5), flags: [.repeat], pressedAt: at(12)))])
        #expect(session.press(try score(1), at: at(14.999)) == [.record(RecordRequest(score: try score(1), flags: [.repeat], pressedAt: at(14.999)))])
        // The interval runs from the last *counted* press (10 s), not from the repeats.
        #expect(session.press(try score(3), at: at(15)) == [.record(RecordRequest(score: try score(3), flags: [], pressedAt: at(15)))])
        #expect(session.lastCounted == at(15))
    }

    @Test func pressDuringThanksIsRecordedAndRestartsTheThanks() throws {
        var session = Session(settings: settings)
        let first = RecordRequest(score: try score(2), flags: [], pressedAt: at(0))
        _ = session.press(try score(2), at: at(0))
        _ = session.recorded(first, at: at(0))
        let actions = session.press(try score(4), at: at(1))
        let second = RecordRequest(score: try score(4), flags: [.repeat], pressedAt: at(1))
        #expect(actions == [.record(second)])
        #expect(session.recorded(second, at: at(1)) == [.show(.thanks(try score(4))), .wake(at: at(4))])
        #expect(session.tick(at: at(3)) == [.wake(at: at(4))], "the first thank-you's timer no longer ends the screen")
        #expect(session.tick(at: at(4)) == [.show(.idle)])
    }

    @Test func aFailedStoreShowsTheProblemInsteadOfThanks() throws {
        var session = Session(settings: settings)
        let request = RecordRequest(score: try score(1), flags: [], pressedAt: at(0))
        _ = session.press(try score(1), at: at(0))
        #expect(session.recordFailed(request, at: at(0)) == [.show(.storeProblem), .wake(at: at(3))])
        #expect(session.tick(at: at(3)) == [.show(.idle)])
    }

    @Test func scoresOutsideOneToFiveDoNotExist() {
        #expect(Score(0) == nil)
        #expect(Score(6) == nil)
        #expect(Score.all.map(\.value) == [1, 2, 3, 4, 5])
    }
}
