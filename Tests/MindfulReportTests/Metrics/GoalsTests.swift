import Foundation
import Testing
@testable import MindfulReport

/// Service goals (SPEC §7): the config section, the verdicts, `goals.csv`, the pages, the email,
/// the site archive and the exit status.
@Suite(.tags(.goals)) struct GoalsTests {
    static let config = """
    timezone: UTC
    goals:
      success_rate: ">= 0.80"
      on_time_rate: ">= 0.90"
      response_p90_s: "<= 600"
      hours_missing: "<= 0"
      hold_mean_s: < 30
      targets:
        "5298": { success_rate: ">= 0.85", talk_mean_s: "> 100" }
        5301:
          response_p90_s: <= 1e3
    """

    // MARK: Config

    @Test func theGoalsSectionIsRead() throws {
        let c = try ReportConfig.parse(yaml: Self.config, file: "c.yaml")
        let goals = try #require(c.goals)
        #expect(goals.global.map(\.text) == [">= 0.80", ">= 0.90", "<= 600", "<= 0", "< 30"])
        #expect(goals.global.map(\.metric) == ["success_rate", "on_time_rate", "response_p90_s", "hours_missing", "hold_mean_s"])
        #expect(goals.global[0].threshold == 0.8 && goals.global[0].comparison == .atLeast)
        // A target's own goal replaces the global one on the same column and adds others.
        let billing = goals.goals(forTarget: "5298")
        #expect(billing.map(\.metric) == ["success_rate", "on_time_rate", "response_p90_s", "hours_missing", "hold_mean_s", "talk_mean_s"])
        #expect(billing[0].text == ">= 0.85" && billing[5].comparison == .above)
        #expect(goals.goals(forTarget: "5301")[2].threshold == 1000)
        #expect(goals.goals(forTarget: "9999") == goals.global)
        // An empty section is no goals.
        #expect(try ReportConfig.parse(yaml: "goals:\n", file: "c.yaml").goals?.isEmpty == true)
        #expect(Goals.metrics.contains("hours_missing") && Goals.metrics.contains("talk_total_s") && !Goals.metrics.contains("call_target_name"))
    }

    /// Every bad goal is refused with the file, the line and the key's path.
    @Test(arguments: [
        ("goals:\n  sucess_rate: \">= 0.8\"\n", "c.yaml:2: unknown key \"goals.sucess_rate\""),
        ("goals:\n  success_rate: \"=> 0.8\"\n", "c.yaml:2: \"goals.success_rate\" must be >=, <=, > or < then a number"),
        ("goals:\n  success_rate: \">= high\"\n", "c.yaml:2: \"goals.success_rate\" must be >=, <=, > or < then a number"),
        ("goals:\n  success_rate: 0.8\n", "c.yaml:2: \"goals.success_rate\" must be >=, <=, > or < then a number"),
        ("goals:\n  success_rate: \">= 0.8 or so\"\n", "c.yaml:2: \"goals.success_rate\" must be"),
        ("goals:\n  success_rate: \">= nan\"\n", "c.yaml:2: \"goals.success_rate\" must be"),
        ("goals:\n  call_target_name: \">= 1\"\n", "c.yaml:2: unknown key \"goals.call_target_name\""),
        ("goals:\n  targets:\n    \"5298\":\n      success_rate: \">= 0.8\"\n      on_time: \">= 1\"\n",
         "c.yaml:5: unknown key \"goals.targets.5298.on_time\""),
        ("goals:\n  targets:\n    \"5298\":\n      success_rate: [1]\n", "c.yaml:4: \"goals.targets.5298.success_rate\" must be a comparison"),
        ("goals:\n  targets:\n    \"5298\": \">= 0.8\"\n", "c.yaml:3: \"goals.targets.5298\" must be a mapping of goals"),
        ("goals: \">= 0.8\"\n", "c.yaml:1: \"goals\" must be a mapping of keys"),
        ("goals:\n  success_rate: \">= 0.8\"\n  success_rate: \">= 0.9\"\n", "c.yaml"),
    ])
    func badGoalsAreRefusedWithTheirPath(yaml: String, message: String) throws {
        let e = try #require(throws: ConfigError.self) { try ReportConfig.parse(yaml: yaml, file: "c.yaml") }
        #expect(e.description.hasPrefix(message), "\(e.description)")
    }

    @Test func goalValuesParse() {
        #expect(Goals.parseGoal(">=0.8", metric: "x")?.text == ">= 0.8")
        #expect(Goals.parseGoal("  <  -5 ", metric: "x")?.threshold == -5)
        #expect(Goals.parseGoal("> +1.5e2", metric: "x")?.threshold == 150)
        #expect(Goals.parseGoal("<= .5", metric: "x")?.threshold == 0.5)
        for bad in ["", ">=", "= 5", "== 5", "> = 5", ">= 1,000", ">= 0x10", ">= inf", ">= 1e", "5", "≥ 5"] {
            #expect(Goals.parseGoal(bad, metric: "x") == nil, "\(bad)")
        }
        let g = Goals.Goal(metric: "m", comparison: .above, threshold: 1)
        #expect(g.isMet(by: 1) == false && g.isMet(by: 1.01) == true && g.isMet(by: nil) == nil && g.isMet(by: .nan) == nil)
    }

    // MARK: Verdicts and goals.csv

    /// Billing (5298): 10 requests, 8 successes (80%), response 100..1000 s; Support (5301): 10
    /// requests, 9 successes, no response values; a third target without own goals.
    static func makeCache(_ c: CacheBuilder, day: String = "2023-06-08") throws {
        var records: [String] = []
        for i in 0..<10 {
            records.append(record(["callTargetId": q("5298"), "callTargetName": q("Billing"), "outcome": q(i < 8 ? "Success" : "Failure"),
                                   "actualCallbackTime": "\((i + 1) * 100)", "wasPunctual": i < 9 ? "true" : "false",
                                   "agentDelay": "\(20 + i)", "talkDuration": "\(50 + i)"]))
            records.append(record(["callTargetId": q("5301"), "callTargetName": q("Support"), "outcome": q(i < 9 ? "Success" : "Canceled"),
                                   "wasPunctual": "true", "agentDelay": "35"]))
        }
        records.append(record(["callTargetId": q("77"), "callTargetName": q("Sales"), "outcome": q("Success"), "actualCallbackTime": "30",
                               "wasPunctual": "true", "agentDelay": "10"]))
        for hour in 0..<24 {
            try c.write("\(day)T\(hour < 10 ? "0" : "")\(hour)", records: hour == 10 ? records : [])
        }
    }

    static func goals() throws -> Goals {
        try #require(try ReportConfig.parse(yaml: config, file: "c.yaml").goals)
    }

    func report(_ tmp: TemporaryFolder, goals: Goals?) async throws -> ReportResult {
        try Self.makeCache(CacheBuilder(root: tmp.path("cache")))
        return try await runReport(cache: tmp.path("cache"), from: "2023-06-08", to: "2023-06-08", out: tmp.path("out")) { $0.goals = goals }
    }

    @Test func verdictsAndGoalsCSV() async throws {
        let tmp = try TemporaryFolder()
        let result = try await report(tmp, goals: try Self.goals())
        let csv = try ParsedCSV(file: tmp.path("out/goals.csv"))
        #expect(csv.header == ["call_target_id", "metric", "goal", "value", "met"])
        let rows = csv.records.map { "\($0["call_target_id"]!) \($0["metric"]!) \($0["goal"]!) \($0["value"]!) \($0["met"]!)" }
        // Rows in summary.csv order (Billing, Sales, Support by name, then ALL).
        #expect(rows == [
            "5298 success_rate >= 0.85 0.8 false",
            "5298 on_time_rate >= 0.90 0.9 true",
            "5298 response_p90_s <= 600 900 false",
            "5298 hours_missing <= 0 0 true",
            "5298 hold_mean_s < 30 23.5 true",
            "5298 talk_mean_s > 100 54.5 false",
            "77 success_rate >= 0.80 1 true",
            "77 on_time_rate >= 0.90 1 true",
            "77 response_p90_s <= 600 30 true",
            "77 hours_missing <= 0 0 true",
            "77 hold_mean_s < 30 10 true",
            "5301 success_rate >= 0.80 0.9 true",
            "5301 on_time_rate >= 0.90 1 true",
            "5301 response_p90_s <= 1e3  unknown",
            "5301 hours_missing <= 0 0 true",
            "5301 hold_mean_s < 30 35 false",
            "ALL success_rate >= 0.80 0.8571 true",
            "ALL on_time_rate >= 0.90 0.9524 true",
            "ALL response_p90_s <= 600 900 false",
            "ALL hours_missing <= 0 0 true",
            "ALL hold_mean_s < 30 28.5 true",
        ])
        let goals = try #require(result.goals)
        #expect(result.missedGoals == 5 && goals.missedCount == 5)
        #expect(goals.unknownCount == 1)
        // Worst first by relative miss: ALL p90 and Billing p90 (50% over), talk (45.5% short),
        // Support hold (17% over), Billing success (5.9% short).
        let worst = goals.missedWorstFirst.map { "\($0.targetId) \($0.goal.metric)" }
        #expect(worst == ["5298 response_p90_s", "ALL response_p90_s", "5298 talk_mean_s", "5301 hold_mean_s", "5298 success_rate"])
        #expect(goals.missedWorstFirst[4].verdictText == "Missed: 80.0%, 5.0 points short")
        #expect(goals.missedWorstFirst[0].goalText == "p90 response at most 10 min 00 s")
        #expect(goals.missedWorstFirst[0].verdictText == "Missed: 15 min 00 s, 5 min 00 s over")
        #expect(goals.results.first { $0.status == .unknown }!.verdictText == "Unknown: no figure in this range")
    }

    @Test func pagesShowGoalsAndTheIndexOpensWithNeedsAttention() async throws {
        let tmp = try TemporaryFolder()
        _ = try await report(tmp, goals: try Self.goals())
        let index = String(decoding: try Data(contentsOf: tmp.path("out/index.html")), as: UTF8.self)
        // "Needs attention" comes first, right after the title.
        let attention = try #require(index.range(of: "<h2>Needs attention</h2>"))
        let firstH2 = try #require(index.range(of: "<h2>"))
        #expect(attention.lowerBound == firstH2.lowerBound)
        #expect(index.contains("5 goals missed, worst first."))
        // Names are isolated (U+2068 ... U+2069), as everywhere on the pages.
        let billing = XHTMLText.isolated("Billing"), all = XHTMLText.isolated("All call targets"), support = XHTMLText.isolated("Support")
        #expect(index.contains("<li><a href=\"targets/5298.html\">\(billing)</a>: p90 response at most 10 min 00 s. <strong>Missed: 15 min 00 s, 5 min 00 s over.</strong></li>"))
        #expect(index.contains("<li><a href=\"#goals\">\(all)</a>: p90 response at most 10 min 00 s."))
        let order = ["targets/5298.html\">\(billing)</a>: p90", "#goals\">\(all)</a>: p90", "\(billing)</a>: Average talk", "\(support)</a>: Average hold", "\(billing)</a>: Success rate"]
        let positions = order.map { index.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        // The index's own goals are those of the ALL row.
        #expect(index.contains("Service goals for all call targets: 4 met, 1 missed."))
        #expect(index.contains("<th scope=\"row\">Success rate at least 80.0%</th><td class=\"goal-met\">Met: 85.7%</td>"))
        let supportPage = String(decoding: try Data(contentsOf: tmp.path("out/targets/5301.html")), as: UTF8.self)
        #expect(supportPage.contains("Service goals for this call target: 3 met, 1 missed, 1 unknown."))
        #expect(supportPage.contains("<th scope=\"row\">p90 response at most 16 min 40 s</th><td class=\"goal-unknown\">Unknown: no figure in this range</td>"))
        #expect(supportPage.contains("<td class=\"goal-missed\">Missed: 35 s, 5 s over</td>"))
        #expect(!supportPage.contains("Needs attention"))
    }

    @Test func nothingMissedIsOneLineAndNoGoalsIsNoSection() async throws {
        let tmp = try TemporaryFolder()
        let easy = Goals(global: [Goals.Goal(metric: "requests", comparison: .atLeast, threshold: 1),
                                  Goals.Goal(metric: "response_mean_s", comparison: .below, threshold: 10_000)])
        let result = try await report(tmp, goals: easy)
        #expect(result.missedGoals == 0)
        let index = String(decoding: try Data(contentsOf: tmp.path("out/index.html")), as: UTF8.self)
        #expect(index.contains("<h2>Needs attention</h2>\n<p>No goal is missed: 7 of 8 met, 1 unknown (no figure).</p>"))
        let none = try TemporaryFolder()
        let plain = try await report(none, goals: nil)
        #expect(plain.goals == nil && plain.missedGoals == 0)
        #expect(!FileManager.default.fileExists(atPath: none.path("out/goals.csv").path))
        let plainIndex = String(decoding: try Data(contentsOf: none.path("out/index.html")), as: UTF8.self)
        #expect(!plainIndex.contains("Needs attention") && !plainIndex.contains("id=\"goals\""))
    }

    @Test func theEmailSubjectEndsWithTheMissedCountAndTheBodyListsThemFirst() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try Self.makeCache(c)
        let range = try ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-08")!, timeZone: .named("UTC"))
        var options = ReportOptions(range: range, output: tmp.path("out"))
        options.goals = try Self.goals()
        let delivery = Delivery(output: tmp.path("out"), email: ReportEmail(from: "r@example.com", to: ["ops@example.com"]),
                                emailFile: tmp.path("mail.eml"))
        let outcome = try await DeliveryJob(job: ReportJob(report: options), delivery: delivery, source: CacheRecordSource(cache: c.cache)).run(now: Date(timeIntervalSince1970: 1_686_300_000))
        let eml = String(decoding: try #require(outcome.email), as: UTF8.self)
        #expect(eml.contains("Subject: Callbacks 2023-06-08: 21 requests, 85.7% success, 5 goals missed"))
        var email = ReportEmail(from: "r@example.com", to: ["ops@example.com"])
        email.goals = outcome.result.goals
        let subject = email.subject(outcome.result.metrics)
        #expect(subject.hasSuffix(", 5 goals missed"))
        let text = email.textBody(outcome.result.metrics, subject: subject)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2] == "Needs attention: 5 goals missed, worst first.")
        #expect(lines[3] == "- \(XHTMLText.clean("Billing")): p90 response at most 10 min 00 s. Missed: 15 min 00 s, 5 min 00 s over.")
        #expect(lines[8] == "")
        #expect(lines[9].hasPrefix("Range: "))
        // One missed goal: singular.
        email.goals = GoalEvaluation(results: Array(outcome.result.goals!.missed.prefix(1)))
        #expect(email.subject(outcome.result.metrics).hasSuffix(", 1 goal missed"))
        email.goals = GoalEvaluation(results: outcome.result.goals!.results.filter { $0.status != .missed })
        #expect(email.subject(outcome.result.metrics).hasSuffix("success"))
    }

    @Test func theSiteArchiveShowsTheCountPerReport() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        try Self.makeCache(c, day: "2023-06-07")
        try Self.makeCache(c, day: "2023-06-08")
        let site = tmp.path("site")
        for (day, goals) in [("2023-06-07", Goals()), ("2023-06-08", try Self.goals())] {
            let range = try ReportRange(from: LocalDate(day)!, to: LocalDate(day)!, timeZone: .named("UTC"))
            var options = ReportOptions(range: range, output: tmp.path("unused"))
            options.goals = goals
            _ = try await DeliveryJob(job: ReportJob(report: options), delivery: Delivery(site: site), source: CacheRecordSource(cache: c.cache)).run()
        }
        let archive = String(decoding: try Data(contentsOf: site.appendingPathComponent("index.html")), as: UTF8.self)
        #expect(archive.contains("<th scope=\"col\">Goals missed</th>"))
        #expect(archive.contains("<td><strong>5 of 21 missed</strong></td>"))
        #expect(archive.contains("<td>–</td>"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("2023-06-08/report.json"))) as! [String: Any]
        #expect(json["goalsMissed"] as? Int == 5 && json["goalsSet"] as? Int == 21)
        try DocumentValidator().validateFile(at: site.appendingPathComponent("index.html").path)
    }
}

/// `--fail-on-missed-goals` and goals checked before any work, through the executable.
@Suite(.tags(.goals, .cli)) struct GoalsCLITests {
    func sandbox() throws -> (TemporaryFolder, URL) {
        let tmp = try TemporaryFolder("goals-cli")
        try GoalsTests.makeCache(CacheBuilder(root: tmp.path("cache")))
        try FileManager.default.createDirectory(at: tmp.path("work"), withIntermediateDirectories: true)
        return (tmp, tmp.path("work"))
    }

    func arguments(_ tmp: TemporaryFolder, config: URL, out: String = "out") -> [String] {
        ["report", "--offline", "--cache", tmp.path("cache").path, "--from", "2023-06-08", "--to", "2023-06-08",
         "--out", tmp.path(out).path, "--config", config.path]
    }

    @Test func aMissedGoalExits4OnlyWithTheFlag() async throws {
        let (tmp, work) = try sandbox()
        let config = tmp.path("config.yaml")
        try Data(GoalsTests.config.utf8).write(to: config)
        let plain = try await runCLI(arguments(tmp, config: config, out: "plain"), work: work)
        #expect(plain.status == 0, "\(plain.summary)")
        #expect(plain.stderr.contains("Goals: 5 of 21 missed."))
        let strict = try await runCLI(arguments(tmp, config: config, out: "strict") + ["--fail-on-missed-goals"], work: work)
        #expect(strict.status == 4, "\(strict.summary)")
        #expect(FileManager.default.fileExists(atPath: tmp.path("strict/goals.csv").path))
        // Every goal met: 0 with the flag.
        try Data("goals:\n  requests: \">= 1\"\n".utf8).write(to: config)
        let met = try await runCLI(arguments(tmp, config: config, out: "met") + ["--fail-on-missed-goals"], work: work)
        #expect(met.status == 0, "\(met.summary)")
        // Incomplete and a goal missed: 3 comes first.
        try FileManager.default.removeItem(at: tmp.path("cache/20230608/05.json"))
        try Data(GoalsTests.config.utf8).write(to: config)
        let incomplete = try await runCLI(arguments(tmp, config: config, out: "incomplete") + ["--fail-on-missed-goals"], work: work)
        #expect(incomplete.status == 3, "\(incomplete.summary)")
    }

    @Test func aBadGoalStopsTheRunBeforeAnyWork() async throws {
        let (tmp, work) = try sandbox()
        let config = tmp.path("config.yaml")
        try Data("timezone: UTC\ngoals:\n  targets:\n    \"5298\":\n      success_rate: \">= 80%\"\n".utf8).write(to: config)
        let run = try await runCLI(arguments(tmp, config: config), work: work)
        #expect(run.status == 1)
        #expect(run.stderrLines == ["mindful-report: error: \(config.path):5: \"goals.targets.5298.success_rate\" must be >=, <=, > or < then a number, such as \">= 0.80\" or \"<= 600\" (found \">= 80%\")"])
        #expect(!FileManager.default.fileExists(atPath: tmp.path("out").path))
    }
}
