/// An hour's records with the work that does not depend on other hours already done, so it can
/// run on every core while the aggregator goes through hours in order: the fingerprints of ids
/// and request keys, and every record's appendix row.
public struct PreparedHour: Sendable {
    public let hour: UTCHour
    public let records: HourRecords
    /// Fingerprint of each record's `id` (`nil` for a null id).
    let ids: [Fingerprint?]
    /// Fingerprint of each record's request key (`nil` for a request of its own).
    let requestKeys: [Fingerprint?]
    /// Every record's appendix row, in file order (empty when no appendix is written).
    public let rows: [UInt8]
    /// End offset in `rows` of each record's row.
    public let rowEnds: [Int]

    public init(hour: UTCHour, records: HourRecords, appendix: AppendixRows?) {
        self.hour = hour
        self.records = records
        var ids: [Fingerprint?] = []
        var keys: [Fingerprint?] = []
        ids.reserveCapacity(records.records.count)
        keys.reserveCapacity(records.records.count)
        var rows: [UInt8] = []
        var rowEnds: [Int] = []
        if appendix != nil {
            rows.reserveCapacity(records.records.count * 600)
            rowEnds.reserveCapacity(records.records.count)
        }
        let label = Array(hour.description.utf8)
        records.records.withUnsafeBufferPointer { buffer in
            for i in buffer.indices {
                ids.append(buffer[i].id.map(Fingerprint.init))
                keys.append(MetricsAggregator.requestKey(buffer[i]))
                if let appendix {
                    appendix.append(buffer[i], hour: label, to: &rows)
                    rowEnds.append(rows.count)
                }
            }
        }
        self.ids = ids
        self.requestKeys = keys
        self.rows = rows
        self.rowEnds = rowEnds
    }

    /// The appendix row of record `i`.
    public func row(_ i: Int) -> ArraySlice<UInt8> { rows[(i == 0 ? 0 : rowEnds[i - 1])..<rowEnds[i]] }
}
