import Foundation
import Testing
@testable import MindfulJSON
@testable import MindfulReport

@Suite struct FileBytesTests {
    @Test func readsWholeFilesOfAnySize() throws {
        let tmp = try TemporaryFolder()
        for size in [0, 1, 4095, 3_000_017] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let url = tmp.path("f\(size)")
            try Data(bytes).write(to: url)
            #expect(try FileBytes.read(url.path) == bytes)
        }
    }

    @Test func aMissingFileIsENOENTAndTheCacheSaysNotCached() throws {
        let tmp = try TemporaryFolder()
        #expect(throws: POSIXError.self) { try FileBytes.read(tmp.path("nope").path) }
        #expect(try HourCache(root: tmp.url).read(.parse("2023-06-08T03")) == nil)
    }

    @Test func mappedFilesHoldTheSameBytesAsReadOnes() throws {
        let tmp = try TemporaryFolder()
        for size in [0, 1, 4095, 4096, 3_000_017] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let url = tmp.path("f\(size)")
            try Data(bytes).write(to: url)
            #expect(try FileBytes.withMapped(url.path) { Self.bytes($0) } == bytes)
        }
        #expect(throws: POSIXError.self) { try FileBytes.withMapped(tmp.path("nope").path) { $0.count } }
    }

    /// A file whose size says 0 but that has content (procfs) is read instead of mapped.
    @Test func aFileThatReportsNoSizeIsReadInstead() throws {
        let viaMap = try FileBytes.withMapped("/proc/version") { Self.bytes($0) }
        #expect(!viaMap.isEmpty)
        #expect(viaMap == (try FileBytes.read("/proc/version")))
    }

    @Test func theCacheLendsAnHoursBytesOrSaysNotCached() throws {
        let tmp = try TemporaryFolder()
        let cache = HourCache(root: tmp.url)
        let hour = try UTCHour.parse("2023-06-08T03")
        #expect(try cache.withBytes(of: hour) { $0.count } == nil)
        try cache.write(Array("{\"data\":[]}".utf8), for: hour, fetchedAt: Date())
        #expect(try cache.withBytes(of: hour) { Self.bytes($0) } == Array("{\"data\":[]}".utf8))
    }

    /// A copy of a lent span's bytes.
    static func bytes(_ span: Span<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for i in span.indices { out.append(span[i]) }
        return out
    }
}
