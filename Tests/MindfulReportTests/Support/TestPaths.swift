import Foundation

/// Folders of the package that the tests read, found from this file's place in the source tree.
enum TestPaths {
    /// `Tests/MindfulReportTests`.
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/MindfulReportTests/Fixtures`.
    static let fixtures = tests.appendingPathComponent("Fixtures")
    /// The package's root folder.
    static let package = tests.deletingLastPathComponent().deletingLastPathComponent()
    /// `Samples/`, the sample cache of `scripts/demo`.
    static let samples = package.appendingPathComponent("Samples")
    /// `Sources/`.
    static let sources = package.appendingPathComponent("Sources")

    /// A file under `Fixtures/`.
    static func fixture(_ relative: String) -> URL { fixtures.appendingPathComponent(relative) }
}
