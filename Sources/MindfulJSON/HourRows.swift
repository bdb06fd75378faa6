/// The appendix rows of an hour's records, in file order: row i is bytes
/// `(i == 0 ? 0 : ends[i-1])..<ends[i]`. The bytes are kept in one allocation that the fast
/// reader hands over as it is (no copy), freed with the last copy of the value.
public struct HourRows: Sendable, Equatable {
    private let storage: RowStorage
    public let ends: [Int]

    /// Rows made elsewhere (the two-step path): `bytes` holds them one after another, and
    /// `ends[i]` is where row `i` ends.
    public init(bytes: [UInt8] = [], ends: [Int] = []) {
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(bytes.count, 1))
        base.initialize(from: bytes, count: bytes.count)
        self.init(adopting: base, count: bytes.count, ends: ends)
    }

    /// Takes ownership of `count` initialised bytes at `base` (allocated with `allocate`).
    init(adopting base: UnsafeMutablePointer<UInt8>, count: Int, ends: [Int]) {
        storage = RowStorage(base: base, count: count)
        self.ends = ends
    }

    /// The number of rows.
    public var count: Int { ends.count }

    /// Every row's bytes, one after another (a copy).
    public var bytes: [UInt8] { Array(buffer) }

    /// The number of bytes of all rows.
    public var byteCount: Int { storage.count }

    /// Calls `body` with every row's bytes, one after another, without copying them.
    public func withBytes<R>(_ body: (Span<UInt8>) throws -> R) rethrows -> R {
        try body(buffer.span)
    }

    /// Appends the bytes of row `i` to `out`.
    public func appendRow(_ i: Int, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range(of: i)]))
    }

    /// The bytes of row `i` (a copy).
    public func row(_ i: Int) -> [UInt8] { Array(buffer[range(of: i)]) }

    /// Where row `i` lies in the bytes.
    public func range(of i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    /// The rows' bytes; valid while `storage` lives (every use keeps `self` alive).
    private var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.base, count: storage.count) }

    /// The same rows: the same ends and the same bytes.
    public static func == (a: HourRows, b: HourRows) -> Bool {
        a.ends == b.ends && a.buffer.elementsEqual(b.buffer)
    }
}

/// One allocation of row bytes, never written after it is made (so it may be shared across
/// threads), freed with its last reference.
private final class RowStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int
    init(base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }
    deinit { base.deallocate() }
}
