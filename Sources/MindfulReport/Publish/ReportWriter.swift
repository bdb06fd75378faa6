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

    private final class AppendixFile {
        let fd: Int32
        var buffer: [UInt8] = []
        init(fd: Int32) { self.fd = fd; buffer.reserveCapacity(1 << 20) }
    }

    /// Creates the staging folder. Refuses an output folder that holds files but no report, so
    /// a mistyped `--out` never replaces someone's files.
    public init(output: URL) throws(PublishError) {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: self.output.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .notAFolder(path: self.output.path) }
            let contents = (try? fm.contentsOfDirectory(atPath: self.output.path)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw .notAReportFolder(path: self.output.path)
            }
        }
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
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

    /// Writes a whole file (relative path inside the report).
    public func write(_ bytes: [UInt8], to relativePath: String) throws(PublishError) {
        let url = staging.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            throw .cannotWrite(path: url.path, underlying: "\(error)")
        }
    }

    /// Appends bytes to a streamed file (an appendix), creating it with `header` first.
    public func append(_ bytes: [UInt8], to relativePath: String, header: [UInt8]) throws(PublishError) {
        let file: AppendixFile
        if let existing = appendixFiles[relativePath] {
            file = existing
        } else {
            let path = staging.appendingPathComponent(relativePath).path
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .cannotWrite(path: path, underlying: String(cString: strerror(errno))) }
            file = AppendixFile(fd: fd)
            file.buffer.append(contentsOf: header)
            appendixFiles[relativePath] = file
        }
        file.buffer.append(contentsOf: bytes)
        if file.buffer.count >= 1 << 20 { try flush(file, relativePath) }
    }

    private func flush(_ file: AppendixFile, _ relativePath: String) throws(PublishError) {
        let ok = file.buffer.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(file.fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok else { throw .cannotWrite(path: relativePath, underlying: String(cString: strerror(errno))) }
        file.buffer.removeAll(keepingCapacity: true)
    }

    /// The relative paths of every streamed file so far.
    public var streamedFiles: [String] { Array(appendixFiles.keys) }

    /// Flushes streamed files, then swaps the staging folder into place of the output folder.
    public func publish() throws(PublishError) {
        for (path, file) in appendixFiles {
            try flush(file, path)
            close(file.fd)
        }
        appendixFiles = [:]
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

    /// `renameat2(..., RENAME_EXCHANGE)`, looked up at run time (glibc 2.28+ has it; Swift's
    /// Glibc module does not declare it).
    private static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") /* nil handle = RTLD_DEFAULT */ else { return false }
        let call = unsafeBitCast(symbol, to: RenameAt2.self)
        return call(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
    }

    /// Removes the staging folder; the output folder is left as it was.
    public func discard() {
        for file in appendixFiles.values { close(file.fd) }
        appendixFiles = [:]
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
        case .notAFolder(let path): return "--out \(path) is a file, not a folder"
        case .notAReportFolder(let path): return "--out \(path) holds files that are not a mindful-report report; choose an empty or new folder"
        case .cannotWrite(let path, let underlying): return "cannot write \(path): \(underlying)"
        case .invalidPage(let failure): return "invalid page, nothing published: \(failure)"
        }
    }
}
