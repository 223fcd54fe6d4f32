import RatingCore
import Testing

/// The session's exact actions on a fake clock (seconds since boot). Longer stories are
/// scenario files (Scenarios/*.scenario, run by ScenarioTests).
struct SessionTests {
    let settings = SessionSettings(thanks: .seconds(3), responseInterval: .seconds(5))
    func at(_ seconds: Double) -> MonotonicInstant { MonotonicInstant(nanoseconds: UInt64(seconds * 1e9)) }
    func score(_ value: Int) throws -> Score { try #require(Score(value)) }

    @Test func startsOnTheIdlePrompt() {
        var session = Session(settings: settings)
        #expect(session.start(at: at(0)) == [.show(.idle)])
        #expect(session.state == .idle)
    }

    @Test func counterModeStartsOnTheGreeting() {
        var session = Session(settings: SessionSettings(mode: .counter))
        #expect(session.start(at: at(0)) == [.show(.welcome)])
    }

    @Test func aPressLostByASlowFailingStorePastTheWindowLeavesTheServiceUnrated() throws {
        var session = Session(settings: SessionSettings(mode: .counter, window: .seconds(30)))
        _ = session.start(at: at(0))
        _ = session.serviceEnded(ticket: "A017", staff: nil, at: at(0))
        let pressed = session.press(try score(5), at: at(29))
        guard case .record(let request)? = pressed.first else { Issue.record("no record: \(pressed)"); return }
        // The store gives up after its busy timeout, when the window has already closed.
        let actions = session.recordFailed(request, at: at(35))
        let unrated = actions.compactMap { action -> UnratedService? in
            if case .recordUnratedService(let service) = action { return service } else { return nil }
        }
        #expect(unrated.map(\.window.ticket) == ["A017"], "the service is kept as unrated: \(actions)")
    }

    @Test func pressIsRecordedBeforeAnyThanks() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        let actions = session.press(try score(4), at: at(10))
        let request = RecordRequest(id: 1, score: try score(4), flags: [], pressedAt: at(10))
        #expect(actions == [.record(request)], "a press only asks to be stored; no thank-you yet")
        #expect(session.state == .idle)
        #expect(session.recorded(request, at: at(10.01)) == [.show(.thanks(try score(4))), .wake(at: at(13.01))])
    }

    @Test func thanksTimesOutToIdle() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        let request = RecordRequest(id: 1, score: try score(5), flags: [], pressedAt: at(1))
        _ = session.press(try score(5), at: at(1))
        _ = session.recorded(request, at: at(1))
        #expect(session.tick(at: at(2)) == [.wake(at: at(4))], "too early: keep thanking")
        #expect(session.tick(at: at(4)) == [.show(.idle)])
        #expect(session.state == .idle)
        #expect(session.tick(at: at(9)) == [])
    }

    @Test func repeatInsideTheResponseIntervalIsFlaggedNotDropped() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        #expect(session.press(try score(5), at: at(10)) == [.record(RecordRequest(id: 1, score: try score(5), flags: [], pressedAt: at(10)))])
        #expect(session.press(try score(5), at: at(12)) == [.record(RecordRequest(id: 2, score: try score(5), flags: [.repeat], pressedAt: at(12)))])
        #expect(session.press(try score(1), at: at(14.999)) == [.record(RecordRequest(id: 3, score: try score(1), flags: [.repeat], pressedAt: at(14.999)))])
        // The interval runs from the last *counted* press (10 s), not from the repeats.
        #expect(session.press(try score(3), at: at(15)) == [.record(RecordRequest(id: 4, score: try score(3), flags: [], pressedAt: at(15)))])
        #expect(session.lastCounted == at(15))
    }

    @Test func pressDuringThanksIsRecordedAndRestartsTheThanks() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        let first = RecordRequest(id: 1, score: try score(4), flags: [], pressedAt: at(0))
        _ = session.press(try score(4), at: at(0))
        _ = session.recorded(first, at: at(0))
        let actions = session.press(try score(2), at: at(1))
        let second = RecordRequest(id: 2, score: try score(2), flags: [.repeat], pressedAt: at(1))
        #expect(actions == [.record(second)])
        #expect(session.recorded(second, at: at(1)) == [.show(.thanks(try score(2))), .wake(at: at(4))],
                "a repeat is not asked why, even with a low score")
        #expect(session.tick(at: at(3)) == [.wake(at: at(4))], "the first thank-you's timer no longer ends the screen")
        #expect(session.tick(at: at(4)) == [.show(.idle)])
    }

    @Test func aFailedStoreShowsTheProblemInsteadOfThanks() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        let request = RecordRequest(id: 1, score: try score(1), flags: [], pressedAt: at(0))
        _ = session.press(try score(1), at: at(0))
        #expect(session.recordFailed(request, at: at(0)) == [.show(.storeProblem), .wake(at: at(3))])
        #expect(session.tick(at: at(3)) == [.show(.idle)])
        #expect(session.lastCounted == nil, "a lost press does not make the customer's retry a repeat")
    }

    @Test func aLowScoreIsAskedWhyOnceDurableAndTheAnswerAmendsIt() throws {
        var session = Session(settings: settings)
        _ = session.start(at: at(0))
        let request = RecordRequest(id: 1, score: try score(2), flags: [], pressedAt: at(1))
        #expect(session.press(try score(2), at: at(1)) == [.record(request)], "the score is stored before the question")
        #expect(session.recorded(request, at: at(1)) == [.show(.followUp(page: 0)), .wake(at: at(3))])
        #expect(session.tick(at: at(3)) == [.show(.followUp(page: 1)), .wake(at: at(5))])
        #expect(session.press(try score(4), at: at(4)) == [.amend(1, .reason(.facilities)), .show(.thanks(try score(2))), .wake(at: at(7))])
    }

    @Test func counterWindowRecordsItsServiceAndAnUnratedOne() throws {
        var session = Session(settings: SessionSettings(mode: .counter, window: .seconds(30)))
        _ = session.start(at: at(0))
        #expect(session.serviceEnded(ticket: "A017", staff: "nv07", at: at(1)) == [.show(.idle), .wake(at: at(31))])
        let window = ServiceWindow(ticket: "A017", staff: "nv07", openedAt: at(1))
        #expect(session.tick(at: at(31)) == [.recordUnratedService(UnratedService(window: window, closedAt: at(31))), .show(.welcome)])
        #expect(session.openWindow == nil)
    }

    @Test func theCountedPressLeavesTheScreenToTheStoresAnswer() throws {
        var session = Session(settings: SessionSettings(mode: .counter))
        _ = session.start(at: at(0))
        _ = session.serviceEnded(ticket: nil, staff: nil, at: at(1))
        let window = ServiceWindow(ticket: nil, staff: nil, openedAt: at(1))
        let request = RecordRequest(id: 1, score: try score(5), flags: [], pressedAt: at(2), window: window)
        #expect(session.press(try score(5), at: at(2)) == [.record(request)],
                "no greeting behind the record: it would cover the thank-you drawn on `recorded`")
        #expect(session.recorded(request, at: at(2)) == [.show(.thanks(try score(5))), .wake(at: at(5))])
    }

    @Test func aStoreAnswerAfterTheNextServiceEndedKeepsTheNewPrompt() throws {
        var session = Session(settings: SessionSettings(mode: .counter))
        _ = session.start(at: at(0))
        _ = session.serviceEnded(ticket: "A1", staff: nil, at: at(1))
        let actions = session.press(try score(1), at: at(2))
        guard case .record(let request)? = actions.first else { Issue.record("no record: \(actions)"); return }
        #expect(session.serviceEnded(ticket: "A2", staff: nil, at: at(3)) == [.wake(at: at(33))])
        #expect(session.recorded(request, at: at(4)) == [], "an owner that stores slowly: no follow-up over the next customer's prompt")
        #expect(session.state == .idle)
    }

    @Test func earlierPressesOfABurstAreAmended() throws {
        var session = Session(settings: SessionSettings(burstPresses: 3, burstWindow: .seconds(10)))
        _ = session.start(at: at(0))
        _ = session.press(try score(5), at: at(0))
        _ = session.press(try score(5), at: at(1))
        let third = session.press(try score(5), at: at(2))
        #expect(third == [.record(RecordRequest(id: 3, score: try score(5), flags: [.repeat, .burst], pressedAt: at(2))),
                          .amend(1, .addFlag(.burst)), .amend(2, .addFlag(.burst))])
    }

    @Test func scoresOutsideOneToFiveDoNotExist() {
        #expect(Score(0) == nil)
        #expect(Score(6) == nil)
        #expect(Score.all.map(\.value) == [1, 2, 3, 4, 5])
    }

    @Test func flagsKeepTheirStorageNames() {
        #expect(RatingFlag.encode([.repeat, .noWindow, .burst]) == "burst,no_window,repeat")
        #expect(RatingFlag.decode("repeat,no_window,bogus") == ([.repeat, .noWindow], ["bogus"]))
    }
}
