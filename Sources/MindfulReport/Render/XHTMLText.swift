/// Text made safe for XHTML: characters that XML 1.0 forbids are dropped, and markup characters
/// are escaped one Unicode scalar at a time (escaping by `Character` would miss a `<` that a
/// combining mark joins into one grapheme).
public enum XHTMLText {
    /// True for characters XML 1.0 allows: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
    /// [#x10000-#x10FFFF].
    public static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Drops the characters XML 1.0 forbids.
    public static func clean(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(isAllowed) { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars where isAllowed(s) { out.append(s) }
        return String(out)
    }

    /// Escapes `& < > " '` and drops forbidden characters.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars where isAllowed(s) {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// Wraps text from records in Unicode isolates (FSI … PDI) so right-to-left names do not
    /// reorder the text around them; XHTML 1.0 has no `<bdi>`.
    public static func isolated(_ text: String) -> String {
        "\u{2068}" + clean(text) + "\u{2069}"
    }
}
