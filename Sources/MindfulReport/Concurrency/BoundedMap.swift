import Foundation

/// How many tasks of CPU-bound work (decoding hours, folding partitions, rendering and validating
/// pages) run at once: every active core, at least 2. The one default of every stage's window.
public enum Parallelism {
    /// Every active core, at least 2.
    public static let cores = max(2, ProcessInfo.processInfo.activeProcessorCount)
}

/// The order in which ``boundedMap(_:window:order:_:consume:)`` hands results over.
enum ResultOrder: Sendable {
    /// In the order of the elements: a result that is ready early waits for those before it.
    case input
    /// As the transforms finish.
    case completion
}

/// What ``boundedMap(_:window:order:_:consume:)`` does after handing a result over.
enum MapStep: Sendable {
    /// Go on: start the next element.
    case `continue`
    /// Start no further element and cancel the running ones; their results are still handed
    /// over, as they finish.
    case stop
}

/// The bounded concurrent map of the program, written once: runs `transform` on each of
/// `elements` in child tasks, at most `window` at a time, and hands each result with its index to
/// `consume`, one at a time on the calling task (so `consume` may change the caller's state).
///
/// A new element starts as soon as a transform finishes, before its result is handed over, so
/// `window` transforms stay busy while `consume` works; with ``ResultOrder/input`` results that
/// finish early wait in a reorder buffer until those before them are handed over. `transform`
/// should not block on anything but CPU work: blocking file I/O goes through ``offload(_:)``.
///
/// - Throws: what `consume` throws; the running transforms are then cancelled and awaited, and
///   no other result is handed over.
func boundedMap<Element: Sendable, Output: Sendable, Failure: Error>(
    _ elements: [Element],
    window: Int = Parallelism.cores,
    order: ResultOrder = .input,
    _ transform: @escaping @Sendable (Element) async -> Output,
    consume: (_ index: Int, _ output: Output) async throws(Failure) -> MapStep
) async throws(Failure) {
    var failure: Failure?
    await withTaskGroup(of: (Int, Output).self) { group in
        var next = 0
        var stopped = false
        func startNext() {
            guard !stopped, next < elements.count else { return }
            let index = next
            let element = elements[index]
            next += 1
            group.addTask { (index, await transform(element)) }
        }
        while next < min(max(1, window), elements.count) { startNext() }

        var ready: [Int: Output] = [:]
        var turn = 0
        func hand(_ index: Int, _ output: Output) async throws(Failure) {
            if try await consume(index, output) == .stop, !stopped {
                stopped = true
                group.cancelAll()
            }
        }
        do throws(Failure) {
            while let (index, output) = await group.next() {
                startNext()
                if order == .completion || stopped {
                    try await hand(index, output)
                    continue
                }
                ready[index] = output
                while !stopped, let output = ready.removeValue(forKey: turn) {
                    try await hand(turn, output)
                    turn += 1
                }
                // Stopped while results waited for their turn: they are handed over now.
                if stopped {
                    for (index, output) in ready.sorted(by: { $0.key < $1.key }) { try await hand(index, output) }
                    ready = [:]
                }
            }
        } catch {
            failure = error
            group.cancelAll()
        }
    }
    if let failure { throw failure }
}

/// Runs blocking work (file I/O, decoding) on a Dispatch queue, keeping the task pool free.
func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
