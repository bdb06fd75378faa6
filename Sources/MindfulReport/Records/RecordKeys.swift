/// What the metrics need of a record's three long strings, `originalId`, `id` and `source`:
/// its request key and its channel. The fused reader works them out from the bytes, so it never
/// makes those `String`s; for whole records they are worked out from the fields.
public struct RecordKeys: Sendable, Equatable {
    /// The ``Fingerprint`` value of the request key: `originalId` when non-empty, else `id`
    /// when non-empty; 0 when neither (a request of its own).
    public var request: UInt64
    /// The channel of `source` (``Dimension/channelCode(utf8:)``: 0 widget, 1 phone, 2 other).
    public var channel: Int32

    public init(request: UInt64, channel: Int32) {
        self.request = request
        self.channel = channel
    }

    /// The keys of a whole record.
    public init(_ r: borrowing CallRecord) {
        request = MetricsAggregator.requestKey(r)?.value ?? 0
        channel = DimensionTables.channelCode(r.source)
    }
}
