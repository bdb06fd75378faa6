import Foundation

/// The on-disk cache: `ROOT/YYYYMMDD/HH.json` holds an hour's 200 body byte for byte.
///
/// Fetch times live beside the body in `HH.fetched` (an ISO 8601 instant, one line); an hour
/// file without one counts as fetched at its modification time. Writes are atomic: a temporary
/// file in the same folder, then a rename.
public struct HourCache: Sendable {
    public let root: URL
    public let labels: HourLabels

    /// The cache in `root`, naming hours as `labels` says.
    public init(root: URL, labels: HourLabels = .end) {
        self.root = root
        self.labels = labels
    }

    /// `ROOT/YYYYMMDD/HH.json`.
    public func fileURL(for hour: UTCHour) -> URL {
        let p = hour.path(labels: labels)
        return root.appendingPathComponent(p.date, isDirectory: true).appendingPathComponent("\(p.label).json")
    }

    /// `ROOT/YYYYMMDD/HH.fetched`.
    public func fetchedURL(for hour: UTCHour) -> URL {
        fileURL(for: hour).deletingPathExtension().appendingPathExtension("fetched")
    }

    /// The bytes of a cached hour, or `nil` when the cache has no file for it.
    public func read(_ hour: UTCHour) throws(CacheError) -> [UInt8]? {
        let url = fileURL(for: hour)
        do {
            return try FileBytes.read(url.path)
        } catch let error as POSIXError where error.code == .ENOENT {
            return nil
        } catch {
            throw .unreadable(path: url.path, underlying: "\(error)")
        }
    }

    /// Calls `body` with the cached hour's bytes mapped from the file (see
    /// ``FileBytes/withMapped(_:_:)``), or returns nil when the hour is not cached.
    public func withBytes<R>(of hour: UTCHour, _ body: (Span<UInt8>) -> R) throws(CacheError) -> R? {
        let url = fileURL(for: hour)
        do {
            return try FileBytes.withMapped(url.path, body)
        } catch let error as POSIXError where error.code == .ENOENT {
            return nil
        } catch {
            throw .unreadable(path: url.path, underlying: "\(error)")
        }
    }

    /// When the cached hour was fetched: the `.fetched` note, else the file's modification time.
    public func fetchedAt(_ hour: UTCHour) -> Date? {
        if let text = try? String(contentsOf: fetchedURL(for: hour), encoding: .utf8),
           let date = ISO8601DateFormatter().date(from: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return date
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: fileURL(for: hour).path)
        return attributes?[.modificationDate] as? Date
    }

    /// True when the hour was fetched more than `settle` after it ended.
    public func isSettled(_ hour: UTCHour, settle: TimeInterval) -> Bool {
        guard let fetched = fetchedAt(hour) else { return false }
        return fetched.timeIntervalSince(hour.end) > settle
    }

    /// Stores a complete 200 body atomically, with its fetch time.
    public func write(_ body: [UInt8], for hour: UTCHour, fetchedAt: Date) throws(CacheError) {
        let url = fileURL(for: hour)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(body, to: url)
            let stamp = ISO8601DateFormatter().string(from: fetchedAt) + "\n"
            try AtomicFile.write(Array(stamp.utf8), to: fetchedURL(for: hour))
        } catch let error as CacheError {
            throw error
        } catch {
            throw .unwritable(path: url.path, underlying: "\(error)")
        }
    }

    /// Moves an hour file that does not parse aside (`HH.json.bad-<time>`), never deleting it.
    /// Returns where it went.
    @discardableResult
    public func quarantine(_ hour: UTCHour, now: Date = Date()) throws(CacheError) -> URL {
        let url = fileURL(for: hour)
        let stamp = Int(now.timeIntervalSince1970 * 1000)
        let aside = url.deletingLastPathComponent().appendingPathComponent("\(url.lastPathComponent).bad-\(stamp)")
        do {
            try FileManager.default.moveItem(at: url, to: aside)
            try? FileManager.default.removeItem(at: fetchedURL(for: hour))
        } catch {
            throw .unwritable(path: url.path, underlying: "\(error)")
        }
        return aside
    }
}

/// What went wrong with the cache folder.
public enum CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, underlying: String)
    case unwritable(path: String, underlying: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let underlying): return "cannot read cache file \(path): \(underlying)"
        case .unwritable(let path, let underlying): return "cannot write cache file \(path): \(underlying)"
        }
    }
}
