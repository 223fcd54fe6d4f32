/// Folds Vietnamese text to plain ASCII for displays without those letters.
///
/// "Cảm ơn quý khách!" becomes "Cam on quy khach!". Precomposed letters (NFC)
/// are mapped by table; combining marks (NFD input) are dropped; đ/Đ become d/D.
/// Everything else is left as it is.
public enum VietnameseFolding {
    /// The folded text.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let base = table[scalar] {
                out.append(base)
            } else if (0x0300...0x036F).contains(scalar.value) {
                continue // a combining diacritic of decomposed input: the base letter came before it
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Every precomposed Vietnamese letter, grouped by its ASCII base letter.
    static let letters: [(base: Character, forms: String)] = [
        ("a", "àáảãạăằắẳẵặâầấẩẫậ"), ("A", "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"),
        ("e", "èéẻẽẹêềếểễệ"), ("E", "ÈÉẺẼẸÊỀẾỂỄỆ"),
        ("i", "ìíỉĩị"), ("I", "ÌÍỈĨỊ"),
        ("o", "òóỏõọôồốổỗộơờớởỡợ"), ("O", "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"),
        ("u", "ùúủũụưừứửữự"), ("U", "ÙÚỦŨỤƯỪỨỬỮỰ"),
        ("y", "ỳýỷỹỵ"), ("Y", "ỲÝỶỸỴ"),
        ("d", "đ"), ("D", "Đ"),
    ]

    private static let table: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (base, forms) in letters {
            guard let baseScalar = base.unicodeScalars.first else { continue }
            for scalar in forms.unicodeScalars { table[scalar] = baseScalar }
        }
        return table
    }()
}
