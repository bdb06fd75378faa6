/// Renders pages from a ``TemplateSet``. Variables (`{{x}}`) are escaped for XHTML one Unicode
/// scalar at a time, dropping characters XML forbids, whatever the template says.
public struct PageRenderer: Sendable {
    private let compiled: [String: MustacheTemplate]
    private let templateSet: TemplateSet

    /// Compiles the set's templates; a template that does not parse, or names a partial the set
    /// does not have, is an error naming it.
    public init(templates set: TemplateSet) throws(RenderError) {
        var compiled: [String: MustacheTemplate] = [:]
        for (name, source) in set.templates {
            do {
                compiled[name] = try MustacheTemplate(source)
            } catch {
                throw .badTemplate(origin: set.origins[name] ?? name, underlying: error.description)
            }
        }
        for (name, template) in compiled {
            if let missing = template.partialNames.subtracting(compiled.keys).sorted().first {
                throw .missingPartial(origin: set.origins[name] ?? name, partial: missing)
            }
        }
        self.compiled = compiled
        self.templateSet = set
    }

    /// Renders one template with a view model.
    public func render(_ template: String, _ model: some TemplateModel) throws(RenderError) -> [UInt8] {
        guard let compiled = compiled[template] else { throw .missingTemplate(template) }
        let value: TemplateValue
        do { value = try TemplateValue(encoding: model) } catch {
            throw .badModel(template: template, underlying: "\(error)")
        }
        do { return try compiled.render(value, partials: self.compiled) } catch {
            throw .partialsTooDeep(template: templateSet.origins[template] ?? template, partial: error.partial)
        }
    }

    /// The assets to copy beside the pages.
    public var assets: [String: [UInt8]] { templateSet.assets }
}

/// What went wrong while making pages.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case templateFolderUnreadable(path: String, underlying: String)
    case badTemplate(origin: String, underlying: String)
    case missingTemplate(String)
    /// A template includes a partial (`{{> name}}`) that no template of the set is.
    case missingPartial(origin: String, partial: String)
    /// A view model that could not be turned into template values.
    case badModel(template: String, underlying: String)
    /// Partials included one inside another beyond ``MustacheTemplate/maximumPartialDepth``
    /// levels, as when a partial includes itself unconditionally.
    case partialsTooDeep(template: String, partial: String)

    public var description: String {
        switch self {
        case .templateFolderUnreadable(let path, let underlying): return "cannot read templates at \(path): \(underlying)"
        case .badTemplate(let origin, let underlying): return "template \(origin) does not parse: \(underlying)"
        case .missingTemplate(let name): return "no template named \(name).mustache"
        case .missingPartial(let origin, let partial): return "template \(origin) includes {{> \(partial)}}, and there is no \(partial).mustache"
        case .badModel(let template, let underlying): return "cannot make the values of \(template).mustache: \(underlying)"
        case .partialsTooDeep(let template, let partial):
            return "template \(template) includes partials more than \(MustacheTemplate.maximumPartialDepth) levels deep, down to {{> \(partial)}}: does a partial include itself without a section that ends?"
        }
    }
}
