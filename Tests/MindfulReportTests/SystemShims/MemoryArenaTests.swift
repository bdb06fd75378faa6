import CSystemShims
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The arena that libxml2 allocates through: system memory outside an arena, arena memory
/// inside, each freed or grown the right way wherever it is.
@Suite struct MemoryArenaTests {
    /// `count` bytes of `pattern` written at `pointer`.
    private func fill(_ pointer: UnsafeMutableRawPointer?, _ count: Int, with pattern: UInt8) {
        pointer?.initializeMemory(as: UInt8.self, repeating: pattern, count: count)
    }

    private func holds(_ pointer: UnsafeMutableRawPointer?, _ count: Int, _ pattern: UInt8) -> Bool {
        guard let pointer else { return false }
        return UnsafeRawBufferPointer(start: pointer, count: count).allSatisfy { $0 == pattern }
    }

    @Test func outsideAnArenaMemoryComesFromTheSystem() {
        let a = mindful_arena_malloc(100)
        fill(a, 100, with: 7)
        let grown = mindful_arena_realloc(a, 100_000)
        #expect(holds(grown, 100, 7))
        let copy = mindful_arena_strdup("callbacks")
        #expect(copy.map { String(cString: $0) } == "callbacks")
        mindful_arena_free(grown)
        mindful_arena_free(copy)
        mindful_arena_free(nil)
        // Memory from plain malloc (as libxml2 made before these were installed) is given back
        // to the system too.
        let foreign = malloc(64)
        fill(foreign, 64, with: 1)
        let foreignGrown = mindful_arena_realloc(foreign, 4096)
        #expect(holds(foreignGrown, 64, 1))
        mindful_arena_free(foreignGrown)
    }

    @Test func insideAnArenaMemoryIsReusedAfterAReset() throws {
        let arena = try #require(mindful_arena_create())
        defer { mindful_arena_destroy(arena) }
        let outside = mindful_arena_use(arena)
        #expect(outside == nil)
        let first = mindful_arena_malloc(40)
        let second = mindful_arena_malloc(40)
        fill(first, 40, with: 1)
        fill(second, 40, with: 2)
        // One after the other, 16-byte aligned, and freeing changes nothing.
        #expect(first.map { Int(bitPattern: $0) % 16 } == 0)
        mindful_arena_free(first)
        #expect(holds(first, 40, 1) && holds(second, 40, 2))
        // Growing copies; shrinking keeps the place.
        let grown = mindful_arena_realloc(first, 3 << 20)
        #expect(holds(grown, 40, 1))
        #expect(mindful_arena_realloc(second, 10) == second)
        _ = mindful_arena_use(nil)
        mindful_arena_reset(arena)
        _ = mindful_arena_use(arena)
        #expect(mindful_arena_malloc(40) == first, "the first block is reused from its start")
        _ = mindful_arena_use(nil)
    }

    @Test func systemMemoryStaysSystemMemoryInsideAnArena() throws {
        let arena = try #require(mindful_arena_create())
        defer { mindful_arena_destroy(arena) }
        let kept = mindful_arena_malloc(32)
        fill(kept, 32, with: 9)
        _ = mindful_arena_use(arena)
        // Grown inside the arena, it still outlives the arena's reset, and is freed for real.
        let grown = mindful_arena_realloc(kept, 1 << 16)
        fill(grown.map { $0 + 32 }, 100, with: 8)
        _ = mindful_arena_use(nil)
        mindful_arena_reset(arena)
        _ = mindful_arena_use(arena)
        let reused = mindful_arena_malloc(1 << 16)
        fill(reused, 1 << 16, with: 0)
        _ = mindful_arena_use(nil)
        #expect(holds(grown, 32, 9) && holds(grown.map { $0 + 32 }, 100, 8))
        mindful_arena_free(grown)
    }

    @Test func theArenaIsPerThread() throws {
        let arena = try #require(mindful_arena_create())
        defer { mindful_arena_destroy(arena) }
        _ = mindful_arena_use(arena)
        defer { _ = mindful_arena_use(nil) }
        // Another thread sees no arena, so its memory is the system's.
        let seen = Mutex<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let pointer = mindful_arena_malloc(16)
            mindful_arena_free(pointer)
            seen.withLock { $0 = Int(bitPattern: mindful_arena_use(nil)) }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(seen.withLock { $0 } == 0)
    }
}
