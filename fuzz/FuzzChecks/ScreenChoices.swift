import RatingCore

/// Every screen the product shows, chosen by a byte (with a number and text where a screen takes them).
enum ScreenChoices {
    static func content(_ choice: UInt8, number: Int, text: String) -> ScreenContent {
        let score = Score.all[Int(choice / 16) % 5]
        switch choice % 16 {
        case 0: return .idle
        case 1: return .welcome
        case 2: return .thanks(score)
        case 3: return .storeProblem
        case 4: return .followUp(page: number)
        case 5: return .selfTest(.pressButton(score))
        case 6: return .selfTest(.wrongButton(pressed: score, line: text, wanted: Score.all[Int(choice) % 5]))
        case 7: return .selfTest(.staffButton)
        case 8: return .selfTest(.led(score))
        case 9: return .selfTest(.ledsQuestion)
        case 10: return .selfTest(.letters(page: number))
        case 11: return .selfTest(.lettersQuestion)
        case 12: return .selfTest(.checkingCollector)
        default: return .selfTest(.result(failures: number))
        }
    }

    /// Whether the screen shows text from outside (a GPIO line name from the config), which folding cannot make ASCII.
    static func carriesText(_ content: ScreenContent) -> Bool {
        if case .selfTest(.wrongButton) = content { return true }
        return false
    }
}
