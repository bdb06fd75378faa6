/// The CSV rows of the per-target appendices: one row per counted record, a column per API
/// field in the API's order, then `source_hour` (the UTC hour file the record came from).
public struct AppendixRows: Sendable {
    public let piiMode: PIIMode
    public static let header: [String] = CallRecordField.all.map(\.name) + ["source_hour"]

    /// Appendix rows with phone numbers masked or full.
    public init(piiMode: PIIMode) { self.piiMode = piiMode }

    /// The header row's bytes, with the byte order mark.
    public var headerBytes: [UInt8] {
        CSVTable(header: Self.header).bytes
    }

    /// Every record's row, in file order, through ``append(_:hour:to:)``.
    public func rows(of records: HourRecords, hourLabel label: [UInt8]) -> HourRows {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        bytes.reserveCapacity(records.records.count * 600)
        ends.reserveCapacity(records.records.count)
        records.records.withUnsafeBufferPointer { buffer in
            for i in buffer.indices {
                append(buffer[i], hour: label, to: &bytes)
                ends.append(bytes.count)
            }
        }
        return HourRows(bytes: bytes, ends: ends)
    }

    /// Appends one record's row: the 56 API fields in ``CallRecordField/all`` order, then `hour`
    /// and CRLF. The fast reader writes the same bytes while it decodes (its fused rows); this is
    /// the row of a record decoded any other way.
    public func append(_ r: CallRecord, hour: [UInt8], to out: inout [UInt8]) {
        for field in CallRecordField.all {
            switch r.value(of: field) {
            case nil: break
            case .string(let s)?:
                if piiMode == .masked && (field.name == "ani" || field.name == "phoneNumber") {
                    CSVTable.appendText(PIIMode.mask(s), to: &out)
                } else {
                    CSVTable.appendText(s, to: &out)
                }
            case .number(let d)?: out.append(contentsOf: JSONValue.format(d).utf8)
            case .boolean(let b)?: out.append(contentsOf: (b ? "true" : "false").utf8)
            case .object(let json)?: CSVTable.appendText(json, to: &out)
            }
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: hour)
        out.append(0x0D)
        out.append(0x0A)
    }
}
