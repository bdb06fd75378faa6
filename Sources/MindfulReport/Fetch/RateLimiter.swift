import Foundation

/// Spaces request starts at least `1/rate` apart, for every request of a run (retries and token
/// requests included), so at most `rate` start in any second. ``pause(for:)`` holds every start
/// back (a `Retry-After` from the server applies to the whole client, not one hour).
actor RateLimiter {
    private let interval: Duration
    private var next: ContinuousClock.Instant
    private var pausedUntil: ContinuousClock.Instant

    init(rate: Double) {
        interval = rate.isInfinite ? .zero : .nanoseconds(Int64((1e9 / rate).rounded(.up)))
        next = .now
        pausedUntil = .now
    }

    /// Reserves the next start time.
    private func reserve() -> ContinuousClock.Instant {
        let slot = max(ContinuousClock.now, next, pausedUntil)
        next = slot + interval
        return slot
    }

    /// Waits for this request's turn; throws `CancellationError` when the task is cancelled.
    nonisolated func acquire() async throws {
        let slot = await reserve()
        if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
        try Task.checkCancellation()
    }

    /// Holds every start back until `seconds` from now (or later, if already held longer).
    func pause(for seconds: TimeInterval) {
        guard seconds > 0 else { return }
        pausedUntil = max(pausedUntil, ContinuousClock.now + .milliseconds(Int64(seconds * 1000)))
    }
}
