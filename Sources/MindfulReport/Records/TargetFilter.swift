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
            if var keys = hourRecords.keys {
                // Records whose strings come as keys: the target is in the hour's values.
                let kept = keys.records.indices.filter { targetIds.contains(keys.values.targets[Int(keys.records[$0].target)]) }
                hourRecords.records = kept.map { hourRecords.records[$0] }
                keys.records = kept.map { keys.records[$0] }
                hourRecords.keys = keys
            } else {
                hourRecords.records.removeAll { !targetIds.contains($0.callTargetId ?? "") }
            }
            return .records(hourRecords)
        }
    }
}
