import Testing
@testable import MindfulReport

/// ``XHTMLText`` escapes the five markup characters and drops what XML 1.0 forbids, wherever
/// they stand in the text: first, last, side by side, or between runs left as they are.
@Suite(.tags(.formatting)) struct XHTMLTextTests {
    @Test(arguments: [
        ("", ""),
        ("plain text, é and 中文", "plain text, é and 中文"),
        ("&", "&amp;"),
        ("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"),
        ("<<>>", "&lt;&lt;&gt;&gt;"),
        ("\u{1}start and end\u{1F}", "start and end"),
        ("tab\tline\ncr\r kept", "tab\tline\ncr\r kept"),
        ("x\u{FFFE}y\u{FFFF}z\u{FFFD}", "xyz\u{FFFD}"),
        ("\u{FFFF}", ""),
        ("\u{EFFF}\u{FFEF} stay", "\u{EFFF}\u{FFEF} stay"),
        ("mixed \u{8}& \u{FFFE}<b>", "mixed &amp; &lt;b&gt;"),
    ])
    func escapesMarkupAndDropsForbiddenCharacters(text: String, escaped: String) {
        #expect(XHTMLText.escape(text) == escaped)
        // Appended after what the buffer holds, which stays.
        var out = Array("kept:".utf8)
        XHTMLText.appendEscaped(text, to: &out)
        #expect(out == Array(("kept:" + escaped).utf8))
    }
}
