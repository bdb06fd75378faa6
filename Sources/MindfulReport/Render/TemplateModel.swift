import Mustache

/// A typed model of a template: it answers the template's names from one table a type, so
/// that a lookup is a dictionary access and a call, with no reflection. A name missing from the
/// table, or a field that is nil, answers nil: Mustache then looks the name up in the enclosing
/// section, as it does for a missing key.
public protocol TemplateModel: MustacheParent, Sendable {
    /// The names the template reads, each with how to read it from a value.
    static var templateKeys: [String: @Sendable (Self) -> Any?] { get }
}

extension TemplateModel {
    /// The value the template's `name` stands for, or nil.
    public func child(named name: String) -> Any? {
        Self.templateKeys[name]?(self)
    }
}
