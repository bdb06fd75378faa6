/// A string key compared and hashed by its exact UTF-8 bytes.
///
/// Swift's `String` equality uses canonical equivalence ("é" precomposed equals "e" + U+0301);
/// ids from the API are opaque, so two ids are the same only when their bytes are.
public struct ExactKey: Hashable, Sendable {
    public let string: String

    public init(_ string: String) {
        var s = string
        s.makeContiguousUTF8()
        self.string = s
    }

    public static func == (a: ExactKey, b: ExactKey) -> Bool {
        a.string.utf8.elementsEqual(b.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
