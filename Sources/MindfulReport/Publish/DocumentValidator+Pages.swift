extension DocumentValidator {
    /// The DTDs a page or email may declare (SPEC §5): the built-in templates use XHTML+ARIA 1.0;
    /// a user's template may keep XHTML 1.0 Strict.
    static let pageKinds: [Kind] = [.xhtmlARIA10, .xhtml10Strict]

    /// Validates a page against the DTD its DOCTYPE names, which must be one of ``pageKinds``.
    func validatePage(_ bytes: [UInt8], name: String) throws(ValidationFailure) {
        try validate(bytes, name: name)
        let head = String(decoding: bytes.prefix(600), as: UTF8.self)
        guard Self.pageKinds.contains(where: { head.contains("PUBLIC \"\($0.rawValue)\"") }) else {
            throw ValidationFailure(file: name, problems: [.init(line: 1, message: "the DOCTYPE declares neither "
                + Self.pageKinds.map(\.rawValue).joined(separator: " nor "))])
        }
    }
}
