import CLibXML2
import Foundation

/// Validates XHTML pages and SVG charts against the DTD their DOCTYPE names, through libxml2,
/// offline: the DTDs resolve through the system XML catalog (Debian's `w3c-sgml-lib`), and
/// `XML_PARSE_NONET` forbids any download.
public struct DocumentValidator: Sendable {
    /// The public identifiers a published file may declare.
    public enum Kind: String, Sendable {
        case xhtml10Strict = "-//W3C//DTD XHTML 1.0 Strict//EN"
        case xhtmlARIA10 = "-//W3C//DTD XHTML+ARIA 1.0//EN"
        case svg11 = "-//W3C//DTD SVG 1.1//EN"
    }

    public init() {}

    /// Checks one document. `name` is used in messages (a path). Throws
    /// ``ValidationFailure`` with every libxml2 message and its line.
    public func validate(_ bytes: [UInt8], name: String, expecting kind: Kind? = nil) throws(ValidationFailure) {
        let problems = Self.parseAndValidate(bytes, name: name)
        if !problems.isEmpty { throw ValidationFailure(file: name, problems: problems) }
        if let kind {
            let head = String(decoding: bytes.prefix(600), as: UTF8.self)
            if !head.contains("PUBLIC \"\(kind.rawValue)\"") {
                throw ValidationFailure(file: name, problems: [.init(line: 1, message: "the DOCTYPE does not declare \(kind.rawValue)")])
            }
        }
    }

    /// Validates many documents on every core (libxml2 keeps its error handler per thread).
    /// Each core loads each DTD once for all its documents, instead of once per document.
    /// Throws the failure of the first invalid document in the order given.
    public func validateAll(_ documents: [(name: String, bytes: [UInt8])]) throws(ValidationFailure) {
        let failures = FailureSlots(count: documents.count)
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, documents.count))
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            Self.withDTDCache { cache in
                for i in stride(from: lane, to: documents.count, by: lanes) {
                    // A quick check against this lane's DTDs; anything it does not pass (or
                    // cannot check) goes through the full parse, which gives the messages.
                    if Self.quickCheck(documents[i].bytes, name: documents[i].name, cache: &cache) { continue }
                    do throws(ValidationFailure) { try validate(documents[i].bytes, name: documents[i].name) } catch { failures.set(i, error) }
                }
            }
        }
        if let first = failures.first { throw first }
    }

    /// The DTDs one thread has loaded, by public identifier; freed when the body returns.
    private static func withDTDCache(_ body: (inout [String: xmlDtdPtr]) -> Void) {
        var cache: [String: xmlDtdPtr] = [:]
        defer { for dtd in cache.values { xmlFreeDtd(dtd) } }
        body(&cache)
    }

    /// True when the document is well-formed without loading its DTD, names one of the DTDs the
    /// catalog has locally, and is valid against it. False means "not shown valid this way".
    private static func quickCheck(_ bytes: [UInt8], name: String, cache: inout [String: xmlDtdPtr]) -> Bool {
        withParsedDocument(bytes, name: name, options: Int32(XML_PARSE_NONET.rawValue)) { doc, collector in
            guard let doc, collector.problems.isEmpty, let subset = doc.pointee.intSubset, let publicID = subset.pointee.ExternalID,
                  let kind = Kind(rawValue: String(cString: publicID)) else { return false }
            let dtd: xmlDtdPtr
            if let cached = cache[kind.rawValue] {
                dtd = cached
            } else {
                // Only a DTD the catalog maps to a local file: never the network.
                guard let resolved = xmlCatalogResolvePublic(publicID) else { return false }
                defer { free(resolved) }  // xmlMalloc is malloc unless an application changes it
                let path = String(cString: resolved)
                guard path.hasPrefix("file:") || path.hasPrefix("/"), let loaded = xmlParseDTD(nil, resolved) else { return false }
                cache[kind.rawValue] = loaded
                dtd = loaded
            }
            guard let validation = xmlNewValidCtxt() else { return false }
            defer { xmlFreeValidCtxt(validation) }
            return xmlValidateDtd(validation, doc, dtd) == 1 && collector.problems.isEmpty
        }
    }

    private final class FailureSlots: @unchecked Sendable {
        private var slots: [ValidationFailure?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ failure: ValidationFailure) { lock.withLock { slots[i] = failure } }
        var first: ValidationFailure? { lock.withLock { slots.lazy.compactMap { $0 }.first } }
    }

    /// Validates a file on disk.
    public func validateFile(at path: String) throws(ValidationFailure) {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch {
            throw ValidationFailure(file: path, problems: [.init(line: 0, message: "cannot read: \(error)")])
        }
        try validate(bytes, name: path)
    }

    private static let setUp: Void = {
        xmlInitParser()
        xmlInitializeCatalog()
    }()

    private final class Collector {
        var problems: [ValidationFailure.Problem] = []
    }

    /// Parses a document with libxml2's errors collected (the handler is per thread and restored
    /// when done) and hands it to `body`; the document is freed when `body` returns.
    private static func withParsedDocument<T>(_ bytes: [UInt8], name: String, options: Int32,
                                              _ body: (xmlDocPtr?, Collector) -> T) -> T {
        _ = setUp
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        xmlSetStructuredErrorFunc(context) { ctx, error in
            guard let ctx, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(ctx).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
            collector.problems.append(.init(line: Int(error.pointee.line), message: message))
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlReadMemory(chars.baseAddress, Int32(chars.count), name, "UTF-8", options)
            }
        }
        defer { if let doc { xmlFreeDoc(doc) } }
        return body(doc, collector)
    }

    private static func parseAndValidate(_ bytes: [UInt8], name: String) -> [ValidationFailure.Problem] {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_DTDLOAD.rawValue | XML_PARSE_DTDVALID.rawValue)
        return withParsedDocument(bytes, name: name, options: options) { doc, collector in
            guard let doc else {
                if collector.problems.isEmpty { collector.problems.append(.init(line: 0, message: "not well-formed XML")) }
                return collector.problems
            }
            if doc.pointee.intSubset == nil && doc.pointee.extSubset == nil {
                collector.problems.append(.init(line: 1, message: "no DOCTYPE: nothing to validate against"))
            }
            return collector.problems
        }
    }
}

/// A document that failed validation: every problem libxml2 reported, with its line.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let message: String
    }
    public let file: String
    public let problems: [Problem]

    /// `file:line: message` for the first problem, and how many more there are.
    public var description: String {
        guard let first = problems.first else { return "\(file): invalid" }
        let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
        return "\(file):\(first.line): \(first.message)\(more)"
    }

    /// Every problem, one `file:line: message` a line.
    public var allLines: [String] { problems.map { "\(file):\($0.line): \($0.message)" } }
}
