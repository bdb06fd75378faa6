import Foundation
import Synchronization

/// Starts child processes one at a time. On Linux, `Process.run()` makes a socket pair through
/// which it learns that the child has ended, and closes its copy of the child's end only once
/// the child is started; a process started meanwhile from another thread can inherit that end,
/// and the first child's end then goes unnoticed until the second one ends too
/// (swift-corelibs-foundation issue 4795). Every process the library starts goes through here,
/// and so do those its tests start.
enum ProcessLaunch {
    private static let lock = Mutex<Void>(())

    /// `process.run()`, while no other process is being started through here.
    static func run(_ process: Process) throws {
        try lock.withLock { _ in try process.run() }
    }
}
