/// The outcome of an attempt as the report counts it.
public enum Outcome {
    /// Mindful's documented outcomes, in the order the report lists them.
    public static let known = ["Success", "Canceled", "Unavailable", "Not Completed", "Chose Hold", "Abandoned",
                               "Unknown", "Failure", "Chose Messaging", "Text Scheduling"]
    public static let success = "Success"
    public static let unknown = "Unknown"

    /// Known outcomes in their listed order, then any others in code-point order.
    public static func ordered(_ outcomes: some Sequence<String>) -> [String] {
        let present = Set(outcomes.map(ExactKey.init))
        let knownPresent = known.filter { present.contains(ExactKey($0)) }
        let knownKeys = Set(known.map(ExactKey.init))
        let others = present.filter { !knownKeys.contains($0) }.map(\.string).sorted(by: CodePointOrder.less)
        return knownPresent + others
    }
}
