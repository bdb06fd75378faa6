import Foundation
@testable import MindfulReport
#if canImport(Glibc)
import Glibc
#endif

/// The end of a child process, awaited without holding a thread: `Process.terminationHandler`
/// resumes the waiters. Swift Testing runs tests on the few threads of the cooperative pool (two
/// on a 2-core machine), so a test that blocked one in `waitUntilExit()` would stall half the run.
final class ProcessEnd: @unchecked Sendable {
    private let lock = NSLock()
    private var ended = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Watches `process`; call before `process.run()`.
    init(of process: Process) {
        process.terminationHandler = { [self] _ in
            lock.lock()
            ended = true
            let resumed = waiters
            waiters = []
            lock.unlock()
            for waiter in resumed { waiter.resume() }
        }
    }

    /// Returns once the process has ended.
    func wait() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            lock.lock()
            if ended {
                lock.unlock()
                waiter.resume()
            } else {
                waiters.append(waiter)
                lock.unlock()
            }
        }
    }
}

/// Runs `executable` to its end; stdout and stderr together (through a file, so no pipe fills).
func runProgram(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(UUID().uuidString).out")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    let handle = try FileHandle(forWritingTo: output)
    defer { try? handle.close() }
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    let end = ProcessEnd(of: process)
    try ProcessLaunch.run(process)
    await end.wait()
    return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
}

/// `python3` (from `PATH`), run without blocking a thread.
enum Python {
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runProgram(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }
}

/// A server script under `Fixtures/` (see `serverkit.py`): started with its port read from its
/// first line, driven by commands on its stdin, stopped by closing its stdin.
final class PythonServer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let stdin: Pipe
    private let stdout: Pipe
    /// Commands go one at a time, off the cooperative threads (each waits for its answer line).
    private let control = DispatchQueue(label: "python-server-control")

    init(script: URL, arguments: [String]) async throws {
        let process = Process(), stdin = Pipe(), stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        try ProcessLaunch.run(process)
        let line = await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: PythonServer.readLine(stdout)) }
        }
        guard let port = line.flatMap({ Int($0) }) else {
            process.terminate()
            throw ServerError.noPort(script.lastPathComponent)
        }
        self.process = process
        self.stdin = stdin
        self.stdout = stdout
        self.port = port
    }

    enum ServerError: Error { case noPort(String) }

    /// Sends one command line and returns the server's answer line.
    func command(_ text: String) async -> String? {
        let (control, stdin, stdout) = (control, stdin, stdout)
        return await withCheckedContinuation { done in
            control.async {
                try? stdin.fileHandleForWriting.write(contentsOf: Data((text + "\n").utf8))
                done.resume(returning: Self.readLine(stdout))
            }
        }
    }

    /// One line, read byte by byte so that nothing after it is consumed (blocks the calling thread).
    private static func readLine(_ pipe: Pipe) -> String? {
        let fd = pipe.fileHandleForReading.fileDescriptor
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}
