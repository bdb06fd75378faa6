import Foundation
import Testing
@testable import MindfulReport

@Suite struct RangeSpecTests {
    func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }
    func zone(_ name: String) throws -> TimeZone { try TimeZone.named(name) }
    func resolve(_ spec: RangeSpec, _ now: String, _ tz: String) throws -> (String, String, RangeKind) {
        let r = try spec.resolve(now: at(now), timeZone: zone(tz))
        return (r.from.description, r.to.description, r.kind)
    }

    @Test func yesterdayIsTheLocalDayAcrossTheSpringForwardChange() throws {
        // 2023-03-13T03:30Z is 23:30 EDT on Sunday 12 March (the 23-hour day): yesterday is the 11th.
        #expect(try resolve(.date(.yesterday), "2023-03-13T03:30:00Z", "America/New_York") == ("2023-03-11", "2023-03-11", .daily))
        // An hour later it is 00:30 on the 13th: yesterday is the short day itself.
        #expect(try resolve(.date(.yesterday), "2023-03-13T04:30:00Z", "America/New_York") == ("2023-03-12", "2023-03-12", .daily))
        #expect(try resolve(.date(.today), "2023-03-13T03:30:00Z", "America/New_York") == ("2023-03-12", "2023-03-12", .daily))
        // UTC already says the 13th.
        #expect(try resolve(.date(.yesterday), "2023-03-13T03:30:00Z", "UTC") == ("2023-03-12", "2023-03-12", .daily))
        // Fall back: 2023-11-06T04:30Z is 23:30 EST on the 5th (the 25-hour day).
        #expect(try resolve(.date(.today), "2023-11-06T04:30:00Z", "America/New_York") == ("2023-11-05", "2023-11-05", .daily))
        let r = try RangeSpec.date(.yesterday).resolve(now: at("2023-03-13T04:30:00Z"), timeZone: zone("America/New_York"))
        #expect(try ReportRange(from: r.from, to: r.to, timeZone: zone("America/New_York")).hours.count == 23)
    }

    @Test func lastDaysWeeksAndMonthsAreWholePeriodsBeforeNow() throws {
        // Wednesday 2023-06-14, 09:00 in London.
        let now = "2023-06-14T08:00:00Z"
        #expect(try resolve(.last(7, .days), now, "Europe/London") == ("2023-06-07", "2023-06-13", .other))
        #expect(try resolve(.last(1, .days), now, "Europe/London") == ("2023-06-13", "2023-06-13", .daily))
        #expect(try resolve(.last(4, .weeks), now, "Europe/London") == ("2023-05-15", "2023-06-11", .other))
        #expect(try resolve(.last(1, .weeks), now, "Europe/London") == ("2023-06-05", "2023-06-11", .weekly))
        #expect(try resolve(.last(1, .months), now, "Europe/London") == ("2023-05-01", "2023-05-31", .monthly))
        // On a Monday, 7d is exactly last week.
        #expect(try resolve(.last(7, .days), "2023-06-12T12:00:00Z", "UTC") == ("2023-06-05", "2023-06-11", .weekly))
    }

    @Test func lastThreeMonthsInMarchOfALeapYearAndFebruaryMonths() throws {
        #expect(try resolve(.last(3, .months), "2024-03-15T12:00:00Z", "UTC") == ("2023-12-01", "2024-02-29", .other))
        #expect(try resolve(.last(2, .months), "2024-03-01T00:30:00Z", "UTC") == ("2024-01-01", "2024-02-29", .other))
        // Still 29 February in Los Angeles: the current month is February.
        #expect(try resolve(.last(1, .months), "2024-03-01T05:00:00Z", "America/Los_Angeles") == ("2024-01-01", "2024-01-31", .monthly))
        #expect(try resolve(RangeSpec.parseMonth("2024-02"), "2030-01-01T00:00:00Z", "UTC") == ("2024-02-01", "2024-02-29", .monthly))
        #expect(try resolve(RangeSpec.parseMonth("2023-02"), "2030-01-01T00:00:00Z", "UTC") == ("2023-02-01", "2023-02-28", .monthly))
        #expect(try resolve(RangeSpec.parseMonth("2023-12"), "2030-01-01T00:00:00Z", "UTC") == ("2023-12-01", "2023-12-31", .monthly))
        // January: last 1m is December of the year before.
        #expect(try resolve(.last(1, .months), "2024-01-10T00:00:00Z", "UTC") == ("2023-12-01", "2023-12-31", .monthly))
    }

    @Test func exactlyOneWayToGiveARange() throws {
        #expect(throws: RangeSpecError.conflict([.date, .last])) {
            try RangeSpec.fromOptions(from: nil, to: nil, date: "yesterday", last: "7d", month: nil)
        }
        let e = try #require(throws: RangeSpecError.self) {
            try RangeSpec.fromOptions(from: "2023-06-01", to: "2023-06-02", date: nil, last: nil, month: "2023-06")
        }
        #expect(e.description.contains("a first and a last date and a month both give a range"))
        #expect(!e.description.contains("--"), "the library names no option")
        #expect(throws: RangeSpecError.halfRange(missingFirst: false)) { try RangeSpec.fromOptions(from: "2023-06-01", to: nil, date: nil, last: nil, month: nil) }
        #expect(throws: RangeSpecError.noRange) { try RangeSpec.fromOptions(from: nil, to: nil, date: nil, last: nil, month: nil) }
        #expect(try RangeSpec.fromOptions(from: nil, to: nil, date: "Yesterday", last: nil, month: nil) == .date(.yesterday))
        #expect(try RangeSpec.fromOptions(from: nil, to: nil, date: nil, last: "4w", month: nil) == .last(4, .weeks))
        for bad in ["7", "d", "0d", "7y", "-1d", "1000d", "7 d"] {
            #expect(throws: RangeSpecError.badLast(bad)) { try RangeSpec.parseLast(bad) }
        }
        #expect(throws: RangeSpecError.badMonth("2023-13")) { try RangeSpec.parseMonth("2023-13") }
        #expect(throws: RangeSpecError.badDate("2023-02-30")) { try RangeSpec.parseDate("2023-02-30") }
        #expect(RangeSpecError.badLast("7y").description.contains("7d, 4w or 3m"))
    }

    @Test func siteIdsNameDaysIsoWeeksMonthsAndSpans() throws {
        func id(_ f: String, _ t: String, targets: [String]? = nil, title: String? = nil) -> String {
            SiteReportID.id(from: LocalDate(f)!, to: LocalDate(t)!, targets: targets, title: title)
        }
        #expect(id("2023-06-08", "2023-06-08") == "2023-06-08")
        #expect(id("2023-06-05", "2023-06-11") == "2023-W23")
        #expect(id("2021-01-04", "2021-01-10") == "2021-W01")
        #expect(id("2020-12-28", "2021-01-03") == "2020-W53")
        #expect(id("2024-12-30", "2025-01-05") == "2025-W01")
        #expect(id("2023-06-06", "2023-06-12") == "2023-06-06_2023-06-12")  // Tuesday to Monday: no ISO week
        #expect(id("2023-06-01", "2023-06-30") == "2023-06")
        #expect(id("2023-06-01", "2023-06-15") == "2023-06-01_2023-06-15")
        #expect(id("2023-06-08", "2023-06-08", targets: ["5298"]) == "2023-06-08_targets-5298")
        #expect(id("2023-06-08", "2023-06-08", targets: ["5301", "5298"]) == "2023-06-08_targets-5298-5301")
        #expect(id("2023-06-08", "2023-06-08", title: "Q2 Review!") == "2023-06-08_q2-review")
        #expect(id("2023-06-08", "2023-06-08", targets: ["A"]).hasPrefix("2023-06-08_targets-_a-"))
        #expect(id("2023-06-08", "2023-06-08", title: "Rückruf–Übersicht") == "2023-06-08_r-ckruf-bersicht")
    }
}
