import ArgumentParser
import Foundation
import MindfulReport

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XHTML or SVG files against the DTD their DOCTYPE names, offline through libxml2.",
        discussion: "Prints file:line: message for each problem; exits 1 when any file is invalid."
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
                try validator.validateFile(at: file)
                print("\(file): valid")
            } catch {
                failed += 1
                for line in error.allLines { print(line) }
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
