/// Where the pipeline gets an hour's records: the cache on disk, or the API through the cache.
public protocol RecordSource: Sendable {
    /// Gets ready to serve these hours (the API source fetches what the cache lacks). Called
    /// once per range before any ``load(_:)``; a failure stops the run.
    func prepare(_ hours: [UTCHour]) async throws(FetchError)
    /// The records of an hour, or why it is missing. Never reads a missing hour as empty.
    func load(_ hour: UTCHour) async -> HourLoad
}

extension RecordSource {
    public func prepare(_ hours: [UTCHour]) async throws(FetchError) {}
}

/// An hour's records, or why there are none to read.
public enum HourLoad: Sendable {
    case records(HourRecords)
    case missing(reason: String)
}

/// Reads hours from an ``HourCache`` without ever touching the network or changing the cache.
public struct CacheRecordSource: RecordSource {
    public let cache: HourCache
    public let decoder: any HourDecoder

    public init(cache: HourCache, decoder: any HourDecoder = HourDecoders.standard) {
        self.cache = cache
        self.decoder = decoder
    }

    public func load(_ hour: UTCHour) async -> HourLoad { loadNow(hour) }

    /// The synchronous read behind ``load(_:)``.
    public func loadNow(_ hour: UTCHour) -> HourLoad {
        let bytes: [UInt8]?
        do { bytes = try cache.read(hour) } catch { return .missing(reason: "\(error)") }
        guard let bytes else { return .missing(reason: "not in the cache (\(cache.fileURL(for: hour).lastPathComponent) under \(hour.path(labels: cache.labels).date))") }
        do {
            return .records(try decoder.decode(bytes))
        } catch {
            return .missing(reason: "cache file \(hour.path(labels: cache.labels)).json is unusable: \(error)")
        }
    }
}
