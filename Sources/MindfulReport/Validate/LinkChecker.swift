import CLibXML2
import Foundation

/// Finds every link of an XHTML page (`href` and `src` attributes, and the URL of a
/// `<meta http-equiv="refresh">`) with libxml2's tree API, and checks that relative ones name
/// files that exist. The parsed document is freed before returning.
public struct LinkChecker: Sendable {
    /// A link found in a page.
    public struct Link: Sendable, Equatable {
        public let attribute: String
        public let value: String
        public let line: Int
        /// True for a link with a scheme (`https:`, `mailto:`) or starting with `/` or `//`.
        public var isAbsolute: Bool {
            if value.hasPrefix("/") { return true }
            guard let colon = value.firstIndex(of: ":") else { return false }
            let scheme = value[..<colon]
            return !scheme.isEmpty && !scheme.contains("/") && !scheme.contains("?") && !scheme.contains("#")
        }
    }

    /// A link that does not resolve.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let link: Link
        public let reason: String
        public var description: String { "\(file):\(link.line): \(link.attribute)=\"\(link.value)\": \(reason)" }
    }

    /// A checker of the links between a report's files.
    public init() {}

    /// The links of a page, and the `id`s it declares.
    public func links(in bytes: [UInt8], name: String) throws(ValidationFailure) -> (links: [Link], ids: Set<String>) {
        _ = DocumentValidator.setUp
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_DTDLOAD.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32($0.count), name, "UTF-8", options) }
        }
        guard let doc else { throw ValidationFailure(file: name, problems: [.init(line: 0, message: "not well-formed XML")]) }
        defer { xmlFreeDoc(doc) }
        var links: [Link] = [], ids: Set<String> = []
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(doc) { stack.append(root) }
        while let node = stack.popLast() {
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let element = Self.string(node.pointee.name)
            var attributes: [String: String] = [:]
            var attr = node.pointee.properties
            while let a = attr {
                attributes[Self.string(a.pointee.name)] = Self.text(of: a)
                attr = a.pointee.next
            }
            let line = Int(xmlGetLineNo(node))
            for key in ["href", "src"] { if let v = attributes[key] { links.append(Link(attribute: key, value: v, line: line)) } }
            if element == "meta", attributes["http-equiv"]?.lowercased() == "refresh", let content = attributes["content"],
               let range = content.range(of: "url=", options: .caseInsensitive) {
                links.append(Link(attribute: "content", value: String(content[range.upperBound...]).trimmingCharacters(in: .whitespaces), line: line))
            }
            if let id = attributes["id"] { ids.insert(id) }
            var child = node.pointee.last
            while let c = child {
                stack.append(c)
                child = c.pointee.prev
            }
        }
        return (links.sorted { $0.line < $1.line }, ids)
    }

    /// Checks every link of a page on disk: relative links must name an existing file (and an
    /// existing `id` for a fragment of the same page); absolute links are reported as such when
    /// `allowAbsolute` is false.
    public func check(fileAt url: URL, allowAbsolute: Bool = false) throws(ValidationFailure) -> [Problem] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(url.path) } catch {
            throw ValidationFailure(file: url.path, problems: [.init(line: 0, message: "cannot read: \(error)")])
        }
        let (links, ids) = try self.links(in: bytes, name: url.path)
        var problems: [Problem] = []
        let folder = url.deletingLastPathComponent()
        for link in links {
            if link.isAbsolute {
                if !allowAbsolute { problems.append(Problem(file: url.path, link: link, reason: "not a relative link")) }
                continue
            }
            var target = link.value
            var fragment: String?
            if let hash = target.firstIndex(of: "#") {
                fragment = String(target[target.index(after: hash)...])
                target = String(target[..<hash])
            }
            if let q = target.firstIndex(of: "?") { target = String(target[..<q]) }
            if target.isEmpty {
                if let fragment, !fragment.isEmpty, !ids.contains(fragment) {
                    problems.append(Problem(file: url.path, link: link, reason: "no element with id \"\(fragment)\" on the page"))
                }
                continue
            }
            let decoded = target.removingPercentEncoding ?? target
            let resolved = folder.appendingPathComponent(decoded).standardizedFileURL
            var isDir: ObjCBool = false
            if !FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDir) {
                problems.append(Problem(file: url.path, link: link, reason: "\(resolved.path) does not exist"))
            } else if isDir.boolValue && !FileManager.default.fileExists(atPath: resolved.appendingPathComponent("index.html").path) {
                problems.append(Problem(file: url.path, link: link, reason: "\(resolved.path) is a folder without index.html"))
            }
        }
        return problems
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    /// The text of an attribute, from its child text nodes (no allocation).
    private static func text(of attr: xmlAttrPtr) -> String {
        var out = ""
        var child = attr.pointee.children
        while let c = child {
            out += string(c.pointee.content)
            child = c.pointee.next
        }
        return out
    }
}
