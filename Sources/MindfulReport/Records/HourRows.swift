/// The appendix rows of an hour's records, in file order: row i is
/// `bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]`.
public struct HourRows: Sendable, Equatable {
    public var bytes: [UInt8]
    public var ends: [Int]

    public init(bytes: [UInt8] = [], ends: [Int] = []) {
        self.bytes = bytes
        self.ends = ends
    }
}
