import Foundation

/// The Mustache templates and assets of the pages: those bundled into the binary from
/// `Templates/`, each replaceable by a file of the same name in a user's folder.
public struct TemplateSet: Sendable {
    /// Template name (file name without `.mustache`) to source text.
    public let templates: [String: String]
    /// Asset file name (such as `report.css`) to bytes, copied into the report as they are.
    public let assets: [String: [UInt8]]
    /// Where each template came from, for messages.
    public let origins: [String: String]

    /// The templates compiled into the binary.
    public static let bundled: TemplateSet = {
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        let templates: [String: String] = [
            "head": text(PackageResources.head_mustache),
            "headline": text(PackageResources.headline_mustache),
            "goals": text(PackageResources.goals_mustache),
            "completeness": text(PackageResources.completeness_mustache),
            "outcomes": text(PackageResources.outcomes_mustache),
            "insights": text(PackageResources.insights_mustache),
            "footer": text(PackageResources.footer_mustache),
            "index": text(PackageResources.index_mustache),
            "target": text(PackageResources.target_mustache),
            "archive": text(PackageResources.archive_mustache),
            "latest": text(PackageResources.latest_mustache),
            "email": text(PackageResources.email_mustache),
        ]
        return TemplateSet(templates: templates, assets: ["report.css": PackageResources.report_css],
                           origins: Dictionary(uniqueKeysWithValues: templates.keys.map { ($0, "built-in \($0).mustache") }))
    }()

    /// A set of templates and assets; `origins` names where each template came from, for messages.
    public init(templates: [String: String], assets: [String: [UInt8]], origins: [String: String]) {
        self.templates = templates
        self.assets = assets
        self.origins = origins
    }

    /// The bundled set with every `NAME.mustache` and asset found in `directory` taking the
    /// place of the bundled one of that name.
    public static func overriding(with directory: URL) throws(RenderError) -> TemplateSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .templateFolderUnreadable(path: directory.path, underlying: "\(error)")
        }
        var templates = bundled.templates, assets = bundled.assets, origins = bundled.origins
        for name in names.sorted() {
            let url = directory.appendingPathComponent(name)
            if name.hasSuffix(".mustache") {
                let key = String(name.dropLast(".mustache".count))
                do {
                    templates[key] = String(decoding: try FileBytes.read(url.path), as: UTF8.self)
                } catch {
                    throw .templateFolderUnreadable(path: url.path, underlying: "\(error)")
                }
                origins[key] = url.path
            } else if bundled.assets[name] != nil {
                do { assets[name] = try FileBytes.read(url.path) } catch {
                    throw .templateFolderUnreadable(path: url.path, underlying: "\(error)")
                }
            }
        }
        return TemplateSet(templates: templates, assets: assets, origins: origins)
    }
}
