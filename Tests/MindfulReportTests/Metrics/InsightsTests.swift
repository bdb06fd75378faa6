import Foundation
import Testing
@testable import MindfulReport

/// Known answers for the figures beyond the CSV metrics of the README's "Metric definitions":
/// breakdowns, trends, heat maps, retry chains, distributions, offer health, comparison and the
/// summary sentence.
@Suite struct InsightsTests {
    func metrics(_ from: String, _ to: String, zone: String = "UTC", hours: [(String, [String])]) async throws -> ReportMetrics {
        let range = try ReportRange(from: LocalDate(from)!, to: LocalDate(to)!, timeZone: TimeZone.named(zone))
        let decoded = try hours.map { (utc, records) in
            let body = "{\"data\": [" + records.joined(separator: ",") + "]}"
            return (hour: UTCHour.parse(utc), records: try FoundationHourDecoder().decode(Array(body.utf8)))
        }
        return try await MetricsAggregator.metrics(range: range, hours: decoded)
    }

    @Test func breakdownsGroupAttemptsAndCountRequestsByTheirFinalAttempt() async throws {
        let m = try await metrics("2023-06-08", "2023-06-08", hours: [
            ("2023-06-08T09", [
                record(["id": q("a1"), "originalId": q("A"), "segmentName": "null", "source": q("CBWidget:abc"), "type": q("asap"),
                        "firstPartyCalled": q("customer"), "outcome": q("Unavailable"), "actualCallbackTime": "100", "wasPunctual": "false"]),
                record(["id": q("b1"), "originalId": q("B"), "segmentName": q("Gold"), "source": q("Phone:+1555"), "type": q("scheduled"),
                        "firstPartyCalled": q("agent"), "outcome": q("Success"), "actualCallbackTime": "20", "wasPunctual": "true"]),
                record(["id": q("c1"), "originalId": q("C"), "segmentName": q(""), "source": q("13125551212"), "type": q("weird"),
                        "firstPartyCalled": "null", "outcome": q("Success")]),
                record(["id": q("d1"), "originalId": q("D"), "source": q("Chat"), "type": "null"]),
            ]),
            ("2023-06-08T10", [
                record(["id": q("a2"), "originalId": q("A"), "retryAttempt": "1", "segmentName": q("Gold"), "source": q("CBWidget:abc"),
                        "type": q("asap"), "outcome": q("Success"), "actualCallbackTime": "999", "wasPunctual": "true"]),
            ]),
        ])
        let segment = Dictionary(uniqueKeysWithValues: m.all.breakdowns[.segment]!.map { ($0.value, $0) })
        #expect(segment["No segment"]?.attempts == 3)       // null, "" and absent
        #expect(segment["No segment"]?.requests == 2)       // C and D; A's final attempt is in Gold
        #expect(segment["Gold"]?.attempts == 2)
        #expect(segment["Gold"]?.requests == 2)             // A (final a2) and B
        #expect(segment["Gold"]?.successRate == 1)
        #expect(segment["No segment"]?.responseMean == 100) // first attempts only: a1 (c1, d1 have none)
        #expect(segment["Gold"]?.onTimeRate == 1)
        let channel = Dictionary(uniqueKeysWithValues: m.all.breakdowns[.channel]!.map { ($0.value, $0.attempts) })
        #expect(channel == ["widget": 2, "phone": 2, "other": 1])
        let type = Dictionary(uniqueKeysWithValues: m.all.breakdowns[.type]!.map { ($0.value, $0.attempts) })
        #expect(type == ["asap": 2, "scheduled": 1, "unknown": 2])
        let party = Dictionary(uniqueKeysWithValues: m.all.breakdowns[.firstPartyCalled]!.map { ($0.value, $0.attempts) })
        #expect(party["customer"] == 1 && party["agent"] == 1 && party["Not recorded"] == 3)
        // Rows are ordered by attempts, largest first.
        #expect(m.all.breakdowns[.segment]!.first?.value == "No segment")
    }

    @Test func retryChainsAndSuccessByAttemptNumber() async throws {
        var records: [String] = []
        for (key, n, lastOutcome) in [("A", 1, "Success"), ("B", 2, "Success"), ("C", 3, "Failure"), ("D", 5, "Success")] {
            for i in 0..<n {
                records.append(record(["id": q("\(key)\(i)"), "originalId": q(key), "retryAttempt": "\(i)",
                                       "outcome": q(i == n - 1 ? lastOutcome : "Unavailable")]))
            }
        }
        let m = try await metrics("2023-06-08", "2023-06-08", hours: [("2023-06-08T09", records)])
        #expect(m.all.attemptsPerRequest == [1, 1, 1, 1])
        #expect(m.all.stats.retries == 7)
        let byAttempt = m.all.stats.successByAttempt
        #expect(byAttempt[0].total == 4 && byAttempt[0].hits == 1)  // only A succeeds first time
        #expect(byAttempt[1].total == 3 && byAttempt[1].hits == 1)  // B's retry 1
        #expect(byAttempt[2].total == 2 && byAttempt[2].hits == 0)
        #expect(byAttempt[3].total == 2 && byAttempt[3].hits == 1)  // D's retries 3 and 4 (4+)
        let model = ReportPageModel(metrics: m, title: "t", generatedAt: Date(timeIntervalSince1970: 0), piiMode: .masked).index()
        #expect(model.sections.retries.averageRetries == "1.75")
    }

    @Test func trendCountsRequestsOnTheDayOfTheirFinalAttemptAndGoesWeeklyPast62Days() async throws {
        let m = try await metrics("2023-06-08", "2023-06-09", hours: [
            ("2023-06-08T22", [record(["id": q("x0"), "originalId": q("X"), "outcome": q("Unavailable"), "actualCallbackTime": "40"])]),
            ("2023-06-09T01", [record(["id": q("x1"), "originalId": q("X"), "retryAttempt": "1", "outcome": q("Success")]),
                               record(["id": q("y0"), "originalId": q("Y"), "outcome": q("Failure"), "actualCallbackTime": "20"])]),
        ])
        let series = TrendSeries(metrics: m, target: -1)
        #expect(series.weekly == false)
        #expect(series.periods.map(\.label) == ["2023-06-08", "2023-06-09"])
        #expect(series.periods.map(\.requests) == [0, 2])
        #expect(series.periods.map(\.attempts) == [1, 2])
        #expect(series.periods[1].successRate == 0.5)
        #expect(series.periods[0].response.mean == 40)
        // 2023-06-08 is a Thursday (index 3), hour 22; 2023-06-09 Friday hour 1.
        #expect(series.heat[3][22].attempts == 1 && series.heat[4][1].attempts == 2)
        #expect(series.heat[4][1].response.mean == 20)
        let long = try await metrics("2023-01-01", "2023-03-31", hours: [("2023-01-01T10", [record([:])])])
        let weekly = TrendSeries(metrics: long, target: -1)
        #expect(weekly.weekly)
        #expect(weekly.periods.first?.label == "2022-W52")
        #expect(weekly.periods.last?.label == "2023-W13")
        #expect(weekly.periods.count == 14)
        #expect(weekly.periods.first?.requests == 1)
    }

    @Test func heatMapDrawsEveryCellOnceInItsShadeAndIsValidSVG() async throws {
        let m = try await metrics("2023-06-08", "2023-06-09", hours: [
            ("2023-06-08T22", [record(["id": q("x0"), "actualCallbackTime": "40"])]),
            ("2023-06-09T01", [record(["id": q("x1"), "actualCallbackTime": "10"]), record(["id": q("y0"), "actualCallbackTime": "20"])]),
        ])
        let bytes = ChartRenderer.heatMap(TrendSeries(metrics: m, target: -1), subject: "All", measure: .attempts)
        let svg = String(decoding: bytes, as: UTF8.self)
        // Cells of one shade are one path of `M x y h24v20h-24z` squares: read them back.
        var cells: [String: String] = [:]
        for path in svg.split(separator: "\n") where path.hasPrefix("<path ") {
            let fill = String(path.split(separator: "\"")[1])
            let d = path.split(separator: "\"")[3]
            for square in d.split(separator: "M") {
                #expect(square.hasSuffix("h24v20h-24z"), "\(square)")
                let corner = String(square.prefix { $0 != "h" })
                #expect(cells.updateValue(fill, forKey: corner) == nil, "cell \(corner) drawn twice")
            }
        }
        #expect(cells.count == 7 * 24)
        // Thursday (row 3) 22:00 has 1 attempt, Friday (row 4) 01:00 has 2, the most: the darkest shade.
        #expect(cells["617 101"] == ChartRenderer.shade(0.5))
        #expect(cells["71 123"] == ChartRenderer.shade(1))
        #expect(cells.values.filter { $0 == "#f4f5f7" }.count == 7 * 24 - 2)
        #expect(!svg.contains("<rect x=\"45\""), "no cell is drawn as a rect of its own")
        // Axis labels share their anchor, size and colour through one group.
        #expect(svg.contains("<g text-anchor=\"end\" font-size=\"10\" fill=\"#5a6275\">\n<text x=\"38\" y=\"49\">Mon</text>"))
        #expect(throws: Never.self) { try DocumentValidator().validate(bytes, name: "heat.svg", expecting: .svg11) }
    }

    @Test func countAxesStepByWholeCounts() {
        var svg = SVGDocument(width: 100, height: 100)
        let maxY = ChartRenderer.countAxis(&svg, largest: 2, left: 10, top: 0, width: 80, height: 100)
        let text = String(decoding: svg.render(title: "t", description: "d"), as: UTF8.self)
        let labels = text.split(separator: "\n").filter { $0.hasPrefix("<text x=\"4\"") }.map { $0.split(separator: ">")[1].prefix { $0 != "<" } }
        #expect(maxY == 2)
        #expect(labels == ["0", "1", "2"])
    }

    @Test func channelsComeFromTheSourcePrefixByteForByte() {
        let cases: [(String?, String)] = [
            ("CBWidget:abc", "widget"), ("CBWidget:\u{301}abc", "widget"), ("CBWidget", "other"), ("cbwidget:abc", "other"),
            ("Phone:+1312", "phone"), ("+13125550100", "phone"), ("13125550100", "phone"), ("+x", "other"), ("+", "other"),
            ("", "other"), (nil, "other"), ("\u{FF11}23", "other"), ("Web:abc", "other"),
        ]
        for (source, channel) in cases { #expect(Dimension.channel(of: source) == channel, "\(String(describing: source))") }
    }

    @Test func isoWeeksAtYearEnds() {
        #expect(ISOWeek(LocalDate("2023-01-01")!).description == "2022-W52")
        #expect(ISOWeek(LocalDate("2024-12-30")!).description == "2025-W01")
        #expect(ISOWeek(LocalDate("2020-12-31")!).description == "2020-W53")
        #expect(ISOWeek(LocalDate("2023-06-08")!).description == "2023-W23")
    }

    @Test func histogramsBinEveryValueAndMarkPercentiles() throws {
        var d = ValueDistribution()
        for v in 1...100 { d.add(Double(v)) }
        let h = Histogram(d, title: "t", axisLabel: "a")
        #expect(h.counts.reduce(0, +) == 100)
        #expect(h.p50 == 50 && h.p90 == 90 && h.p99 == 99)
        #expect(h.edges.count == h.counts.count + 1)
        let svg = String(decoding: ChartRenderer.histogram(h, subject: "x"), as: UTF8.self)
        #expect(svg.contains("p90 1 min 30 s"))
        // The bars are one path of a closed box per bin, the grid one path of a line per tick
        // (each labelled in the axis group); no bar or grid line is an element of its own.
        let lines = svg.split(separator: "\n")
        let bars = try #require(lines.first { $0.hasPrefix("<path fill=\"#2b5fd9\" d=\"") })
        #expect(bars.split(separator: "M").count - 1 == h.counts.count)
        #expect(bars.split(separator: "z").count - 1 == h.counts.count)
        let grid = try #require(lines.first { $0.hasPrefix("<path fill=\"none\" stroke=\"#e3e6ec\" stroke-width=\"1\" d=\"M56 218L740 218M") })
        let ticks = lines.drop { !$0.hasPrefix("<g text-anchor=\"end\"") }.dropFirst().prefix { $0.hasPrefix("<text ") }
        #expect(ticks.count >= 2 && grid.split(separator: "M").count - 1 == ticks.count)
        #expect(!svg.contains("<rect x=\"57\"") && !svg.contains("stroke=\"#e3e6ec\" stroke-width=\"1\"/>"))
        #expect(throws: Never.self) { try DocumentValidator().validate(Array(svg.utf8), name: "h.svg", expecting: .svg11) }
    }

    @Test func offerHealthCountsAndRates() async throws {
        let m = try await metrics("2023-06-08", "2023-06-08", hours: [("2023-06-08T09", [
            record(["outsideHours": "true", "nextDayCallbackOffered": "true", "nextDayCallbackScheduled": "true", "maxEcbtExceeded": "true"]),
            record(["outsideHours": "true", "nextDayCallbackOffered": "true", "earlyHangup": "true", "choseToHold": "1"]),
            record(["endOfBusinessDay": "true", "maxTollRateExceeded": "true", "customerRescheduled": "true", "maxScheduledCallsExceeded": "true"]),
            record(["duplicateCallback": "true"]),
        ])])
        let s = m.all.stats
        #expect([s.outsideHours, s.nextDayOffered, s.nextDayScheduled, s.maxEcbtExceeded, s.earlyHangups, s.choseToHold] as [Int] == [2, 2, 1, 1, 1, 0])
        #expect([s.endOfBusinessDay, s.maxTollRateExceeded, s.customerRescheduled, s.maxScheduledCallsExceeded, s.duplicates] as [Int] == [1, 1, 1, 1, 1])
        let offers = ReportPageModel(metrics: m, title: "t", generatedAt: Date(), piiMode: .masked).index().sections.offers
        #expect(offers.first { $0.label == "Outside business hours" }?.rate == "50.0%")
        #expect(offers.first { $0.label == "Next-day callback accepted" }?.rate == "50.0% of offers")
    }

    @Test func comparisonNamesThePreviousPeriodAndTheChange() async throws {
        let tmp = try TemporaryFolder()
        let c = CacheBuilder(root: tmp.path("cache"))
        // Previous period: 2023-06-06..07; report: 2023-06-08..09.
        try c.write("2023-06-06T10", records: [record(["outcome": q("Success"), "actualCallbackTime": "100"]),
                                             record(["outcome": q("Success"), "actualCallbackTime": "100"])])
        try c.write("2023-06-08T10", records: [record(["outcome": q("Success"), "actualCallbackTime": "40"]),
                                             record(["outcome": q("Failure"), "actualCallbackTime": "40"]),
                                             record(["outcome": q("Failure"), "actualCallbackTime": "40"])])
        let range = try ReportRange(from: LocalDate("2023-06-08")!, to: LocalDate("2023-06-09")!, timeZone: .named("UTC"))
        var options = ReportOptions(range: range, output: tmp.path("out"))
        options.comparePrevious = true
        let result = try await ReportPipeline(options: options, source: CacheRecordSource(cache: c.cache)).run()
        #expect(result.previous?.range.from == LocalDate("2023-06-06"))
        #expect(result.previous?.range.to == LocalDate("2023-06-07"))
        let all = try #require(try ParsedCSV(file: tmp.path("out/summary.csv")).row("call_target_id", "ALL"))
        #expect(all["requests"] == "3" && all["previous_requests"] == "2")
        #expect(all["success_rate"] == "0.3333" && all["previous_success_rate"] == "1")
        #expect(all["previous_hours_missing"] == "47")
        let outcomes = try ParsedCSV(file: tmp.path("out/outcomes.csv"))
        let success = try #require(outcomes.records.first { $0["call_target_id"] == "ALL" && $0["outcome"] == "Success" })
        #expect(success["attempts"] == "1" && success["previous_attempts"] == "2" && success["previous_final_requests"] == "2")
        let failure = try #require(outcomes.records.first { $0["call_target_id"] == "ALL" && $0["outcome"] == "Failure" })
        #expect(failure["final_requests"] == "2" && failure["previous_final_requests"] == "0")
        let text = PlainSummary.text(result.metrics.all, previous: result.previous!.all, completeness: DataCompleteness())
        // Two and three values: too few to tell, so the summary calls out no change.
        #expect(text == "3 requests from 3 attempts; 33.3% ended in success. Average response was 40 s. There are too few values to tell whether anything changed since the previous period.")
        let figures = HeadlineFigure.figures(result.metrics.all, previous: result.previous!.all)
        #expect(figures[0].change == "+1 (+50.0%)" && figures[0].verdict == nil)
        #expect(figures[1].change == "−66.7 pts" && figures[1].changeTone == "same")
        #expect(figures[1].verdict == "Too few to tell (fewer than 10 values in this period)")
        #expect(figures[2].change == "−1 min 00 s" && figures[2].verdict?.hasPrefix("Too few to tell") == true)
        let index = String(decoding: try Data(contentsOf: tmp.path("out/index.html")), as: UTF8.self)
        #expect(index.contains("Compared with the previous period, 2023-06-06 to 2023-06-07."))
        #expect(index.contains("That period is incomplete: 47 of 48 hours are missing"))
    }

    @Test func summarySentenceWithoutComparison() async throws {
        let m = try await metrics("2023-06-08", "2023-06-08", hours: [("2023-06-08T09", [
            record(["outcome": q("Success"), "actualCallbackTime": "185", "wasPunctual": "true"]),
            record(["outcome": q("Failure"), "wasPunctual": "false"]),
        ])])
        var c = DataCompleteness()
        c.hoursExpected = 24
        c.missing = [MissingHour(hour: .parse("2023-06-08T01"), reason: .notCached)]
        #expect(PlainSummary.text(m.all, previous: nil, completeness: c)
                == "2 requests from 2 attempts; 50.0% ended in success. Average response was 3 min 05 s; 50.0% of callbacks were on time. 1 of 24 hours is missing, so these figures are partial.")
    }
}

@Suite struct MissingRunsTests {
    @Test func consecutiveHoursWithTheSameKindOfReasonReadAsOneRun() {
        let missing = [0, 1, 2, 5, 6].map { MissingHour(hour: .parse(String(format: "2023-06-08T%02d", $0)), reason: .notCached) }
            + [MissingHour(hour: .parse("2023-06-08T03"), reason: .notFound),
               MissingHour(hour: .parse("2023-06-08T04"), reason: .notFound),
               MissingHour(hour: .parse("2023-06-08T09"), reason: .unreadableCache("invalid JSON at byte 3"))]
        let runs = ReportPageModel.missingRuns(missing).map { "\($0.hour): \($0.reason)" }
        #expect(MissingReason.tally(missing.map(\.reason)) == "8 hours missing: not in the cache ×5, 404 not found ×2, cache file unusable ×1")
        #expect(runs == [
            "2023-06-08T00:00Z to 2023-06-08T02:00Z (3 hours): not in the cache",
            "2023-06-08T03:00Z to 2023-06-08T04:00Z (2 hours): 404 not found",
            "2023-06-08T05:00Z to 2023-06-08T06:00Z (2 hours): not in the cache",
            "2023-06-08T09:00Z: cache file unusable: invalid JSON at byte 3",
        ])
    }
}
