/// The appendices of a report as its hours are counted: each counted record's CSV row goes to
/// `targets/<slug>.csv` of its call target, hour after hour in the order they are merged.
final class AppendixStream {
    /// What turns records into rows, handed to the source with each hour.
    let rows: AppendixRows
    private let writer: ReportWriter
    private let header: [UInt8]
    private var slugs: [String: String] = [:]

    init(writer: ReportWriter, piiMode: PIIMode) {
        self.writer = writer
        rows = AppendixRows(piiMode: piiMode)
        header = rows.headerBytes
    }

    /// Appends an hour's rows, `rows[local]` being those of the call target `targetId(local)`.
    func append(_ rows: [[UInt8]], targetId: (Int) -> String) throws(PublishError) {
        for (local, bytes) in rows.enumerated() where !bytes.isEmpty {
            let id = targetId(local)
            let slug = slugs[id] ?? TargetSlug.slug(forTargetId: id)
            slugs[id] = slug
            try writer.append(bytes, to: "targets/\(slug).csv", header: header)
        }
    }
}
