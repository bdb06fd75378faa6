/// Passes on only the records of some call targets, so a report counts those alone and its
/// `ALL` row is the filtered set. Ids match `callTargetId` exactly; an empty id matches records
/// without a call target. Counts of tolerated oddities stay those of the whole hour file.
public struct TargetFilteredSource: RecordSource {
    public let base: any RecordSource
    public let targetIds: Set<String>

    public init(base: any RecordSource, targetIds: Set<String>) {
        self.base = base
        self.targetIds = targetIds
    }

    public func load(_ hour: UTCHour) async -> HourLoad {
        switch await base.load(hour) {
        case .missing(let reason): return .missing(reason: reason)
        case .records(var hourRecords):
            hourRecords.records.removeAll { !targetIds.contains($0.callTargetId ?? "") }
            return .records(hourRecords)
        }
    }
}
