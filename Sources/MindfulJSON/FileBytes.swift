import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file with one `read` loop, as bytes, or lends it mapped.
public enum FileBytes {
    /// Calls `body` with the whole file mapped read-only (`MAP_POPULATE`: the page cache's pages,
    /// no copy), unmapped when `body` returns. An empty file is an empty buffer; where the file
    /// cannot be mapped it is read into memory instead. The span cannot escape `body`.
    ///
    /// Made for files replaced only by rename (the hour cache): a file cut short in place while
    /// mapped would fault.
    public static func withMapped<R>(_ path: String, _ body: (Span<UInt8>) -> R) throws -> R {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let size = Int(st.st_size)
        guard size > 0, (st.st_mode & S_IFMT) == S_IFREG else {
            // Empty, or not a regular file (a pipe, /dev/stdin): read what there is.
            let bytes = try read(path)
            return body(bytes.span)
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), map != MAP_FAILED else {
            let bytes = try read(path)
            return body(bytes.span)
        }
        defer { munmap(map, size) }
        let mapped = UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size)
        return body(mapped.span)
    }

    /// The whole file's bytes; throws a `POSIXError` when it cannot be opened or read.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // Read straight into uninitialised storage: no zero-filling of a 16 MB hour first.
        var capacity = max(Int(st.st_size), 0) + 1
        var buffer: [UInt8] = []
        while true {
            var failure: Int32 = 0
            let previous = buffer
            buffer = [UInt8](unsafeUninitializedCapacity: capacity) { storage, count in
                if !previous.isEmpty {
                    previous.withUnsafeBufferPointer { storage.baseAddress!.initialize(from: $0.baseAddress!, count: previous.count) }
                }
                var filled = previous.count
                while filled < capacity {
                    let n = Glibc.read(fd, storage.baseAddress! + filled, capacity - filled)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if n == 0 { break }
                    filled += n
                }
                count = filled
            }
            if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
            // Fewer bytes than room: the end of the file. Else it grew while read: read on.
            if buffer.count < capacity { return buffer }
            capacity *= 2
        }
    }
}
