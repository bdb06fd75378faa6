import Foundation
@testable import MindfulReport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `mindful-report` executable of this build, run as a child process by the end-to-end tests.
///
/// `swift build --build-tests` links every product into one folder (`.build/debug/`, or whatever
/// `--scratch-path` and `-c` say), so the executable is the one beside the test bundle, and only
/// that one: never another build folder's. It must be at least as new as every file under
/// `Sources/`, else the tests would run an old program: ``location`` says why it is not usable.
enum CLIExecutable {
    static let location: Result<URL, CLIProcess.CLIError> = locate()
    static var url: URL? { try? location.get() }

    static func locate() -> Result<URL, CLIProcess.CLIError> {
        let fm = FileManager.default
        // Linux runs `.../debug/mindful-reportPackageTests.xctest`; macOS
        // `.../debug/mindful-reportPackageTests.xctest/Contents/MacOS/...`: the folder holding the bundle.
        var bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while bundle.pathExtension != "xctest" && bundle.pathComponents.count > 1 { bundle = bundle.deletingLastPathComponent() }
        guard bundle.pathExtension == "xctest" else { return .failure(.noTestBundle(CommandLine.arguments[0])) }
        let candidate = bundle.deletingLastPathComponent().appendingPathComponent("mindful-report")
        guard fm.isExecutableFile(atPath: candidate.path) else { return .failure(.noExecutable(candidate.path)) }
        let built = modified(candidate)
        if let newer = newestSource(), modified(newer) > built {
            return .failure(.staleExecutable(candidate.path, newerSource: newer.path))
        }
        return .success(candidate)
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// The most recently changed file under `Sources/`.
    private static func newestSource() -> URL? {
        let files = FileManager.default.enumerator(at: TestPaths.sources, includingPropertiesForKeys: [.contentModificationDateKey])?
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath } ?? []
        return files.max { modified($0) < modified($1) }
    }
}

/// How a child run ended, with everything it printed.
struct CLIResult {
    let status: Int32
    /// True when the process died of a signal (`status` is then the signal number).
    let signalled: Bool
    let stdout: String
    let stderr: String

    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    var summary: String { "status \(status)\(signalled ? " (signal)" : "")\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// One run of `mindful-report` with a controlled environment: nothing is inherited (no real
/// credentials, no user config file), stdin is `/dev/null`, stdout and stderr go to files (so they
/// are not terminals). The child is killed with SIGKILL when it outlives its timeout or this value.
final class CLIProcess: @unchecked Sendable {
    let process = Process()
    private let end: ProcessEnd
    private let stdoutURL: URL
    private let stderrURL: URL

    /// - Parameters:
    ///   - work: a folder for the child's HOME, XDG folders and its captured output.
    ///   - environment: added to the bare environment (PATH, HOME, XDG_*, LANG, TZ).
    init(_ arguments: [String], environment: [String: String] = [:], work: URL) throws {
        let executable = try CLIExecutable.location.get()
        let fm = FileManager.default
        let id = UUID().uuidString.prefix(8)
        let home = work.appendingPathComponent("home")
        for d in [home, home.appendingPathComponent(".config"), home.appendingPathComponent(".cache")] {
            try fm.createDirectory(at: d, withIntermediateDirectories: true)
        }
        stdoutURL = work.appendingPathComponent("cli-\(id).stdout")
        stderrURL = work.appendingPathComponent("cli-\(id).stderr")
        fm.createFile(atPath: stdoutURL.path, contents: nil)
        fm.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "XDG_CACHE_HOME": home.appendingPathComponent(".cache").path,
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        ].merging(environment) { $1 }
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        end = ProcessEnd(of: process)
        try ProcessLaunch.run(process)
    }

    enum CLIError: Error, CustomStringConvertible {
        case noTestBundle(String)
        case noExecutable(String)
        case staleExecutable(String, newerSource: String)
        var description: String {
            switch self {
            case .noTestBundle(let path): "the test process \(path) is not in a .xctest bundle: the executable beside it cannot be found"
            case .noExecutable(let path): "\(path) is missing: build it with the tests (swift build --build-tests)"
            case .staleExecutable(let path, let source):
                "\(path) is older than \(source): rebuild (swift build --build-tests) before swift test --skip-build"
            }
        }
    }

    var pid: pid_t { process.processIdentifier }

    func kill() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the child without holding a thread, killing it after `timeout` seconds.
    func wait(timeout: Double = 120) async -> CLIResult {
        let watchdog = Task { [self] in
            try await Task.sleep(for: .seconds(timeout))
            Issue.record("mindful-report \(process.arguments ?? []) still running after \(timeout) s; killed")
            kill()
        }
        await end.wait()
        watchdog.cancel()
        return CLIResult(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                         stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }

    deinit {
        kill()
        if process.isRunning || process.processIdentifier > 0 { process.waitUntilExit() }
    }
}

/// Runs `mindful-report` to the end (at most `timeout` seconds).
func runCLI(_ arguments: [String], environment: [String: String] = [:], work: URL, timeout: Double = 120) async throws -> CLIResult {
    let child = try CLIProcess(arguments, environment: environment, work: work)
    return await child.wait(timeout: timeout)
}
