/// The goals of a page's scope and, on the index, "Needs attention" (SPEC §7). Verdicts are in
/// words with the figure, so nothing rests on colour alone.
extension ReportPageModel {
    /// `goals` of a page: its rows (`goal`, `verdict`, `status`), or `nil` without goals.
    func goalSection(targetId: String, isAll: Bool) -> GoalsView? {
        guard let goals else { return nil }
        let results = goals.results(forTarget: targetId, isAll: isAll)
        guard !results.isEmpty else { return nil }
        let missed = results.filter { $0.status == .missed }.count
        let met = results.filter { $0.status == .met }.count
        let unknown = results.count - missed - met
        var counts = ["\(met) met", "\(missed) missed"]
        if unknown > 0 { counts.append("\(unknown) unknown") }
        return GoalsView(
            scope: isAll ? "all call targets" : "this call target",
            counts: counts.joined(separator: ", "),
            rows: results.map { r in
                GoalRowView(goal: XHTMLText.clean(r.goalText), verdict: XHTMLText.clean(r.verdictText), status: r.status.rawValue)
            })
    }

    /// "Needs attention" of the index: the missed goals, worst first, each linking to its target's
    /// page (the index's own goals for the `ALL` row); `nil` without goals.
    func attentionSection() -> AttentionView? {
        guard let goals, !goals.results.isEmpty else { return nil }
        let missed = goals.missedWorstFirst
        var section = AttentionView(missed: [])
        if missed.isEmpty {
            let unknown = goals.unknownCount
            section.none = "No goal is missed: \(goals.metCount) of \(goals.results.count) met"
                + (unknown > 0 ? ", \(unknown) unknown (no figure)." : ".")
        } else {
            section.count = "\(missed.count) goal\(missed.count == 1 ? "" : "s") missed, worst first."
            section.missed = missed.map { r in
                let name = r.isAll ? r.targetName : (r.targetName.isEmpty ? "(no name)" : r.targetName)
                return MissedGoalView(
                    href: r.isAll ? "#goals" : "targets/\(TargetSlug.slug(forTargetId: r.targetId)).html",
                    name: XHTMLText.isolated(name),
                    goal: XHTMLText.clean(r.goalText),
                    verdict: XHTMLText.clean(r.verdictText))
            }
        }
        return section
    }
}
