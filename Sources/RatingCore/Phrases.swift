/// The texts the terminal shows, in Vietnamese and English.
///
/// Each line is a list of variants, longest first; the composer picks the first
/// that fits the display's width. Only ASCII punctuation is used: the HD44780
/// character ROM has no "…". The Vietnamese variants that fit 16 and 20 columns are
/// chosen so that every screen needs at most eight distinct accented letters: an
/// HD44780 has eight custom glyphs, so they all keep their accents there.
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
        case (.welcome, .vi):
            return [["Xin chào quý khách", "Chào quý khách", "Xin chào"],
                    ["Rất hân hạnh phục vụ", "Hân hạnh phục vụ", "Hân hạnh"]]
        case (.welcome, .en):
            return [["Welcome!", "Welcome"],
                    ["Happy to serve you", "At your service", "Hello"]]
        case (.thanks(let score), .vi):
            let label = scoreLabel(score, .vi)
            return [["Cảm ơn quý khách!", "Cảm ơn quý khách", "Xin cảm ơn!", "Cảm ơn!"],
                    ["Bạn chọn \(score) - \(label)", "\(score) - \(label)", "\(score) \(label)", "Bạn chọn \(score) điểm", "Điểm \(score)/5"]]
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
        case (.followUp(let page), .vi):
            return [["Vì sao quý khách chưa hài lòng?", "Lý do chưa hài lòng?", "Vì sao chưa tốt?", "Lý do?"],
                    reason(page, .vi)]
        case (.followUp(let page), .en):
            return [["Why were you not satisfied?", "What went wrong?", "Why?"],
                    reason(page, .en)]
        case (.selfTest(let screen), _):
            return selfTest(screen, language)
        }
    }

    /// The follow-up reason on `page` (wrapping), numbered by its button.
    static func reason(_ page: Int, _ language: Language) -> Variants {
        let count = FollowUpReason.allCases.count
        let reason = FollowUpReason.allCases[((page % count) + count) % count]
        return reasonLabels(reason, language).map { "\(reason.rawValue) \($0)" }
    }

    /// A reason in words, longest first.
    static func reasonLabels(_ reason: FollowUpReason, _ language: Language) -> Variants {
        switch (reason, language) {
        case (.waitingTime, .vi): return ["Thời gian chờ lâu", "Thời gian chờ", "Chờ lâu"]
        case (.staffAttitude, .vi): return ["Thái độ phục vụ", "Thái độ"]
        case (.procedure, .vi): return ["Thủ tục, giấy tờ", "Thủ tục"]
        case (.facilities, .vi): return ["Cơ sở vật chất"]
        case (.other, .vi): return ["Lý do khác", "Khác"]
        case (.waitingTime, .en): return ["Waiting time", "Waiting"]
        case (.staffAttitude, .en): return ["Staff attitude", "Staff"]
        case (.procedure, .en): return ["Procedure, paperwork", "Procedure"]
        case (.facilities, .en): return ["Facilities"]
        case (.other, .en): return ["Something else", "Other"]
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
