import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `mindful-report` executable, run as a child process by the end-to-end tests.
///
/// Found next to the test binary (`swift test` builds every product into the same folder, such as
/// `.build/debug/` or `.build-NAME/debug/`, whatever `--scratch-path` says), else in the
/// package's `.build*/debug/` folders (the newest), else at `$MINDFUL_REPORT_EXECUTABLE`.
enum CLIExecutable {
    static let url: URL? = locate()

    static func locate() -> URL? {
        let fm = FileManager.default
        func usable(_ u: URL) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: u.path, isDirectory: &isDir) && !isDir.boolValue && fm.isExecutableFile(atPath: u.path)
        }
        if let explicit = ProcessInfo.processInfo.environment["MINDFUL_REPORT_EXECUTABLE"], !explicit.isEmpty {
            let u = URL(fileURLWithPath: explicit)
            return usable(u) ? u : nil
        }
        // Next to the test binary: Linux runs `.../debug/mindful-reportPackageTests.xctest`; macOS
        // `.../debug/mindful-reportPackageTests.xctest/Contents/MacOS/...`, hence the walk up.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("mindful-report")
            if usable(candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        // The package's scratch folders, newest binary first.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scratch = ((try? fm.contentsOfDirectory(atPath: package.path)) ?? []).filter { $0.hasPrefix(".build") }
        let candidates = scratch.map { package.appendingPathComponent($0).appendingPathComponent("debug/mindful-report") }.filter(usable)
        func modified(_ u: URL) -> Date { ((try? fm.attributesOfItem(atPath: u.path))?[.modificationDate] as? Date) ?? .distantPast }
        return candidates.max { modified($0) < modified($1) }
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
    private let stdoutURL: URL
    private let stderrURL: URL

    /// - Parameters:
    ///   - work: a folder for the child's HOME, XDG folders and its captured output.
    ///   - environment: added to the bare environment (PATH, HOME, XDG_*, LANG, TZ).
    init(_ arguments: [String], environment: [String: String] = [:], work: URL) throws {
        guard let executable = CLIExecutable.url else {
            throw CLIError.noExecutable
        }
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
        try process.run()
    }

    enum CLIError: Error, CustomStringConvertible {
        case noExecutable
        var description: String {
            "the mindful-report executable was not found next to the test binary (\(CommandLine.arguments[0])) nor in .build*/debug; build it (swift build) or set MINDFUL_REPORT_EXECUTABLE"
        }
    }

    var pid: pid_t { process.processIdentifier }

    func kill() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the child (polling, so no thread blocks), killing it after `timeout` seconds.
    func wait(timeout: Double = 120) async -> CLIResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                Issue.record("mindful-report \(process.arguments ?? []) still running after \(timeout) s; killed")
                kill()
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
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
