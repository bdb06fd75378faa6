import Foundation
import Testing
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
}
