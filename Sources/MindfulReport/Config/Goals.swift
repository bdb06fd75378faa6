import Foundation
import Yams

/// Service goals from the config file's `goals:` section (SPEC §7):
///
/// ```yaml
/// goals:
///   success_rate: ">= 0.80"
///   response_p90_s: "<= 600"
///   hours_missing: "<= 0"
///   targets:
///     "5298": { success_rate: ">= 0.85" }
/// ```
///
/// Keys are numeric `summary.csv` columns (``metrics``); values are `>=`, `<=`, `>` or `<`
/// then a number. A global goal applies to the `ALL` row and to every call target; a target's
/// own goal on the same column replaces it for that target.
public struct Goals: Sendable, Equatable {
    /// How a figure is compared with its threshold.
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = ">=", atMost = "<=", above = ">", below = "<"

        /// True when `value` meets a goal of this kind with `threshold`.
        public func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .atLeast: return value >= threshold
            case .atMost: return value <= threshold
            case .above: return value > threshold
            case .below: return value < threshold
            }
        }

        /// "at least", "at most", "more than", "less than".
        public var words: String {
            switch self {
            case .atLeast: return "at least"
            case .atMost: return "at most"
            case .above: return "more than"
            case .below: return "less than"
            }
        }

        /// True when a higher figure is the better side of the goal.
        public var wantsHigher: Bool { self == .atLeast || self == .above }
    }

    /// One goal: a `summary.csv` column, a comparison and a threshold.
    public struct Goal: Sendable, Equatable {
        /// The `summary.csv` column (`success_rate`, `hours_missing`).
        public let metric: String
        public let comparison: Comparison
        public let threshold: Double
        /// The threshold as written in the file (`0.80`), kept for `goals.csv`.
        public let thresholdText: String

        /// A goal on one `summary.csv` column.
        public init(metric: String, comparison: Comparison, threshold: Double, thresholdText: String? = nil) {
            self.metric = metric
            self.comparison = comparison
            self.threshold = threshold
            self.thresholdText = thresholdText ?? FigureFormat.decimal(threshold, places: 6)
        }

        /// `>= 0.80`.
        public var text: String { "\(comparison.rawValue) \(thresholdText)" }

        /// True or false for a figure; `nil` (unknown) for an empty one.
        public func isMet(by value: Double?) -> Bool? {
            guard let value, value.isFinite else { return nil }
            return comparison.holds(value, threshold)
        }
    }

    /// Goals of the `ALL` row and of every call target, in file order.
    public var global: [Goal]
    /// Per call target id, the goals that replace (same column) or add to the global ones.
    public var targets: [String: [Goal]]

    /// Goals for every row, and per call target.
    public init(global: [Goal] = [], targets: [String: [Goal]] = [:]) {
        self.global = global
        self.targets = targets
    }

    /// True when no goal is set anywhere.
    public var isEmpty: Bool { global.isEmpty && targets.values.allSatisfy(\.isEmpty) }

    /// The columns a goal may name: every numeric `summary.csv` column, `hours_missing` among
    /// them.
    public static let metrics: [String] = FigureCSVs.summaryColumns.filter {
        !["call_target_id", "call_target_name", "missing_hours"].contains($0)
    }

    /// The goals of one call target: the global ones, each replaced by the target's own on the
    /// same column, then the target's goals on other columns.
    public func goals(forTarget id: String) -> [Goal] {
        let own = targets[id] ?? []
        var result = global.map { g in own.first { $0.metric == g.metric } ?? g }
        result += own.filter { o in !global.contains { $0.metric == o.metric } }
        return result
    }

    /// Parses a goal value: `>= 0.80`, `<600`, `> -5`, `<= 1e3`. `nil` when it is not one.
    public static func parseGoal(_ text: String, metric: String) -> Goal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Two-character operators first.
        for comparison in [Comparison.atLeast, .atMost, .above, .below] where trimmed.hasPrefix(comparison.rawValue) {
            let number = trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
            guard isPlainNumber(number), let value = Double(number), value.isFinite else { return nil }
            return Goal(metric: metric, comparison: comparison, threshold: value, thresholdText: number)
        }
        return nil
    }

    /// A decimal number as people write one: optional sign, digits with an optional fraction,
    /// an optional exponent (no `nan`, `inf`, hex or thousands separators).
    static func isPlainNumber(_ s: String) -> Bool {
        var bytes = Array(s.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            var n = 0
            while let b = bytes.first, (48...57).contains(b) { bytes = bytes.dropFirst(); n += 1 }
            return n
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    // MARK: Reading the config file

    /// Reads the `goals:` node of a config file; every error names the file, the line and the
    /// key's path (`goals.targets.5298.success_rate`).
    public init(yaml node: Node, file: String) throws(ConfigError) {
        self.init()
        if case .scalar = node, node.tag.rawValue == Tag.Name.null.rawValue { return }  // `goals:` with nothing
        for (key, value, line) in try Self.pairs(node, path: "goals", file: file) {
            if key == "targets" {
                for (id, targetNode, targetLine) in try Self.pairs(value, path: "goals.targets", file: file) {
                    let path = "goals.targets.\(id)"
                    if case .scalar = targetNode, targetNode.tag.rawValue == Tag.Name.null.rawValue { continue }
                    guard case .mapping = targetNode else {
                        throw .wrongType(file: file, line: targetNode.mark?.line ?? targetLine, key: path,
                                         expected: "a mapping of goals (success_rate: \">= 0.85\")", found: Self.describe(targetNode))
                    }
                    var own: [Goal] = []
                    for (metric, goalNode, goalLine) in try Self.pairs(targetNode, path: path, file: file) {
                        own.append(try Self.goal(goalNode, metric: metric, parent: path, line: goalLine, file: file))
                    }
                    targets[id] = own
                }
                continue
            }
            global.append(try Self.goal(value, metric: key, parent: "goals", line: line, file: file))
        }
    }

    /// The goal of `parent.metric` (the section `goals`, or `goals.targets.<id>`).
    private static func goal(_ node: Node, metric: String, parent: String, line: Int, file: String) throws(ConfigError) -> Goal {
        let path = "\(parent).\(metric)"
        guard metrics.contains(metric) else {
            let known = (parent == "goals" ? metrics + ["targets"] : metrics).map { "\(parent).\($0)" }
            throw .unknownKey(file: file, line: line, key: path, known: known)
        }
        let valueLine = node.mark?.line ?? line
        guard case .scalar(let scalar) = node, node.tag.rawValue != Tag.Name.null.rawValue else {
            throw .wrongType(file: file, line: valueLine, key: path, expected: "a comparison such as \">= 0.80\"", found: describe(node))
        }
        guard let goal = parseGoal(scalar.string, metric: metric) else {
            let shown = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            throw .badValue(file: file, line: valueLine, key: path,
                            message: "must be >=, <=, > or < then a number, such as \">= 0.80\" or \"<= 600\" (found \"\(shown)\")")
        }
        return goal
    }

    /// The pairs of a mapping with text keys, each with its line; a key twice is an error.
    private static func pairs(_ node: Node, path: String, file: String) throws(ConfigError) -> [(String, Node, Int)] {
        guard case .mapping(let mapping) = node else {
            throw .wrongType(file: file, line: node.mark?.line ?? 0, key: path, expected: "a mapping of keys", found: describe(node))
        }
        var seen: Set<String> = []
        var result: [(String, Node, Int)] = []
        for (k, v) in mapping {
            let line = k.mark?.line ?? 0
            guard case .scalar(let s) = k else {
                throw .wrongType(file: file, line: line, key: path, expected: "text keys", found: describe(k))
            }
            guard seen.insert(s.string).inserted else { throw .badValue(file: file, line: line, key: "\(path).\(s.string)", message: "appears twice") }
            result.append((s.string, v, line))
        }
        return result
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar:
            switch node.tag.rawValue {
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return "a number"
            case Tag.Name.bool.rawValue: return "true/false"
            case Tag.Name.null.rawValue: return "nothing"
            default: return "text"
            }
        }
    }
}
