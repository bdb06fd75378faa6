import Foundation
import Testing

/// Every public type and function of the library says what it is for in a `///` line, so that
/// whoever calls it reads that, not its body.
@Suite struct PublicAPIDocumentationTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// `public` or `open` types, functions and initialisers, after any attributes.
    static let pattern = #"^\s*(@\w+(\([^)]*\))?\s+)*(public|open)\s+((static|final|mutating|nonisolated|override|indirect|convenience|required)\s+)*(func|init|struct|enum|class|actor|protocol|typealias)\b"#

    /// The library targets' Swift files (not the executable's, whose types are not public).
    static func libraryFiles() throws -> [URL] {
        let fm = FileManager.default
        var files: [URL] = []
        for target in try fm.contentsOfDirectory(atPath: sources.path) where target != "mindful-report" {
            guard let e = fm.enumerator(atPath: sources.appendingPathComponent(target).path) else { continue }
            while let p = e.nextObject() as? String {
                if p.hasSuffix(".swift") { files.append(sources.appendingPathComponent(target).appendingPathComponent(p)) }
            }
        }
        return files
    }

    @Test func everyPublicTypeAndFunctionHasADocLine() throws {
        let declaration = try Regex(Self.pattern)
        let files = try Self.libraryFiles()
        #expect(files.count > 50)
        var undocumented: [String] = []
        var seen = 0
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() where line.firstMatch(of: declaration) != nil {
                seen += 1
                var j = i - 1
                while j >= 0, lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("@") { j -= 1 }
                let previous = j >= 0 ? lines[j].trimmingCharacters(in: .whitespaces) : ""
                if !previous.hasPrefix("///") && !previous.hasSuffix("*/") {
                    undocumented.append("\(file.lastPathComponent):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(seen > 100, "the scan found too few declarations to be looking at the library")
        #expect(undocumented.isEmpty, "public declarations without a /// line:\n\(undocumented.joined(separator: "\n"))")
    }
}
