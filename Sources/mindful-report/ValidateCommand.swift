import ArgumentParser
import Foundation
import MindfulReport

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XHTML or SVG files against the DTD their DOCTYPE names, offline through libxml2.",
        discussion: """
        The DTDs are built into the program (XHTML 1.0 Strict, XHTML+ARIA 1.0, SVG 1.1): no XML \
        catalog, file or network is used, and a DOCTYPE naming any other DTD is reported as unknown. \
        Prints "file: valid (DTD, built in)" for each valid file and file:line: message for each \
        problem; exits 1 when any file is invalid.
        """
    )

    @Argument(help: "Files to validate.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to validate") }
    }

    func run() throws {
        let validator = DocumentValidator()
        var failed = 0
        for file in files {
            do {
                let used = try validator.validateFile(at: file)
                print("\(file): valid (\(used))")
            } catch {
                failed += 1
                for line in error.allLines { print(line) }
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
