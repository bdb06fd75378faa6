import Foundation

/// A string key compared and hashed by its exact UTF-8 bytes.
///
/// Swift's `String` equality uses canonical equivalence ("é" precomposed equals "e" + U+0301);
/// ids from the API are opaque, so two ids are the same only when their bytes are.
public struct ExactKey: Hashable, Sendable {
    public let string: String

    /// The key of `string`'s exact UTF-8 bytes.
    public init(_ string: String) {
        var s = string
        s.makeContiguousUTF8()
        self.string = s
    }

    /// Equal when the bytes are equal (no Unicode normalisation).
    public static func == (a: ExactKey, b: ExactKey) -> Bool {
        exactlyEqual(a.string, b.string)
    }

    /// Hashes the bytes `==` compares.
    public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// True when two strings have the same UTF-8 bytes (not merely canonically equivalent), compared
/// with `memcmp` rather than element by element.
@inline(__always)
func exactlyEqual(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { pa in
        b.withUTF8 { pb in
            pa.count == pb.count && (pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0)
        }
    }
}
