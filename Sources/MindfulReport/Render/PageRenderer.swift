import Foundation
import Mustache

/// Renders pages from a ``TemplateSet``. Variables (`{{x}}`) are escaped for XHTML one Unicode
/// scalar at a time, dropping characters XML forbids, whatever the template says.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    private let templateSet: TemplateSet

    /// Compiles the set's templates; a template that does not parse is an error naming it.
    public init(templates set: TemplateSet) throws(RenderError) {
        _ = Self.registerContentType
        var library = MustacheLibrary()
        for (name, source) in set.templates {
            do {
                // Same line, so template line numbers stay as the author wrote them.
                try library.register("{{% CONTENT_TYPE: XHTML}}" + source, named: name)
            } catch {
                throw .badTemplate(origin: set.origins[name] ?? name, underlying: "\(error)")
            }
        }
        self.library = library
        self.templateSet = set
    }

    private static let registerContentType: Void = {
        MustacheContentTypes.register(XHTMLContentType(), named: "XHTML")
    }()

    private struct XHTMLContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { XHTMLText.escape(text) }
    }

    /// Renders one template with a view model.
    public func render(_ template: String, _ model: any MustacheParent) throws(RenderError) -> [UInt8] {
        guard library.getTemplate(named: template) != nil else { throw .missingTemplate(template) }
        guard let text = library.render(model, withTemplate: template) else { throw .missingTemplate(template) }
        return Array(text.utf8)
    }

    /// The assets to copy beside the pages.
    public var assets: [String: [UInt8]] { templateSet.assets }
}

/// What went wrong while making pages.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case templateFolderUnreadable(path: String, underlying: String)
    case badTemplate(origin: String, underlying: String)
    case missingTemplate(String)

    public var description: String {
        switch self {
        case .templateFolderUnreadable(let path, let underlying): return "cannot read templates at \(path): \(underlying)"
        case .badTemplate(let origin, let underlying): return "template \(origin) does not parse: \(underlying)"
        case .missingTemplate(let name): return "no template named \(name).mustache"
        }
    }
}
