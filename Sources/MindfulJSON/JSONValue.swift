/// A JSON value with object members kept in document order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, correctly rounded to a `Double`.
    case number(Double)
    /// A valid JSON number that a `Double` cannot hold: it overflows (`1e400`), or non-zero digits
    /// round to zero (`1e-400`). A record field that is or holds one has the wrong type.
    case numberOutOfRange
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Equal values; numbers compare as doubles.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.numberOutOfRange, .numberOutOfRange): return true
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value }
        default: return false
        }
    }

    /// A short name of the JSON type, for messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number, .numberOutOfRange: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Whether this value is, or holds at any depth, a ``numberOutOfRange``.
    public var holdsNumberOutOfRange: Bool {
        switch self {
        case .numberOutOfRange: return true
        case .null, .bool, .number, .string: return false
        case .array(let items): return items.contains { $0.holdsNumberOutOfRange }
        case .object(let members): return members.contains { $0.value.holdsNumberOutOfRange }
        }
    }

    /// Canonical compact JSON: no whitespace, object keys in code-point order (a repeated key keeps
    /// its last value), strings with the minimal escapes, integral numbers without a fraction. A
    /// ``numberOutOfRange`` is written `null` (the readers never render a value that holds one:
    /// its field reads as null).
    public var compactText: String {
        var out = ""
        appendCompact(to: &out)
        return out
    }

    func appendCompact(to out: inout String) {
        switch self {
        case .null, .numberOutOfRange: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.appendCompact(to: &out)
            }
            out += "]"
        case .object(let members):
            var last: [String: Int] = [:]
            var keys: [String] = []
            for (i, m) in members.enumerated() {
                if last[m.key] == nil { keys.append(m.key) }
                last[m.key] = i
            }
            keys.sort { CodePointOrder.less($0, $1) }
            out += "{"
            for (i, key) in keys.enumerated() {
                if i > 0 { out += "," }
                JSONValue.appendQuoted(key, to: &out)
                out += ":"
                members[last[key]!].value.appendCompact(to: &out)
            }
            out += "}"
        }
    }

    /// How a number is written in compact text and in the report's CSVs: whole values below
    /// 10^15 as integers, others as Swift's shortest round-trip `description`.
    public static func format(_ d: Double) -> String {
        if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Code-point (Unicode scalar value) order of strings, as Python and most databases compare
/// them; Swift's own `<` compares by canonical equivalence instead.
public enum CodePointOrder {
    /// True when `a` sorts before `b` by Unicode code points.
    public static func less(_ a: String, _ b: String) -> Bool {
        // UTF-8 byte order is code-point order.
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
