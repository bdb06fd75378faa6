/// Which call targets a report counts (`targets` in the config file): the records of the others
/// are read (their ids still take part in the duplicate check, so a record's latest copy decides
/// its target) but not counted, and the `ALL` row is the total of the targets kept. Ids match
/// `callTargetId` exactly; the empty id matches records without a call target. Counts of
/// tolerated oddities (fields of the wrong type, skipped elements) stay those of the whole file.
public struct TargetFilter: Sendable, Equatable {
    /// The call target ids counted.
    public let ids: Set<String>

    /// A filter that keeps these call target ids.
    public init(ids: Set<String>) {
        self.ids = ids
    }

    /// Whether records of the call target `id` are counted.
    public func includes(_ id: String) -> Bool { ids.contains(id) }

    /// For each of an hour's distinct call target ids (``HourValues/targets``), whether it is
    /// counted: one set lookup per distinct id, then an array index per record.
    func mask(_ targets: [String]) -> [Bool] { targets.map(includes) }
}
