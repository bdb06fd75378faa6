import CLibXML2
import CSystemShims
import Synchronization
import Foundation

/// Validates XHTML pages and SVG charts against the DTD their DOCTYPE names, through libxml2,
/// offline: the DTDs are built into the binary (``BuiltInDTDs``, served by libxml2's external
/// entity loader), so no XML catalog, no file and no network is ever used; a DOCTYPE naming any
/// other DTD fails with "unknown DTD".
public struct DocumentValidator: Sendable {
    /// The public identifiers a published file may declare.
    public enum Kind: String, Sendable, CaseIterable {
        case xhtml10Strict = "-//W3C//DTD XHTML 1.0 Strict//EN"
        case xhtmlARIA10 = "-//W3C//DTD XHTML+ARIA 1.0//EN"
        case svg11 = "-//W3C//DTD SVG 1.1//EN"

        /// The DTD's name, such as "XHTML 1.0 Strict".
        public var name: String {
            switch self {
            case .xhtml10Strict: "XHTML 1.0 Strict"
            case .xhtmlARIA10: "XHTML+ARIA 1.0"
            case .svg11: "SVG 1.1"
            }
        }
    }

    /// The DTD a valid document was checked against.
    public struct DTDUsed: Sendable, Equatable, CustomStringConvertible {
        /// The kind its DOCTYPE names, when it is one of ``Kind``.
        public let kind: Kind?
        /// The DOCTYPE's public identifier, else its system identifier; nil when the document
        /// has only an internal subset.
        public let identifier: String?
        /// True when the external DTD came from the built-in set (always, when there is one).
        public let builtIn: Bool

        /// "XHTML 1.0 Strict, built in", or "internal subset only".
        public var description: String {
            guard let identifier else { return "internal subset only" }
            return "\(kind?.name ?? identifier)\(builtIn ? ", built in" : "")"
        }
    }

    /// A validator that serves the built-in DTDs and never reads the network.
    public init() {}

    /// Checks one document. `name` is used in messages (a path). Throws
    /// ``ValidationFailure`` with every libxml2 message and its line; returns the DTD used.
    @discardableResult
    public func validate(_ bytes: [UInt8], name: String, expecting kind: Kind? = nil) throws(ValidationFailure) -> DTDUsed {
        let (problems, used) = Self.parseAndValidate(bytes, name: name)
        if !problems.isEmpty { throw ValidationFailure(file: name, problems: problems) }
        if let kind, used?.kind != kind {
            throw ValidationFailure(file: name, problems: [.init(line: 1, message: "the DOCTYPE does not declare \(kind.rawValue)")])
        }
        guard let used else {
            throw ValidationFailure(file: name, problems: [.init(line: 1, message: "no DOCTYPE: nothing to validate against")])
        }
        return used
    }

    /// Validates many documents, `lanes` tasks at once. Throws the failure of the first invalid
    /// document in the order given.
    public func validateAll(_ documents: [(name: String, bytes: [UInt8])], lanes: Int = Parallelism.cores) async throws(ValidationFailure) {
        let lanes = max(1, min(lanes, documents.count))
        let pool = Lanes()
        var first: (index: Int, failure: ValidationFailure)? = nil
        await boundedMap(Array(0..<lanes), window: lanes, { lane -> (index: Int, failure: ValidationFailure)? in
            let mine = Array(stride(from: lane, to: documents.count, by: lanes))
            return pool.firstFailure(in: mine.map { documents[$0] }).map { (mine[$0.index], $0.failure) }
        }) { (_, failure: (index: Int, failure: ValidationFailure)?) in
            if let failure, failure.index < first?.index ?? .max { first = failure }
            return .continue
        }
        if let first { throw first.failure }
    }

    /// Validation lanes that tasks share: each call takes a lane (the arena its documents are
    /// parsed in) that no other call uses meanwhile, and gives it back. The lanes read the
    /// pool's DTDs, each loaded and readied once for all of them: once readied, validation only
    /// reads a DTD (helgrind finds no race with two threads validating against the same ones).
    /// The lanes and the DTDs are freed with the pool.
    public final class Lanes: Sendable {
        private let idle = Mutex<[Lane]>([])
        private let madeCount = Mutex(0)
        /// The readied DTDs, by built-in file name: each in a slot of its own, loaded under the
        /// slot's lock, so that two DTDs can load at once.
        private let dtds = Mutex<[String: DTDSlot]>([:])

        /// How many lanes the pool has made: no more than the calls that ever ran at once.
        var made: Int { madeCount.withLock { $0 } }

        /// How many DTDs the pool has loaded: each once, whatever the number of lanes.
        var loadedDTDs: Int {
            dtds.withLock { Array($0.values) }.filter { slot in slot.readied.withLock { $0 != nil } }.count
        }

        /// Runs `body` while holding a lane, so that checks made in it take another.
        func holdingALane<T>(_ body: () -> T) -> T { withLane { _ in body() } }

        /// An empty pool; lanes are made as calls need them.
        public init() {}

        /// The pool the report runs of this process share: the lanes and DTDs that one run loads
        /// (the check of the templates before a report, say) serve the next.
        public static let shared = Lanes()

        deinit {
            idle.withLock { lanes in for lane in lanes { lane.free() } }
            dtds.withLock { dtds in
                for slot in dtds.values { slot.readied.withLock { if let dtd = $0 { xmlFreeDtd(dtd.pointer) } } }
            }
        }

        /// The DTD of the built-in `file`, loaded by `load` the first time (under its slot's
        /// lock, so once): nil when it cannot be loaded and readied.
        fileprivate func dtd(_ file: String, load: () -> xmlDtdPtr?) -> xmlDtdPtr? {
            let slot = dtds.withLock { dtds in
                if let slot = dtds[file] { return slot }
                let slot = DTDSlot()
                dtds[file] = slot
                return slot
            }
            return slot.readied.withLock { readied in
                if let readied { return readied.pointer }
                guard let loaded = load() else { return nil }
                readied = ReadiedDTD(pointer: loaded)
                return loaded
            }
        }

        /// Loads and readies the built-in DTD that `publicID` names, unless the pool has it: a
        /// caller that knows which DTDs its documents will need loads them on other cores
        /// meanwhile. A DTD that is not built in, does not load, or loads with any message from
        /// libxml2 is not kept: it is left to the checks, which report it.
        func ready(publicID: String, systemID: String) {
            _ = DocumentValidator.setUp
            guard let entry = BuiltInDTDs.entry(publicID: publicID, systemID: systemID) else { return }
            _ = dtd(entry.file) {
                publicID.withCString { publicID in
                    systemID.withCString { systemID in
                        DocumentValidator.loadReadied(publicID: UnsafeRawPointer(publicID).assumingMemoryBound(to: xmlChar.self),
                                                      systemID: UnsafeRawPointer(systemID).assumingMemoryBound(to: xmlChar.self))
                    }
                }
            }
        }

        /// Validates the documents in order on one lane, without suspending (libxml2 keeps its
        /// error handler per thread). Throws the failure of the first invalid one.
        public func validate(_ documents: [(name: String, bytes: [UInt8])]) throws(ValidationFailure) {
            if let first = firstFailure(in: documents) { throw first.failure }
        }

        /// The first invalid document's index and failure, or nil when all are valid.
        func firstFailure(in documents: [(name: String, bytes: [UInt8])]) -> (index: Int, failure: ValidationFailure)? {
            withLane { lane in Self.firstFailure(in: documents, lane: &lane) }
        }

        /// Runs `body` with a lane no other call uses meanwhile.
        fileprivate func withLane<T>(_ body: (inout Lane) -> T) -> T {
            var lane: Lane
            if let idleLane = idle.withLock({ $0.popLast() }) {
                lane = idleLane
            } else {
                lane = Lane(pool: self)
                madeCount.withLock { $0 += 1 }
            }
            defer { idle.withLock { $0.append(lane) } }
            return body(&lane)
        }

        private static func firstFailure(in documents: [(name: String, bytes: [UInt8])], lane: inout Lane) -> (index: Int, failure: ValidationFailure)? {
            for (index, document) in documents.enumerated() {
                // A quick check against the pool's DTDs; anything it does not pass (or
                // cannot check) goes through the full parse, which gives the messages.
                if DocumentValidator.quickCheck(document.bytes, name: document.name, lane: &lane) { continue }
                do throws(ValidationFailure) { try DocumentValidator().validate(document.bytes, name: document.name) } catch {
                    return (index, error)
                }
            }
            return nil
        }
    }

    /// True when the lanes' own check shows the document valid, without the full parse that
    /// ``validate(_:name:expecting:)`` falls back on; false says nothing either way.
    func passesQuickCheck(_ bytes: [UInt8], name: String, on lanes: Lanes) -> Bool {
        lanes.withLane { lane in Self.quickCheck(bytes, name: name, lane: &lane) }
    }

    /// The place of one built-in DTD in a pool: empty until it is loaded and readied.
    private final class DTDSlot: Sendable {
        let readied = Mutex<ReadiedDTD?>(nil)
    }

    /// The DTD `publicID` and `systemID` name, through the built-in loader like the full parse,
    /// readied by `mindful_report_prepare_dtd`; nil when it cannot be loaded or readied, or when
    /// libxml2 reported anything meanwhile (``keptIfQuiet(_:)``): the checks then load it
    /// themselves and report it. It is loaded outside any arena, whichever one the calling
    /// thread is in, since the pool keeps it after every arena is reset.
    fileprivate static func loadReadied(publicID: UnsafePointer<xmlChar>?, systemID: UnsafePointer<xmlChar>?) -> xmlDtdPtr? {
        let arena = mindful_arena_use(nil)
        defer { _ = mindful_arena_use(arena) }
        return keptIfQuiet {
            guard let loaded = xmlParseDTD(publicID, systemID) else { return nil }
            guard mindful_report_prepare_dtd(loaded) == 1 else {
                xmlFreeDtd(loaded)
                return nil
            }
            return loaded
        }
    }

    /// The DTD `load` makes, when libxml2 reported nothing on this thread while it ran; else nil,
    /// and the DTD is freed. The messages go to no other collector: a DTD that loads with any
    /// message is never kept, whoever asks for it.
    static func keptIfQuiet(_ load: () -> xmlDtdPtr?) -> xmlDtdPtr? {
        withCollectedErrors { collector in
            let loaded = load()
            guard collector.problems.isEmpty else {
                if let loaded { xmlFreeDtd(loaded) }
                return nil
            }
            return loaded
        }
    }

    /// A DTD readied by `mindful_report_prepare_dtd`: from then on validation only reads it, so
    /// the lanes share it.
    fileprivate struct ReadiedDTD: @unchecked Sendable {
        let pointer: xmlDtdPtr
    }

    /// What one lane keeps between its documents: the arena they are parsed and validated in,
    /// and the pool whose DTDs it reads. Only the call that took it from ``Lanes`` uses it, so
    /// it may move between tasks.
    fileprivate struct Lane: @unchecked Sendable {
        unowned let pool: Lanes
        let arena: OpaquePointer?

        init(pool: Lanes) {
            _ = DocumentValidator.setUp
            self.pool = pool
            arena = mindful_arena_create()
        }

        func free() {
            mindful_arena_destroy(arena)
        }
    }

    /// True when the document is well-formed without loading its DTD, names one of the built-in
    /// DTDs, and is valid against it. False means "not shown valid this way".
    ///
    /// The document, its parser and its validation live in the lane's arena: nothing is freed
    /// node by node, the arena is reset when the check is done. Only the pool's DTDs, loaded
    /// outside the arena, outlive it; once readied, validation does not change them.
    private static func quickCheck(_ bytes: [UInt8], name: String, lane: inout Lane) -> Bool {
        _ = setUp
        guard let arena = lane.arena else { return false }
        let outside = mindful_arena_use(arena)
        defer {
            xmlResetLastError()  // its copy of a message lives in the arena
            _ = mindful_arena_use(outside)
            mindful_arena_reset(arena)
        }
        return withCollectedErrors { collector in
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue)
            guard let parser = xmlNewParserCtxt() else { return false }
            let doc = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(parser, chars.baseAddress, Int32(chars.count), name, "UTF-8", options)
                }
            }
            // A DOCTYPE with declarations of its own goes through the full parse, which reads them;
            // internal entities alone (the pages' `lang-for-text-html`) change nothing valid while
            // the document refers to none of them. A document that refers to any entity, declared
            // or not, goes through the full parse too, which expands and checks it.
            guard let doc, collector.problems.isEmpty, let subset = doc.pointee.intSubset, declaresOnlyInternalEntities(subset),
                  !(mayReferToAnEntity(bytes) && refersToAnEntity(doc.pointee.children)),
                  let entry = BuiltInDTDs.entry(publicID: subset.pointee.ExternalID.map { String(cString: $0) },
                                                systemID: subset.pointee.SystemID.map { String(cString: $0) })
            else { return false }
            let dtd = lane.pool.dtd(entry.file) {
                loadReadied(publicID: subset.pointee.ExternalID, systemID: subset.pointee.SystemID)
            }
            guard let dtd else { return false }
            guard collector.problems.isEmpty, let validation = xmlNewValidCtxt() else { return false }
            return mindful_report_validate_dtd(validation, doc, dtd) == 1 && collector.problems.isEmpty
        }
    }

    /// True when an internal subset declares nothing but internal general entities: what
    /// the document may contain is then the external DTD's alone.
    private static func declaresOnlyInternalEntities(_ subset: xmlDtdPtr) -> Bool {
        var node = subset.pointee.children
        while let declaration = node {
            guard declaration.pointee.type == XML_ENTITY_DECL,
                  UnsafeMutableRawPointer(declaration).assumingMemoryBound(to: xmlEntity.self).pointee.etype == XML_INTERNAL_GENERAL_ENTITY
            else { return false }
            node = declaration.pointee.next
        }
        return true
    }

    /// False when the bytes hold no `&` that could begin a reference to a declared entity: every
    /// one is a character reference (`&#`) or one of the five predefined entities, which the
    /// parser turns into text. Then the parsed document has no entity reference node, and the
    /// walk of every node (``refersToAnEntity(_:)``) is not needed. A `&` in a comment or a
    /// CDATA section counts too, which only sends the document on the walk.
    static func mayReferToAnEntity(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return false }
            var i = 0
            // Each `&` is found by `memchr`, many bytes a step: most documents hold none.
            while i < bytes.count, let found = memchr(base + i, Int32(UInt8(ascii: "&")), bytes.count - i) {
                let ampersand = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                let rest = UnsafeBufferPointer(rebasing: bytes[(ampersand + 1)...])
                guard let first = rest.first else { return true }
                guard first == UInt8(ascii: "#") || Self.predefinedEntities.contains(where: { rest.starts(with: $0) }) else { return true }
                i = ampersand + 1
            }
            return false
        }
    }

    /// The five entities XML predefines, each as its reference reads after the `&`.
    private static let predefinedEntities: [[UInt8]] = ["amp;", "lt;", "gt;", "quot;", "apos;"].map { Array($0.utf8) }

    /// True when a node of the list, or of the elements' attributes and children below it, is
    /// an entity reference. The five predefined entities and character references are text by
    /// then, so they are not.
    private static func refersToAnEntity(_ first: xmlNodePtr?) -> Bool {
        var node = first
        while let current = node {
            if current.pointee.type == XML_ENTITY_REF_NODE { return true }
            if current.pointee.type == XML_ELEMENT_NODE {
                var attribute = current.pointee.properties
                while let value = attribute {
                    if refersToAnEntity(value.pointee.children) { return true }
                    attribute = value.pointee.next
                }
                if refersToAnEntity(current.pointee.children) { return true }
            }
            node = current.pointee.next
        }
        return false
    }

    /// Validates a file on disk; returns the DTD used.
    @discardableResult
    public func validateFile(at path: String) throws(ValidationFailure) -> DTDUsed {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch {
            throw ValidationFailure(file: path, problems: [.init(line: 0, message: "cannot read: \(error)")])
        }
        return try validate(bytes, name: path)
    }

    /// libxml2 initialised, allocating through the arena-aware functions of `CSystemShims`
    /// (system memory outside an arena, so the rest of the process sees no change), with the
    /// built-in DTDs as its only source of external entities. Every use of libxml2 here goes
    /// through this first.
    static let setUp: Void = {
        xmlMemSetup(mindful_arena_free, mindful_arena_malloc, mindful_arena_realloc, mindful_arena_strdup)
        xmlInitParser()
        BuiltInDTDs.installed
    }()

    /// The messages libxml2 reported to one ``withCollectedErrors(_:)``.
    final class Collector {
        var problems: [ValidationFailure.Problem] = []
    }

    /// Runs `body` with libxml2's errors on this thread collected (the handler is per thread).
    /// Calls nest: the handler that was there before is put back when `body` returns, so an
    /// enclosing call goes on collecting its own, and none of the inner call's.
    static func withCollectedErrors<T>(_ body: (Collector) -> T) -> T {
        let enclosingHandler = mindful_report_structured_error_handler()
        let enclosingContext = mindful_report_structured_error_context()
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        xmlSetStructuredErrorFunc(context) { ctx, error in
            guard let ctx, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(ctx).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
            collector.problems.append(.init(line: Int(error.pointee.line), message: message))
        }
        defer { xmlSetStructuredErrorFunc(enclosingContext, enclosingHandler) }
        return withExtendedLifetime(collector) { body(collector) }
    }

    /// Parses a document with libxml2's errors collected and hands it to `body`; the document is
    /// freed when `body` returns.
    private static func withParsedDocument<T>(_ bytes: [UInt8], name: String, options: Int32,
                                              _ body: (xmlDocPtr?, Collector) -> T) -> T {
        _ = setUp
        return withCollectedErrors { collector in
            let doc = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlReadMemory(chars.baseAddress, Int32(chars.count), name, "UTF-8", options)
                }
            }
            defer { if let doc { xmlFreeDoc(doc) } }
            return body(doc, collector)
        }
    }

    private static func parseAndValidate(_ bytes: [UInt8], name: String) -> (problems: [ValidationFailure.Problem], used: DTDUsed?) {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_DTDLOAD.rawValue | XML_PARSE_DTDVALID.rawValue)
        return withParsedDocument(bytes, name: name, options: options) { doc, collector in
            guard let doc else {
                if collector.problems.isEmpty { collector.problems.append(.init(line: 0, message: "not well-formed XML")) }
                return (collector.problems, nil)
            }
            guard let subset = doc.pointee.intSubset ?? doc.pointee.extSubset else {
                collector.problems.append(.init(line: 1, message: "no DOCTYPE: nothing to validate against"))
                return (collector.problems, nil)
            }
            let publicID = subset.pointee.ExternalID.map { String(cString: $0) }
            let systemID = subset.pointee.SystemID.map { String(cString: $0) }
            guard let identifier = publicID ?? systemID else {
                return (collector.problems, DTDUsed(kind: nil, identifier: nil, builtIn: false))
            }
            let entry = BuiltInDTDs.entry(publicID: publicID, systemID: systemID)
            return (collector.problems, DTDUsed(kind: entry.flatMap { Kind(rawValue: $0.publicID) }, identifier: identifier, builtIn: entry != nil))
        }
    }
}

/// A document that failed validation: every problem libxml2 reported, with its line.
public struct ValidationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem libxml2 reported.
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
