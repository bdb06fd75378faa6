import Foundation

/// A counting semaphore for tasks: ``acquire()`` waits for a free permit (first come, first
/// served) and gives up with `CancellationError` when the waiting task is cancelled.
actor AsyncSemaphore {
    private var permits: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    init(permits: Int) { self.permits = permits }

    nonisolated func acquire() async throws {
        let id = await newID()
        try await withTaskCancellationHandler {
            try await wait(id: id)
        } onCancel: {
            Task { await self.cancel(id: id) }
        }
    }

    func release() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func newID() -> UInt64 {
        nextID += 1
        return nextID
    }

    private func wait(id: UInt64) async throws {
        if Task.isCancelled { throw CancellationError() }
        if permits > 0 {
            permits -= 1
            return
        }
        try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
    }

    private func cancel(id: UInt64) {
        if let i = waiters.firstIndex(where: { $0.id == id }) {
            waiters.remove(at: i).continuation.resume(throwing: CancellationError())
        }
    }
}
