import CSystemShims
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The C shim target: the values come from the C library's headers, and the calls reach it.
@Suite struct CSystemShimsTests {
    @Test func malloptParametersAreGlibcs() {
        // <malloc.h>: M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3, M_ARENA_MAX -8.
        #expect(mindful_m_trim_threshold == -1)
        #expect(mindful_m_mmap_threshold == -3)
        #expect(mindful_m_arena_max == -8)
        // Setting the arena limit to glibc's own default (8 per core) changes nothing here, and
        // shows that the call reaches mallopt (1 = accepted).
        #expect(mindful_mallopt(mindful_m_arena_max, Int32(8 * ProcessInfo.processInfo.activeProcessorCount)) == 1)
    }

    @Test func renameat2ExchangesTwoFolders() throws {
        let tmp = try TemporaryFolder()
        let a = tmp.path("a"), b = tmp.path("b")
        for (folder, file) in [(a, "from-a"), (b, "from-b")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data().write(to: folder.appendingPathComponent(file))
        }
        #expect(mindful_rename_exchange == 2)
        #expect(mindful_renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, mindful_rename_exchange) == 0, "errno \(errno)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.path) == ["from-b"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: b.path) == ["from-a"])
    }

    @Test func renameat2ReportsErrno() throws {
        let tmp = try TemporaryFolder()
        errno = 0
        #expect(mindful_renameat2(AT_FDCWD, tmp.path("absent").path, AT_FDCWD, tmp.path("b").path, mindful_rename_exchange) == -1)
        #expect(errno == ENOENT)
    }
}
