/// The texts the terminal shows, in Vietnamese and English.
///
/// Each line is a list of variants, longest first; the composer picks the first
/// that fits the display's width. Only ASCII punctuation is used: the HD44780
/// character ROM has no "…".
enum Phrases {
    typealias Variants = [String]

    static func lines(for content: ScreenContent, in language: Language) -> [Variants] {
        switch (content, language) {
        case (.idle, .vi):
            return [["Mời quý khách đánh giá", "Xin mời đánh giá", "Mời đánh giá"],
                    ["Bấm 1 (tệ) - 5 (tốt)", "1 tệ ... 5 tốt", "1..5"]]
        case (.idle, .en):
            return [["Please rate our service", "Please rate us", "Rate us"],
                    ["Press 1 (bad) - 5 (good)", "1 bad ... 5 good", "1..5"]]
        case (.thanks(let score), .vi):
            let label = scoreLabel(score, .vi)
            return [["Cảm ơn quý khách!", "Xin cảm ơn!", "Cảm ơn!"],
                    ["Bạn chọn \(score) - \(label)", "\(score) - \(label)", "\(score) \(label)", "Điểm \(score)/5"]]
        case (.thanks(let score), .en):
            let label = scoreLabel(score, .en)
            return [["Thank you!", "Thanks!"],
                    ["You chose \(score) - \(label)", "\(score) - \(label)", "\(score) \(label)", "Score \(score)/5"]]
        case (.storeProblem, .vi):
            return [["Xin lỗi, lỗi lưu trữ", "Lỗi lưu trữ"],
                    ["Vui lòng báo nhân viên", "Báo nhân viên"]]
        case (.storeProblem, .en):
            return [["Sorry, storage error", "Storage error"],
                    ["Please tell the staff", "Tell the staff"]]
        }
    }

    /// What each score means, in words.
    static func scoreLabel(_ score: Score, _ language: Language) -> String {
        switch language {
        case .vi: return ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"][score.value - 1]
        case .en: return ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"][score.value - 1]
        }
    }
}
