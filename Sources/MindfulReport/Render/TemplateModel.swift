/// A typed model of a template. Its stored properties are the names the template reads (through
/// `Encodable`, into a ``TemplateValue``); a nil optional is left out, so Mustache looks the
/// name up in the enclosing section, as it does for a missing key. Names a model computes rather
/// than stores come from ``DerivedTemplateKeys``.
public protocol TemplateModel: Encodable, Sendable {}
