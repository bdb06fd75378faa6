import CSystemShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one place that writes a report to disk. It builds the report in a staging folder beside
/// the output folder, and only when everything is written swaps it into place, so a failed run
/// leaves the previous report as it was.
public final class ReportWriter {
    /// The folder the finished report goes to.
    public let output: URL
    /// The staging folder being filled.
    public let staging: URL
    private var appendixFiles: [String: AppendixFile] = [:]
    private var finished = false
    /// A file in every report, so a later run knows it may replace the folder.
    public static let marker = ".mindful-report"

    /// Bytes buffered over all streamed files before they are written: memory stays the same
    /// however many call targets a report has.
    static let bufferBudget = 8 << 20
    /// Streamed files kept open at once; past this the least recently used one is closed and
    /// reopened for appending when needed (well under the usual limit of 1,024 descriptors).
    static let openFileLimit = 128
    private var buffered = 0
    /// The streamed files that are open now, by relative path.
    private var openFiles: [String: AppendixFile] = [:]
    private var useClock = 0
    /// `staging` as a path: file paths are made from it by joining strings, since
    /// `URL.appendingPathComponent` asks the file system whether each name is a folder.
    private let stagingPath: String

    private final class AppendixFile {
        var fd: Int32
        var buffer: [UInt8] = []
        var lastUse = 0
        init(fd: Int32) { self.fd = fd }
    }

    /// Creates the staging folder. Refuses an output folder that holds files but no report, so
    /// a mistyped `--out` never replaces someone's files.
    public init(output: URL) throws(PublishError) {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        let fm = FileManager.default
        try Self.checkOutput(self.output)
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))",
                                                isDirectory: true)
        stagingPath = staging.path
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging.appendingPathComponent("targets"), withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: staging.path, underlying: "\(error)")
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Refuses an output path that is a file, or a folder that holds files but no report.
    static func checkOutput(_ output: URL) throws(PublishError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .notAFolder(path: output.path) }
            let contents = (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw .notAReportFolder(path: output.path)
            }
        }
    }

    /// Writes a whole file (relative path inside the report). Plain writes: the staging folder
    /// as a whole is what replaces the report, so a file needs no rename of its own.
    public func write(_ bytes: [UInt8], to relativePath: String) throws(PublishError) {
        let path = stagingPath + "/" + relativePath
        if let slash = relativePath.lastIndex(of: "/") {
            let folder = String(relativePath[..<slash])
            if !folders.contains(folder) {
                do { try FileManager.default.createDirectory(atPath: stagingPath + "/" + folder, withIntermediateDirectories: true) } catch {
                    throw .cannotWrite(path: path, underlying: "\(error)")
                }
                folders.insert(folder)
            }
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, underlying: String(cString: strerror(errno))) }
        defer { close(fd) }
        try writeAll(bytes, to: fd, path)
    }

    /// Folders of the staging folder known to exist, relative to it.
    private var folders: Set<String> = []

    /// Appends bytes to a streamed file (an appendix), creating it with `header` first. Bytes
    /// are buffered and written in large blocks.
    /// A block this large (an hour of one target's rows, usually) is written as it is, after what
    /// the file has buffered, rather than copied into the buffer first.
    public func append(_ bytes: [UInt8], to relativePath: String, header: [UInt8]) throws(PublishError) {
        let file = try appendixFile(relativePath, header: header)
        if bytes.count >= Self.directWriteBytes {
            try flush(file, relativePath)
            if file.fd < 0 { try open(file, relativePath, creating: false) }
            try writeAll(bytes, to: file.fd, relativePath)
            return
        }
        file.buffer.append(contentsOf: bytes)
        buffered += bytes.count
        try flushIfFull(file, relativePath)
    }

    /// Blocks at least this large skip the buffer.
    static let directWriteBytes = 256 << 10

    /// The streamed file at `relativePath`, created (with `header`) the first time.
    private func appendixFile(_ relativePath: String, header: [UInt8]) throws(PublishError) -> AppendixFile {
        let file: AppendixFile
        if let existing = appendixFiles[relativePath] {
            file = existing
        } else {
            file = AppendixFile(fd: -1)
            try open(file, relativePath, creating: true)
            file.buffer.append(contentsOf: header)
            buffered += header.count
            appendixFiles[relativePath] = file
        }
        useClock += 1
        file.lastUse = useClock
        return file
    }

    /// Writes `file` out once it holds 1 MB, or every buffer once all of them hold more than
    /// the budget.
    private func flushIfFull(_ file: AppendixFile, _ relativePath: String) throws(PublishError) {
        if file.buffer.count >= 1 << 20 {
            try flush(file, relativePath)
        } else if buffered > Self.bufferBudget {
            for (path, other) in appendixFiles where !other.buffer.isEmpty { try flush(other, path) }
        }
    }

    /// Opens a streamed file: created empty the first time, then for appending. Closes the least
    /// recently used one first when too many are open.
    private func open(_ file: AppendixFile, _ relativePath: String, creating: Bool) throws(PublishError) {
        if openFiles.count >= Self.openFileLimit {
            var victim: (path: String, file: AppendixFile)? = nil
            for (path, candidate) in openFiles where candidate.lastUse < victim?.file.lastUse ?? .max { victim = (path, candidate) }
            if let (path, file) = victim {
                try flush(file, path)
                close(file.fd)
                file.fd = -1
                openFiles[path] = nil
            }
        }
        let path = stagingPath + "/" + relativePath
        let flags = creating ? (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC) : (O_WRONLY | O_APPEND | O_CLOEXEC)
        let fd = Glibc.open(path, flags, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, underlying: String(cString: strerror(errno))) }
        file.fd = fd
        openFiles[relativePath] = file
    }

    private func flush(_ file: AppendixFile, _ relativePath: String) throws(PublishError) {
        guard !file.buffer.isEmpty else { return }
        if file.fd < 0 { try open(file, relativePath, creating: false) }
        try writeAll(file.buffer, to: file.fd, relativePath)
        buffered -= file.buffer.count
        file.buffer.removeAll(keepingCapacity: appendixFiles.count <= 16)
    }

    /// Writes every byte, retrying short writes and interruptions.
    private func writeAll(_ bytes: [UInt8], to fd: Int32, _ relativePath: String) throws(PublishError) {
        let failure: Int32 = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
        if failure != 0 { throw .cannotWrite(path: relativePath, underlying: String(cString: strerror(failure))) }
    }

    /// The relative paths of every streamed file so far.
    public var streamedFiles: [String] { Array(appendixFiles.keys) }

    /// Flushes streamed files, then swaps the staging folder into place of the output folder.
    public func publish() throws(PublishError) {
        for (path, file) in appendixFiles {
            try flush(file, path)
            if file.fd >= 0 { close(file.fd) }
        }
        appendixFiles = [:]
        openFiles = [:]
        try write(Array("mindful-report output; this folder is replaced on each run.\n".utf8), to: Self.marker)
        let fm = FileManager.default
        if fm.fileExists(atPath: output.path) {
            // Exchange atomically where the kernel can, so readers never see the folder absent.
            if Self.exchange(staging.path, output.path) {
                finished = true
                try? fm.removeItem(at: staging)  // now holds the previous report
                return
            }
            let old = staging.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())")
            do {
                try fm.moveItem(at: output, to: old)
                try fm.moveItem(at: staging, to: output)
            } catch {
                throw .cannotWrite(path: output.path, underlying: "\(error)")
            }
            try? fm.removeItem(at: old)
        } else {
            do { try fm.moveItem(at: staging, to: output) } catch {
                throw .cannotWrite(path: output.path, underlying: "\(error)")
            }
        }
        finished = true
    }

    /// `renameat2(..., RENAME_EXCHANGE)` through the C shim (Swift's Glibc module does not declare
    /// it): false where the C library, kernel or file system cannot exchange.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        mindful_renameat2(AT_FDCWD, a, AT_FDCWD, b, mindful_rename_exchange) == 0
    }

    /// Removes the staging folder; the output folder is left as it was.
    public func discard() {
        for file in appendixFiles.values where file.fd >= 0 { close(file.fd) }
        appendixFiles = [:]
        openFiles = [:]
        try? FileManager.default.removeItem(at: staging)
        finished = true
    }
}

/// What went wrong while publishing.
public enum PublishError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAFolder(path: String)
    case notAReportFolder(path: String)
    case cannotWrite(path: String, underlying: String)
    case invalidPage(ValidationFailure)

    public var description: String {
        switch self {
        case .notAFolder(let path): return "the report folder \(path) is a file, not a folder"
        case .notAReportFolder(let path): return "the report folder \(path) holds files that are not a mindful-report report; choose an empty or new folder"
        case .cannotWrite(let path, let underlying): return "cannot write \(path): \(underlying)"
        case .invalidPage(let failure): return "invalid page, nothing published: \(failure)"
        }
    }
}
