/// Where the pipeline gets an hour's records: the cache on disk, or the API through the cache.
///
/// Every requirement is written by every source: none has a default, so a new source cannot
/// silently skip a step (a do-nothing `prepare` once made a fetching report read nothing).
public protocol RecordSource: Sendable {
    /// Gets ready to serve these hours (the API source fetches what the cache lacks). Called
    /// once per range before any ``load(_:)``; a failure stops the run.
    func prepare(_ hours: [UTCHour]) async throws(FetchError)
    /// The records of an hour, or why it is missing. Never reads a missing hour as empty.
    func load(_ hour: UTCHour) async -> HourLoad
    /// The fingerprints of an hour's record ids (``Fingerprint/value``, 0 for none) in file
    /// order, for the duplicate check that runs before the figures; missing exactly when
    /// ``load(_:)`` would be.
    func loadIds(_ hour: UTCHour) async -> HourIdsLoad
    /// The records of an hour with every record's appendix row, made in the same pass where
    /// the reader can.
    func load(_ hour: UTCHour, rows appendix: AppendixRows) async -> HourRowsLoad
}

/// An hour's records and appendix rows, or why the hour is missing.
public enum HourRowsLoad: Sendable {
    case records(HourRecords, HourRows)
    case missing(MissingReason)
}

/// An hour's record id fingerprints, or why the hour is missing.
public enum HourIdsLoad: Sendable {
    case ids([UInt64])
    case missing(MissingReason)
}

/// An hour's records, or why there are none to read.
public enum HourLoad: Sendable {
    case records(HourRecords)
    case missing(MissingReason)
}

/// Reads hours from an ``HourCache`` without ever touching the network or changing the cache.
public struct CacheRecordSource: RecordSource {
    public let cache: HourCache
    public let decoder: any HourDecoder

    /// A source that reads hours from `cache` only.
    public init(cache: HourCache, decoder: any HourDecoder = HourDecoders.standard) {
        self.cache = cache
        self.decoder = decoder
    }

    /// Nothing to get ready: the cache is read as it is, and an hour it lacks is missing.
    public func prepare(_ hours: [UTCHour]) async throws(FetchError) {}

    /// The hour's records from its cache file.
    public func load(_ hour: UTCHour) async -> HourLoad { loadNow(hour) }

    /// The hour's record ids from its cache file.
    public func loadIds(_ hour: UTCHour) async -> HourIdsLoad { loadIdsNow(hour) }

    /// The synchronous read behind ``load(_:)``.
    public func loadNow(_ hour: UTCHour) -> HourLoad {
        withBytes(of: hour, missing: HourLoad.missing) { bytes in
            do throws(HourDecodingError) { return .records(try decoder.decode(bytes)) } catch { return .missing(.unreadableCache("\(error)")) }
        }
    }

    /// The hour's records and appendix rows from its cache file.
    public func load(_ hour: UTCHour, rows appendix: AppendixRows) async -> HourRowsLoad { loadNow(hour, rows: appendix) }

    /// The synchronous read behind ``load(_:rows:)``: one pass for records and rows with the
    /// fast reader.
    public func loadNow(_ hour: UTCHour, rows appendix: AppendixRows) -> HourRowsLoad {
        withBytes(of: hour, missing: HourRowsLoad.missing) { bytes in
            do throws(HourDecodingError) {
                let (records, rows) = try decoder.decodeWithRows(bytes, appendix: appendix, hourLabel: Array(hour.description.utf8))
                return .records(records, rows)
            } catch { return .missing(.unreadableCache("\(error)")) }
        }
    }

    /// The synchronous read behind ``loadIds(_:)``.
    public func loadIdsNow(_ hour: UTCHour) -> HourIdsLoad {
        withBytes(of: hour, missing: HourIdsLoad.missing) { bytes in
            do throws(HourDecodingError) { return .ids(try decoder.scanIds(bytes)) } catch { return .missing(.unreadableCache("\(error)")) }
        }
    }

    /// `read` applied to the hour file's bytes (mapped, never copied), or `missing` with why there
    /// are none: not in the cache, or unreadable.
    private func withBytes<L>(of hour: UTCHour, missing: (MissingReason) -> L, _ read: (Span<UInt8>) -> L) -> L {
        do {
            if let load = try cache.withBytes(of: hour, read) { return load }
            return missing(.notCached)
        } catch {
            return missing(.unreadableCache("\(error)"))
        }
    }
}
