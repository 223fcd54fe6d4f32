import RatingCore

/// Screens as scenario files write them: idle, welcome, thanks(5), store-problem, follow-up(2).
enum ScreenText {
    static func parse(_ text: String) -> ScreenContent? {
        switch text {
        case "idle": return .idle
        case "welcome": return .welcome
        case "store-problem": return .storeProblem
        default: break
        }
        guard text.hasSuffix(")"), let open = text.firstIndex(of: "(") else { return nil }
        let argument = Int(text[text.index(after: open)..<text.index(before: text.endIndex)])
        switch (text[..<open], argument) {
        case ("thanks", let value?): return Score(value).map { .thanks($0) }
        case ("follow-up", let page?) where page >= 0: return .followUp(page: page)
        default: return nil
        }
    }

    static func format(_ content: ScreenContent) -> String {
        switch content {
        case .idle: return "idle"
        case .welcome: return "welcome"
        case .storeProblem: return "store-problem"
        case .thanks(let score): return "thanks(\(score))"
        case .followUp(let page): return "follow-up(\(page))"
        case .selfTest(let screen): return "self-test(\(screen))"
        }
    }
}

/// Writes outcomes in the scenario syntax, so a failure shows lines that can be compared or pasted.
enum ScenarioRendering {
    static func rating(_ number: Int, _ rating: StoredRating, withTime: Bool) -> String {
        var words = ["rating \(number) score=\(rating.score) flags=\(RatingFlag.encode(rating.flags))"]
        if let window = rating.window { words += self.window(window, key: "window") }
        if let reason = rating.reason { words.append("reason=\(reason.code)") }
        if withTime { words.append("at=\(ScenarioTime.format(rating.pressedAt))") }
        return words.joined(separator: " ")
    }

    static func amendment(_ applied: AppliedAmendment) -> String {
        switch applied.amendment {
        case .reason(let reason): return "amend \(applied.rating) reason=\(reason.code)"
        case .addFlag(let flag): return "amend \(applied.rating) flag=\(flag.rawValue)"
        }
    }

    static func unrated(_ service: UnratedService) -> String {
        (["unrated"] + window(service.window, key: "opened") + ["closed=\(ScenarioTime.format(service.closedAt))"]).joined(separator: " ")
    }

    static func screen(_ shown: ShownScreen) -> String {
        "screen \(ScenarioTime.format(shown.at)) \(ScreenText.format(shown.content))"
    }

    /// The whole outcome as an `expect` section.
    static func outcome(_ outcome: ScenarioOutcome) -> String {
        let lines = ["expect"]
            + outcome.ratings.enumerated().map { rating($0.offset + 1, $0.element, withTime: true) }
            + outcome.amendments.map(amendment)
            + outcome.unrated.map(unrated)
            + outcome.screens.map(screen)
        return lines.joined(separator: "\n")
    }

    private static func window(_ window: ServiceWindow, key: String) -> [String] {
        ["\(key)=\(ScenarioTime.format(window.openedAt))"]
            + (window.ticket.map { ["ticket=\($0)"] } ?? []) + (window.staff.map { ["staff=\($0)"] } ?? [])
    }
}
