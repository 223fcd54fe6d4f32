import RatingCore
import Testing

struct ScreenComposerTests {
    static let sizes = [GridSize(columns: 16, rows: 2), GridSize(columns: 20, rows: 2), GridSize(columns: 20, rows: 4)]
    static let contents: [ScreenContent] = [.idle, .welcome, .storeProblem] + Score.all.map { .thanks($0) } + (0..<5).map { .followUp(page: $0) }
        + selfTestScreens.map { .selfTest($0) }
    static let selfTestScreens: [SelfTestScreen] = Score.all.flatMap { score in
        [.pressButton(score), .led(score), .wrongButton(pressed: score, line: "GPIO13", wanted: Score.all[0])]
    } + [.staffButton, .ledsQuestion, .letters(page: 0), .letters(page: 1), .lettersQuestion, .checkingCollector, .result(failures: 0), .result(failures: 3)]

    @Test(arguments: sizes)
    func everyScreenFitsTheGridExactly(size: GridSize) {
        for language in Language.allCases {
            for fold in [false, true] {
                let composer = ScreenComposer(size: size, language: language, foldToASCII: fold)
                for content in Self.contents {
                    let frame = composer.compose(content)
                    #expect(frame.rows.count == size.rows)
                    #expect(frame.rows.allSatisfy { $0.count == size.columns }, "\(content) on \(size)")
                    #expect(frame.lines.contains { !$0.trimmingSpaces.isEmpty }, "\(content) on \(size) is blank")
                }
            }
        }
    }

    @Test func vietnameseFirstThenEnglishOnFourRows() throws {
        let frame = ScreenComposer(size: GridSize(columns: 20, rows: 4)).compose(.thanks(try #require(Score(5))))
        #expect(frame.lines.map(\.trimmingSpaces) == ["Cảm ơn quý khách!", "5 - Rất hài lòng", "Thank you!", "5 - Very satisfied"])
    }

    @Test func sixteenColumnsPickShorterVariantsAndFold() throws {
        let composer = ScreenComposer(size: GridSize(columns: 16, rows: 2), language: .vi, foldToASCII: true)
        #expect(composer.compose(.idle).lines.map(\.trimmingSpaces) == ["Xin moi danh gia", "1 te ... 5 tot"])
        #expect(composer.compose(.thanks(try #require(Score(1)))).lines.map(\.trimmingSpaces) == ["Cam on quy khach", "Ban chon 1 diem"])
    }

    /// An HD44780 has eight custom glyphs: a Vietnamese screen that needs more loses accents.
    @Test(arguments: [GridSize(columns: 16, rows: 2), GridSize(columns: 20, rows: 2)])
    func everyVietnameseScreenNeedsAtMostEightAccentedLetters(size: GridSize) {
        for content in Self.contents {
            let frame = ScreenComposer(size: size, language: .vi).compose(content)
            let accented = Set(frame.rows.joined().filter { !$0.isASCII })
            #expect(accented.count <= 8, "\(content) on \(size): \(frame.lines) needs \(accented.count)")
        }
    }

    @Test func theThankYouReadsInFullOnSixteenColumns() throws {
        let composer = ScreenComposer(size: GridSize(columns: 16, rows: 2), language: .vi)
        #expect(composer.compose(.thanks(try #require(Score(5)))).lines == ["Cảm ơn quý khách", "5 - Rất hài lòng"])
    }

    @Test func theFollowUpScrollsThroughTheFiveReasonsAndWraps() {
        let composer = ScreenComposer(size: GridSize(columns: 16, rows: 2), language: .vi)
        let reasons = (0..<6).map { composer.compose(.followUp(page: $0)).lines[1].trimmingSpaces }
        #expect(reasons == ["1 Thời gian chờ", "2 Thái độ", "3 Thủ tục", "4 Cơ sở vật chất", "5 Lý do khác", "1 Thời gian chờ"])
        #expect(composer.compose(.followUp(page: 0)).lines[0] == "Vì sao chưa tốt?")
    }

    @Test func englishWhenConfigured() {
        let frame = ScreenComposer(size: GridSize(columns: 20, rows: 2), language: .en).compose(.idle)
        #expect(frame.lines.map(\.trimmingSpaces) == ["Please rate us", "1 bad ... 5 good"])
    }

    @Test func gridSizesParse() {
        #expect(GridSize(parsing: "16x2") == GridSize(columns: 16, rows: 2))
        #expect(GridSize(parsing: "20X4") == GridSize(columns: 20, rows: 4))
        #expect(GridSize(parsing: "16") == nil)
        #expect(GridSize(parsing: "100x2") == nil)
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

/// Counter mode's greeting when no window is open: it must not invite a press.
struct WelcomeScreenTests {
    @Test func theGreetingDoesNotAskForARating() {
        for size in ScreenComposerTests.sizes {
            for language in Language.allCases {
                let text = ScreenComposer(size: size, language: language, foldToASCII: true).compose(.welcome).lines.joined(separator: " ")
                #expect(!text.contains("danh gia") && !text.lowercased().contains("rate") && !text.contains("1"), "\(size) \(language): \(text)")
            }
        }
        #expect(ScreenComposer(size: GridSize(columns: 16, rows: 2)).compose(.welcome).lines.map(\.trimmingSpaces)
                == ["Chào quý khách", "Hân hạnh phục vụ"])
    }
}
