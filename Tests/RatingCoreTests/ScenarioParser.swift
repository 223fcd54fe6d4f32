import RatingCore

/// Reads the scenario format described on `Scenario`; every mistake is a `ScenarioError` naming file:line.
struct ScenarioParser {
    let file: String
    private var scenario: Scenario
    private var inExpect = false
    private var line = 0

    static func parse(_ text: String, name: String, file: String) throws -> Scenario {
        var parser = ScenarioParser(file: file, scenario: Scenario(name: name, file: file))
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            parser.line = index + 1
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = words.first else { continue }
            try parser.statement(first, Array(words.dropFirst()))
        }
        guard parser.inExpect else { throw parser.error("no `expect` line: a scenario must say what comes out") }
        return parser.scenario
    }

    private init(file: String, scenario: Scenario) {
        self.file = file
        self.scenario = scenario
    }

    private func error(_ message: String) -> ScenarioError { ScenarioError(file: file, line: line, message: message) }

    private mutating func statement(_ keyword: String, _ rest: [String]) throws {
        switch (inExpect, keyword) {
        case (false, "settings"):
            guard scenario.events.isEmpty else { throw error("settings must come before the first event") }
            for (key, value) in try pairs(rest) { try setting(key, value) }
        case (false, "at"):
            try event(rest)
        case (false, "expect"):
            guard rest.isEmpty else { throw error("`expect` stands alone on its line") }
            inExpect = true
            scenario.expectLine = line
        case (true, "rating"):
            try expectRating(rest)
        case (true, "amend"):
            try expectAmendment(rest)
        case (true, "unrated"):
            var fields = try pairs(rest)
            let opened = try time(fields.removeValue(forKey: "opened"), "opened")
            let closed = try time(fields.removeValue(forKey: "closed"), "closed")
            let window = ServiceWindow(ticket: fields.removeValue(forKey: "ticket"), staff: fields.removeValue(forKey: "staff"), openedAt: opened)
            try noneLeft(fields)
            scenario.unrated.append(.init(value: UnratedService(window: window, closedAt: closed), line: line))
        case (true, "screen"):
            guard rest.count == 2 else { throw error("expected `screen <seconds> <content>`") }
            let content = try screenContent(rest[1])
            scenario.screens.append(.init(value: ShownScreen(at: try time(rest[0], "screen time"), content: content), line: line))
        case (true, "ignore"):
            guard rest == ["screens"] else { throw error("only `ignore screens` is known") }
            scenario.checksScreens = false
        default:
            throw error("unknown statement `\(keyword)`" + (inExpect ? " after `expect`" : " before `expect`"))
        }
    }

    private mutating func setting(_ key: String, _ value: String) throws {
        func seconds() throws -> Duration { .nanoseconds(Int64(try time(value, key).nanoseconds)) }
        func integer() throws -> Int {
            guard let number = Int(value) else { throw error("\(key) takes a whole number, not `\(value)`") }
            return number
        }
        switch key {
        case "mode":
            guard let mode = SessionSettings.Mode(rawValue: value) else { throw error("mode is kiosk or counter, not `\(value)`") }
            scenario.settings.mode = mode
        case "thanks_s": scenario.settings.thanks = try seconds()
        case "response_interval_s": scenario.settings.responseInterval = try seconds()
        case "window_s": scenario.settings.window = try seconds()
        case "followup_below": scenario.settings.followUpBelow = try integer()
        case "followup_timeout_s": scenario.settings.followUpTimeout = try seconds()
        case "followup_page_s": scenario.settings.followUpPage = try seconds()
        case "burst_presses": scenario.settings.burstPresses = try integer()
        case "burst_window_s": scenario.settings.burstWindow = try seconds()
        default: throw error("unknown setting `\(key)`")
        }
    }

    private mutating func event(_ words: [String]) throws {
        guard words.count >= 2 else { throw error("expected `at <seconds> <event>`") }
        let at = try time(words[0], "event time")
        if let last = scenario.events.last, at < last.at {
            throw error("time goes back: \(words[0]) is before \(ScenarioTime.format(last.at))")
        }
        let arguments = Array(words.dropFirst(2))
        let event: Scenario.Event
        switch (words[1], arguments) {
        case ("press", let rest) where rest.count == 1:
            guard let value = Int(rest[0]), let score = Score(value) else { throw error("press takes a button 1-5, not `\(rest[0])`") }
            event = .press(score)
        case ("service-ended", let rest):
            var fields = try pairs(rest)
            event = .serviceEnded(ticket: fields.removeValue(forKey: "ticket"), staff: fields.removeValue(forKey: "staff"))
            try noneLeft(fields)
        case ("store", ["down"]): event = .store(up: false)
        case ("store", ["up"]): event = .store(up: true)
        case ("restart", []): event = .restart
        case ("end", []): event = .end
        default:
            throw error("unknown event `\(words.dropFirst().joined(separator: " "))`; known: press N, service-ended [ticket=] [staff=], store down|up, restart, end")
        }
        scenario.events.append(Scenario.Timed(at: at, event: event, line: line))
    }

    private mutating func expectRating(_ words: [String]) throws {
        guard let first = words.first, let number = Int(first) else { throw error("expected `rating <n> score=… flags=…`") }
        guard number == scenario.ratings.count + 1 else { throw error("ratings are numbered in store order: expected rating \(scenario.ratings.count + 1)") }
        var fields = try pairs(Array(words.dropFirst()))
        guard let scoreText = fields.removeValue(forKey: "score"), let value = Int(scoreText), let score = Score(value) else {
            throw error("a rating needs score=1…5")
        }
        guard let flagText = fields.removeValue(forKey: "flags") else { throw error("a rating needs flags= (empty for none)") }
        let flags = try flagText.split(separator: ",").map { name in
            guard let flag = RatingFlag(rawValue: String(name)) else { throw error("unknown flag `\(name)`") }
            return flag
        }
        let ticket = fields.removeValue(forKey: "ticket"), staff = fields.removeValue(forKey: "staff")
        let window = try fields.removeValue(forKey: "window").map { ServiceWindow(ticket: ticket, staff: staff, openedAt: try time($0, "window")) }
        if window == nil && (ticket != nil || staff != nil) { throw error("ticket= and staff= come with window=<opened>") }
        let reason = try fields.removeValue(forKey: "reason").map { try reasonCode($0) }
        let at = try fields.removeValue(forKey: "at").map { try time($0, "at") }
        try noneLeft(fields)
        let rating = StoredRating(score: score, flags: Set(flags), window: window, reason: reason, pressedAt: at ?? MonotonicInstant(nanoseconds: 0))
        scenario.ratings.append(.init(number: number, rating: rating, at: at, line: line))
    }

    private mutating func expectAmendment(_ words: [String]) throws {
        guard words.count == 2, let number = Int(words[0]) else { throw error("expected `amend <n> reason=<code>` or `amend <n> flag=<name>`") }
        let fields = try pairs([words[1]])
        let amendment: Amendment
        if let code = fields["reason"] {
            amendment = .reason(try reasonCode(code))
        } else if let name = fields["flag"], let flag = RatingFlag(rawValue: name) {
            amendment = .addFlag(flag)
        } else {
            throw error("an amendment is reason=<code> or flag=<name>")
        }
        scenario.amendments.append(.init(value: AppliedAmendment(rating: number, amendment: amendment), line: line))
    }

    private func pairs(_ words: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for word in words {
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw error("expected key=value, not `\(word)`") }
            guard result.updateValue(String(parts[1]), forKey: String(parts[0])) == nil else { throw error("`\(parts[0])` given twice") }
        }
        return result
    }

    private func noneLeft(_ fields: [String: String]) throws {
        if let key = fields.keys.sorted().first { throw error("unknown field `\(key)`") }
    }

    private func time(_ text: String?, _ what: String) throws -> MonotonicInstant {
        guard let text else { throw error("missing \(what)=") }
        guard let instant = ScenarioTime.parse(text) else { throw error("\(what): `\(text)` is not seconds like 2 or 2.5") }
        return instant
    }

    private func reasonCode(_ code: String) throws -> FollowUpReason {
        guard let reason = FollowUpReason.allCases.first(where: { $0.code == code }) else {
            throw error("unknown reason `\(code)`; known: \(FollowUpReason.allCases.map(\.code).joined(separator: ", "))")
        }
        return reason
    }

    private func screenContent(_ text: String) throws -> ScreenContent {
        if let content = ScreenText.parse(text) { return content }
        throw error("unknown screen `\(text)`; known: idle, welcome, thanks(1-5), store-problem, follow-up(page)")
    }
}
