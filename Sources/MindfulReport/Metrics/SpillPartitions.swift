#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why scratch files for figures that are grouped by key (duplicate ids, requests) could not be
/// written or read back.
public enum SpillError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, underlying: String)
    case cannotWrite(path: String, underlying: String)
    case cannotRead(path: String, underlying: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let underlying): return "cannot create scratch folder \(path): \(underlying)"
        case .cannotWrite(let path, let underlying): return "cannot write scratch file \(path): \(underlying)"
        case .cannotRead(let path, let underlying): return "cannot read scratch file \(path): \(underlying)"
        }
    }
}

/// Fixed-size values spread over `count` partitions by the caller's key, so that figures that
/// must see every value of one key together (a request's attempts, the copies of an id) can be
/// worked out one partition at a time in memory that does not grow with the range: each
/// partition keeps a small buffer, and full buffers go to one scratch file per partition. Nothing
/// touches the disk until a buffer fills, so small reports never write a scratch file. The
/// scratch folder is removed when the value is deinitialised.
final class SpillPartitions<Element: BitwiseCopyable & Sendable> {
    let count: Int
    private let bufferLimit: Int
    private var buffers: [[Element]]
    private var files: [Int32]
    private var spilled: [Int]
    private let parent: URL
    private var folder: URL?

    /// - Parameters:
    ///   - count: partitions; pick it so one partition of the largest expected input fits in a
    ///     few megabytes.
    ///   - bufferBytes: bytes buffered per partition before a write.
    ///   - scratch: the folder under which a private scratch folder is made when needed.
    init(count: Int, bufferBytes: Int = 64 * 1024, scratch: URL = FileManager.default.temporaryDirectory) {
        self.count = max(1, count)
        bufferLimit = max(16, bufferBytes / max(1, MemoryLayout<Element>.stride))
        buffers = Array(repeating: [], count: self.count)
        files = Array(repeating: -1, count: self.count)
        spilled = Array(repeating: 0, count: self.count)
        parent = scratch
    }

    deinit {
        for fd in files where fd >= 0 { close(fd) }
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Values written to disk so far, in all partitions.
    var spilledCount: Int { spilled.reduce(0, +) }

    /// Adds a value to a partition.
    @inline(__always)
    func append(_ value: Element, to partition: Int) throws(SpillError) {
        buffers[partition].append(value)
        if buffers[partition].count >= bufferLimit { try flush(partition) }
    }

    /// Every value of one partition, in the order appended.
    func values(of partition: Int) throws(SpillError) -> [Element] {
        try contents.values(of: partition)
    }

    /// Folds every partition into one value per worker, `workers` tasks at once (each holding
    /// one partition in memory at a time): worker `w` starts from `start()` and folds partitions
    /// `w`, `w + workers`, ... with `fold`. Returns the workers' values in worker order; the
    /// caller combines them, which gives the same answer for any `workers` when the fold is a
    /// count. Nothing may be appended meanwhile.
    func foldPartitions<T: Sendable>(workers: Int, start: @escaping @Sendable () -> T,
                                     _ fold: @escaping @Sendable (inout T, inout [Element]) -> Void) async throws(SpillError) -> [T] {
        let workers = max(1, min(workers, count))
        let contents = self.contents
        var values: [T] = []
        try await boundedMap(Array(0..<workers), window: workers, { w in
            Result { () throws(SpillError) -> T in
                var value = start()
                for p in stride(from: w, to: contents.count, by: workers) {
                    var values = try contents.values(of: p)
                    fold(&value, &values)
                }
                return value
            }
        }) { (_, result: Result<T, SpillError>) throws(SpillError) in
            values.append(try result.get())
            return .continue
        }
        return values
    }

    /// What is written so far, as a value the workers can share: the buffers, and the files read
    /// with `pread`, which leaves them as they are.
    private var contents: Contents {
        Contents(buffers: buffers, files: files, spilled: spilled, paths: (0..<count).map { fileURL($0).path })
    }

    private struct Contents: Sendable {
        let buffers: [[Element]]
        let files: [Int32]
        let spilled: [Int]
        let paths: [String]

        var count: Int { buffers.count }

        func values(of partition: Int) throws(SpillError) -> [Element] {
            var result: [Element] = []
            let onDisk = spilled[partition]
            result.reserveCapacity(onDisk + buffers[partition].count)
            if onDisk > 0 {
                let fd = files[partition]
                let path = paths[partition]
                let bytes = onDisk * MemoryLayout<Element>.stride
                var failure: SpillError? = nil
                result = [Element](unsafeUninitializedCapacity: onDisk + buffers[partition].count) { buffer, initialized in
                    let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
                    var done = 0
                    while done < bytes {
                        let n = pread(fd, raw + done, bytes - done, off_t(done))
                        if n < 0 && errno == EINTR { continue }
                        if n <= 0 {
                            failure = .cannotRead(path: path, underlying: n == 0 ? "file is shorter than written" : String(cString: strerror(errno)))
                            initialized = 0
                            return
                        }
                        done += n
                    }
                    initialized = onDisk
                }
                if let failure { throw failure }
            }
            result.append(contentsOf: buffers[partition])
            return result
        }
    }

    private func fileURL(_ partition: Int) -> URL {
        (folder ?? parent).appendingPathComponent("partition-\(partition).bin")
    }

    private func flush(_ partition: Int) throws(SpillError) {
        if files[partition] < 0 {
            if folder == nil {
                let made = parent.appendingPathComponent("mindful-report-scratch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
                guard mkdir(made.path, 0o700) == 0 else {
                    throw .cannotCreate(path: made.path, underlying: String(cString: strerror(errno)))
                }
                folder = made
            }
            let path = fileURL(partition).path
            let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .cannotWrite(path: path, underlying: String(cString: strerror(errno))) }
            files[partition] = fd
        }
        let fd = files[partition]
        let path = fileURL(partition).path
        let items = buffers[partition].count
        let base = spilled[partition] * MemoryLayout<Element>.stride
        let failure: SpillError? = buffers[partition].withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(base + done))
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return .cannotWrite(path: path, underlying: String(cString: strerror(errno))) }
                done += n
            }
            return nil
        }
        if let failure { throw failure }
        spilled[partition] += items
        buffers[partition].removeAll(keepingCapacity: true)
    }
}
