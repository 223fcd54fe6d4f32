extension Phrases {
    /// The self-test's screens. Like the customer's screens, each Vietnamese screen needs at
    /// most eight accented letters, so an HD44780 shows them all with their accents.
    static func selfTest(_ screen: SelfTestScreen, _ language: Language) -> [Variants] {
        let vi = language == .vi
        switch screen {
        case .pressButton(let score):
            return vi ? [["Tự kiểm tra"], ["Nhấn nút \(score.value)"]] : [["Self-test"], ["Press button \(score.value)", "Press \(score.value)"]]
        case .wrongButton(let pressed, let line, let wanted):
            let wire = line.isEmpty ? "" : " (\(line))"
            return vi ? [["Đó là nút \(pressed.value)\(wire)", "Đó là nút \(pressed.value)"], ["Cần nút \(wanted.value)"]]
                : [["That was \(pressed.value)\(wire)", "That was \(pressed.value)"], ["Press button \(wanted.value)", "Press \(wanted.value)"]]
        case .staffButton:
            return vi ? [["Nhấn nút nhân viên", "Nút nhân viên"], ["(xong phục vụ)", "xong phục vụ"]]
                : [["Press the staff button", "Staff button"], ["(service ended)", "service ended"]]
        case .led(let score):
            return vi ? [["Tự kiểm tra"], ["Đèn nút \(score.value) sáng", "Đèn \(score.value) sáng"]] : [["Self-test"], ["LED \(score.value) lit"]]
        case .ledsQuestion:
            return vi ? [["Đèn sáng đúng?"], ["5 = Đúng, 1 = Sai", "5=Đúng 1=Sai"]] : [["LEDs right?"], ["5 = yes, 1 = no", "5=yes 1=no"]]
        case .letters(let page):
            // The same letters in both languages: this screen checks the display, not the language.
            return page % 2 == 0 ? [["ă â đ ê ô ơ ư"], ["a a d e o o u"]] : [["á à ả ã ạ"], ["a a a a a"]]
        case .lettersQuestion:
            return vi ? [["Chữ rõ, đủ dấu?"], ["5 = Đúng, 1 = Sai", "5=Đúng 1=Sai"]] : [["Letters right?"], ["5 = yes, 1 = no", "5=yes 1=no"]]
        case .checkingCollector:
            return vi ? [["Kiểm tra mạng"], ["Xin đợi", "Đợi"]] : [["Checking network", "Network check"], ["Please wait"]]
        case .result(let failures):
            if failures == 0 {
                return vi ? [["Tự kiểm tra: ĐẠT", "Kiểm tra: ĐẠT"], ["Mọi thứ tốt"]] : [["Self-test: PASS"], ["All good"]]
            }
            return vi ? [["Tự kiểm tra: LỖI", "Kiểm tra: LỖI"], ["\(failures) mục lỗi"]] : [["Self-test: FAILED", "Self-test: FAIL"], ["\(failures) failed"]]
        }
    }
}
