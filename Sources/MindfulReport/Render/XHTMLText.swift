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
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` to `out` as UTF-8, escaped as ``escape(_:)`` does. In valid UTF-8 the
    /// forbidden characters are the C0 controls other than tab, LF and CR (one byte each) and
    /// U+FFFE and U+FFFF (EF BF BE, EF BF BF); every other scalar is allowed.
    public static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // Bytes that stay as they are go out in runs, one append per run.
            var run = 0, i = 0
            func flush() { if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) } }
            while i < bytes.count {
                let byte = bytes[i]
                let replacement: StaticString
                var skip = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                case 0x9, 0xA, 0xD: i += 1; continue
                case 0..<0x20: replacement = ""
                case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF):
                    replacement = ""
                    skip = 3
                default: i += 1; continue
                }
                flush()
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                i += skip
                run = i
            }
            flush()
        }
    }

    /// Wraps text from records in Unicode isolates (FSI … PDI) so right-to-left names do not
    /// reorder the text around them; XHTML 1.0 has no `<bdi>`.
    public static func isolated(_ text: String) -> String {
        "\u{2068}" + clean(text) + "\u{2069}"
    }
}
