/// Lays out screen content on a W×H character grid.
///
/// One or two rows show the configured language; three or four rows add the
/// other language below (Vietnamese first by default). Every line is centred;
/// of each line's variants the longest that fits is used.
public struct ScreenComposer: Sendable {
    public var size: GridSize
    public var language: Language
    /// Fold Vietnamese to plain ASCII for displays without those letters.
    public var foldToASCII: Bool

    public init(size: GridSize, language: Language = .vi, foldToASCII: Bool = false) {
        self.size = size
        self.language = language
        self.foldToASCII = foldToASCII
    }

    /// The frame for `content`.
    public func compose(_ content: ScreenContent) -> Frame {
        let primary = Phrases.lines(for: content, in: language)
        let secondaryLanguage: Language = language == .vi ? .en : .vi
        let secondary = Phrases.lines(for: content, in: secondaryLanguage)
        var chosen: [[String]] = Array(primary.prefix(min(size.rows, 2)))
        if size.rows > 2 {
            chosen += Array(secondary.prefix(size.rows - 2))
        }
        let lines = chosen.map { centred(fit($0)) }
        return Frame(size: size, lines: lines)
    }

    private func fit(_ variants: [String]) -> String {
        let texts = foldToASCII ? variants.map(VietnameseFolding.fold) : variants
        return texts.first { $0.count <= size.columns } ?? String((texts.last ?? "").prefix(size.columns))
    }

    private func centred(_ text: String) -> String {
        let padding = max(0, size.columns - text.count) / 2
        return String(repeating: " ", count: padding) + text
    }
}
