import CLibXML2

/// The W3C DTDs built into the binary (XHTML 1.0 Strict with its entity sets, XHTML+ARIA 1.0
/// with the XHTML 1.1 modules it uses, SVG 1.1 with its modules: the files in `DTDs/`, copied
/// byte for byte from Debian's `w3c-sgml-lib` by `scripts/import-dtds` and embedded in the code
/// by SwiftPM as `PackageResources`, so no bundle is looked for at run time),
/// and the libxml2 external entity loader that serves them by public identifier, else by system
/// identifier. Nothing else is ever loaded: no XML catalog, no file, no network. An entity that
/// is not built in fails to load with an "unknown DTD" error.
///
/// Copyright © 1994-2011 World Wide Web Consortium (Massachusetts Institute of Technology,
/// European Research Consortium for Informatics and Mathematics, Keio University). All Rights
/// Reserved. http://www.w3.org/Consortium/Legal/ — used under the W3C Software Notice and
/// License, whose full text is in `LICENSES/W3C-DTDs.txt` (and the Debian package's `copyright`).
enum BuiltInDTDs {
    /// One built-in file and the identifiers that name it.
    struct Entry: Sendable {
        /// The file's name.
        let file: String
        /// Where the file came from in `w3c-sgml-lib` (`/usr/share/xml/w3c-sgml-lib/schema/dtd/`).
        let source: String
        let publicID: String
        /// The system identifiers (URLs) Debian's catalog maps to this file.
        let systemIDs: [String]
        /// The file, byte for byte (ASCII).
        let text: [UInt8]
    }

    /// The W3C licence notice, one line, for version texts.
    static let notice = "Built-in W3C DTDs (XHTML 1.0 Strict, XHTML+ARIA 1.0, SVG 1.1): Copyright © 1994-2011 World Wide Web Consortium (MIT, ERCIM, Keio), All Rights Reserved; W3C Software Notice and License, http://www.w3.org/Consortium/Legal/"

    private static let byPublicID: [String: Int] = Dictionary(entries.enumerated().map { ($0.element.publicID, $0.offset) }) { first, _ in first }
    private static let bySystemID: [String: Int] = Dictionary(entries.enumerated().flatMap { item in item.element.systemIDs.map { ($0, item.offset) } }) { first, _ in first }

    /// The entry a public identifier names, else the one a system identifier names. A public
    /// identifier that is not built in is not looked up by its system identifier: it names a
    /// DTD that is not built in, whatever its URL says.
    static func entry(publicID: String?, systemID: String?) -> Entry? {
        if let publicID, !publicID.isEmpty { return byPublicID[publicID].map { entries[$0] } }
        if let systemID { return bySystemID[systemID].map { entries[$0] } }
        return nil
    }

    /// Makes `loader` libxml2's external entity loader for the whole process (once).
    static let installed: Void = {
        xmlSetExternalEntityLoader(loader)
        // Belt and braces: even a caller of libxml2's default loader would not read a catalog.
        xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE)
    }()

    /// libxml2's external entity loader: a copy of the built-in file as a parser input, or NULL
    /// with an "unknown DTD" error for anything else.
    private static let loader: xmlExternalEntityLoader = { url, publicID, context in
        let publicText = publicID.map { String(cString: $0) }
        let systemText = url.map { String(cString: $0) }
        guard let entry = entry(publicID: publicText, systemID: systemText) else {
            var names: [String] = []
            if let publicText { names.append("PUBLIC \"\(publicText)\"") }
            if let systemText { names.append("SYSTEM \"\(systemText)\"") }
            let message = "unknown DTD \(names.isEmpty ? "(no identifier)" : names.joined(separator: " ")): "
                + "not one of the built-in DTDs (XHTML 1.0 Strict, XHTML+ARIA 1.0, SVG 1.1 and their modules); nothing is loaded from files or the network"
            mindful_report_loader_error(context, message)
            return nil
        }
        let name = systemText ?? entry.systemIDs.first ?? entry.file
        return entry.text.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                mindful_report_input_from_memory(context, chars.baseAddress, Int32(chars.count), name)
            }
        }
    }
}
