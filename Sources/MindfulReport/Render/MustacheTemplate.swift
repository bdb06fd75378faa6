/// A Mustache template, parsed once and rendered many times. It reads the tags of the Mustache
/// specification: `{{name}}` (escaped for XHTML), `{{{name}}}` and `{{& name}}` (as they are),
/// `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}` (sections), `{{> partial}}`, `{{! comment}}`
/// and `{{=<% %>=}}` (new delimiters), with dotted names and `{{.}}`. A tag alone on its line
/// takes the line with it, as the specification says.
public struct MustacheTemplate: Sendable {
    /// A name as the template writes it: `.` or dot-separated names.
    struct Path: Sendable {
        let names: [String]
        var isImplicit: Bool { names.isEmpty }
    }

    enum Node: Sendable {
        case text([UInt8])
        case variable(Path, escaped: Bool)
        case section(Path, [Node], inverted: Bool)
        case partial(String, indentation: [UInt8])
    }

    let nodes: [Node]

    /// The partials the template names, for checking that each exists.
    var partialNames: Set<String> {
        var names = Set<String>()
        func visit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .partial(let name, _): names.insert(name)
                case .section(_, let inner, _): visit(inner)
                case .text, .variable: break
                }
            }
        }
        visit(nodes)
        return names
    }

    /// Parses `source`; a tag that is not closed, a section closed by another name or an empty
    /// name throws ``MustacheSyntaxError`` with its line.
    public init(_ source: String) throws(MustacheSyntaxError) {
        var parser = Parser(bytes: Array(source.utf8))
        nodes = try parser.parseAll()
    }

    /// How deep partials may include partials. A partial may include itself, as a tree is
    /// drawn, but one that does so without end stops here instead of exhausting the stack.
    static let maximumPartialDepth = 64

    /// A partial included ``maximumPartialDepth`` levels deep: the one it would include next.
    struct PartialsTooDeep: Error, Equatable {
        let partial: String
    }

    /// Renders with `value` as the context; `partials` are the templates `{{> name}}` reads.
    func render(_ value: TemplateValue, partials: [String: MustacheTemplate]) throws(PartialsTooDeep) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32_768)
        var stack = [value]
        try Self.render(nodes, stack: &stack, partials: partials, depth: 0, into: &out)
        return out
    }

    private static func render(_ nodes: [Node], stack: inout [TemplateValue], partials: [String: MustacheTemplate],
                               depth: Int, into out: inout [UInt8]) throws(PartialsTooDeep) {
        // Each node is read where it is, not copied out (with a retain and a release of what it
        // holds) as `for node in nodes` would.
        for index in nodes.indices {
            switch nodes[index] {
            case .text(let bytes):
                out += bytes
            case .variable(let path, let escaped):
                switch lookup(path, in: stack) {
                case .text(let text)?:
                    if escaped { XHTMLText.appendEscaped(text, to: &out) } else { out += text.utf8 }
                case .bool(let flag)?:
                    out += (flag ? "true" : "false").utf8
                case .list?, .object?, nil:
                    break
                }
            case .section(let path, let inner, let inverted):
                let value = lookup(path, in: stack)
                if inverted {
                    if value?.isFalsy ?? true { try render(inner, stack: &stack, partials: partials, depth: depth, into: &out) }
                    continue
                }
                switch value {
                case nil, .bool(false)?:
                    break
                case .bool(true)?:
                    try render(inner, stack: &stack, partials: partials, depth: depth, into: &out)
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        try render(inner, stack: &stack, partials: partials, depth: depth, into: &out)
                        stack.removeLast()
                    }
                case .text?, .object?:
                    stack.append(value!)
                    try render(inner, stack: &stack, partials: partials, depth: depth, into: &out)
                    stack.removeLast()
                }
            case .partial(let name, let indentation):
                guard let partial = partials[name] else { continue }
                guard depth < maximumPartialDepth else { throw PartialsTooDeep(partial: name) }
                if indentation.isEmpty {
                    try render(partial.nodes, stack: &stack, partials: partials, depth: depth + 1, into: &out)
                } else {
                    var inner: [UInt8] = []
                    try render(partial.nodes, stack: &stack, partials: partials, depth: depth + 1, into: &inner)
                    indent(inner, by: indentation, into: &out)
                }
            }
        }
    }

    /// `{{.}}` is the innermost value; otherwise the first name is looked up from the innermost
    /// section outwards and each further name inside what was found.
    private static func lookup(_ path: Path, in stack: [TemplateValue]) -> TemplateValue? {
        guard !path.names.isEmpty else { return stack.last }
        var found: TemplateValue? = nil
        var index = stack.count - 1
        while index >= 0 {
            if let member = stack[index].member(path.names[0]) { found = member; break }
            index -= 1
        }
        for n in path.names.indices.dropFirst() { found = found?.member(path.names[n]) }
        return found
    }

    /// Each line of a standalone partial's output starts with the tag's indentation.
    private static func indent(_ text: [UInt8], by indentation: [UInt8], into out: inout [UInt8]) {
        var atLineStart = true
        for byte in text {
            if atLineStart { out += indentation }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
    }
}

/// A template that does not parse: the line and what is wrong.
public struct MustacheSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the tag at fault.
    public let line: Int
    /// What is wrong, in words.
    public let message: String

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}

extension MustacheTemplate {
    /// Reads template bytes into nodes, one tag at a time.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var open: [UInt8] = Array("{{".utf8)
        var close: [UInt8] = Array("}}".utf8)
        /// How far ``lineNumber(at:)`` has counted, and the line ends before that.
        private var countedTo = 0, linesBefore = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// An open section: its path, the nodes before it and the line it opened on.
        private struct OpenSection {
            let path: Path, name: String, inverted: Bool, line: Int
            let outer: [Node]
        }

        mutating func parseAll() throws(MustacheSyntaxError) -> [Node] {
            var nodes: [Node] = []
            var sections: [OpenSection] = []
            var text: [UInt8] = []
            func flush(_ text: inout [UInt8], into nodes: inout [Node]) {
                if !text.isEmpty { nodes.append(.text(text)); text = [] }
            }
            while position < bytes.count {
                guard let tagStart = find(open, from: position) else {
                    text += bytes[position...]
                    position = bytes.count
                    break
                }
                text += bytes[position..<tagStart]
                let line = lineNumber(at: tagStart)
                var cursor = tagStart + open.count
                guard cursor < bytes.count else { throw MustacheSyntaxError(line: line, message: "a tag is not closed") }
                let sigil = bytes[cursor]
                var closing = close
                let kind: UInt8?
                switch sigil {
                case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "!"),
                     UInt8(ascii: "&"), UInt8(ascii: "="):
                    kind = sigil; cursor += 1
                case UInt8(ascii: "{"):
                    kind = sigil; cursor += 1; closing = [UInt8(ascii: "}")] + close
                default:
                    kind = nil
                }
                guard let contentEnd = find(closing, from: cursor) else {
                    throw MustacheSyntaxError(line: line, message: "a tag is not closed (no \(String(decoding: closing, as: UTF8.self)))")
                }
                var content = String(decoding: bytes[cursor..<contentEnd], as: UTF8.self)
                let tagEnd = contentEnd + closing.count
                position = tagEnd

                // A section, closing, partial, comment or delimiter tag alone on its line takes
                // the line's indentation and end with it.
                let mayStandAlone = kind != nil && kind != UInt8(ascii: "&") && kind != UInt8(ascii: "{")
                var indentation: [UInt8] = []
                if mayStandAlone, let (lineStart, lineEnd) = standaloneLine(tagStart: tagStart, tagEnd: tagEnd) {
                    indentation = Array(bytes[lineStart..<tagStart])
                    text.removeLast(tagStart - lineStart)
                    position = lineEnd
                }
                flush(&text, into: &nodes)

                if kind == UInt8(ascii: "=") {
                    guard content.hasSuffix("=") else { throw MustacheSyntaxError(line: line, message: "a delimiter tag must end with =") }
                    content.removeLast()
                    let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
                        throw MustacheSyntaxError(line: line, message: "a delimiter tag needs two delimiters, such as {{=<% %>=}}")
                    }
                    open = Array(parts[0].utf8)
                    close = Array(parts[1].utf8)
                    continue
                }
                if kind == UInt8(ascii: "!") { continue }
                let name = content.trimmingSpaces
                guard !name.isEmpty else { throw MustacheSyntaxError(line: line, message: "a tag has no name") }
                let path = try Self.path(name, line: line)
                switch kind {
                case UInt8(ascii: "#"), UInt8(ascii: "^"):
                    sections.append(OpenSection(path: path, name: name, inverted: kind == UInt8(ascii: "^"), line: line, outer: nodes))
                    nodes = []
                case UInt8(ascii: "/"):
                    guard let section = sections.popLast() else {
                        throw MustacheSyntaxError(line: line, message: "{{/\(name)}} closes no section")
                    }
                    guard section.name == name else {
                        throw MustacheSyntaxError(line: line, message: "{{/\(name)}} closes {{#\(section.name)}} of line \(section.line)")
                    }
                    let inner = nodes
                    nodes = section.outer
                    nodes.append(.section(section.path, inner, inverted: section.inverted))
                case UInt8(ascii: ">"):
                    nodes.append(.partial(name, indentation: indentation))
                case UInt8(ascii: "&"), UInt8(ascii: "{"):
                    nodes.append(.variable(path, escaped: false))
                default:
                    nodes.append(.variable(path, escaped: true))
                }
            }
            flush(&text, into: &nodes)
            if let section = sections.last {
                throw MustacheSyntaxError(line: section.line, message: "{{#\(section.name)}} is never closed")
            }
            return nodes
        }

        private static func path(_ name: String, line: Int) throws(MustacheSyntaxError) -> Path {
            if name == "." { return Path(names: []) }
            if let first = name.first, "<$%*".contains(first) {
                throw MustacheSyntaxError(line: line, message: "{{\(first)…}} tags (inheritance, pragmas, dynamic names) are not supported")
            }
            if name.contains(where: { $0 == "(" || $0 == ")" || $0 == " " || $0 == "\t" || $0 == "\n" }) {
                throw MustacheSyntaxError(line: line, message: "\"\(name)\" is not a name (transforms such as f(x) are not supported)")
            }
            let names = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !names.contains(where: \.isEmpty) else { throw MustacheSyntaxError(line: line, message: "\"\(name)\" is not a name") }
            return Path(names: names)
        }

        /// The start of the tag's line and the start of the next one, when the rest of the line
        /// around the tag is spaces and tabs.
        private func standaloneLine(tagStart: Int, tagEnd: Int) -> (Int, Int)? {
            var lineStart = tagStart
            while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") {
                guard bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") else { return nil }
                lineStart -= 1
            }
            var lineEnd = tagEnd
            while lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: " ") || bytes[lineEnd] == UInt8(ascii: "\t") { lineEnd += 1 }
            if lineEnd == bytes.count { return (lineStart, lineEnd) }
            if bytes[lineEnd] == UInt8(ascii: "\n") { return (lineStart, lineEnd + 1) }
            if bytes[lineEnd] == UInt8(ascii: "\r"), lineEnd + 1 < bytes.count, bytes[lineEnd + 1] == UInt8(ascii: "\n") {
                return (lineStart, lineEnd + 2)
            }
            return nil
        }

        private func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard let first = needle.first, needle.count <= bytes.count else { return nil }
            var i = start
            let last = bytes.count - needle.count
            while i <= last {
                if bytes[i] == first {
                    var j = 1
                    while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }

        /// The line of `offset`, counting on from the last offset asked for (tags come in order,
        /// so the template is counted once in all).
        private mutating func lineNumber(at offset: Int) -> Int {
            while countedTo < offset {
                if bytes[countedTo] == UInt8(ascii: "\n") { linesBefore += 1 }
                countedTo += 1
            }
            return linesBefore + 1
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line ends.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
