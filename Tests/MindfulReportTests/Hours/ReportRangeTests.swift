import Foundation
import Testing
@testable import MindfulReport

@Suite struct ReportRangeTests {
    func range(_ from: String, _ to: String, _ zone: String) throws -> ReportRange {
        try ReportRange(from: LocalDate(from)!, to: LocalDate(to)!, timeZone: TimeZone.named(zone))
    }

    @Test func utcDayHasTwentyFourHoursLabelledOneToTwentyFour() throws {
        let hours = try range("2023-06-08", "2023-06-08", "UTC").hours
        #expect(hours.count == 24)
        #expect(hours.first?.path(labels: .end) == HourPath(date: "20230608", label: "01"))
        #expect(hours.last?.path(labels: .end) == HourPath(date: "20230608", label: "24"))
        #expect(hours.first?.path(labels: .start) == HourPath(date: "20230608", label: "00"))
        #expect(hours.last?.path(labels: .start) == HourPath(date: "20230608", label: "23"))
    }

    @Test func newYorkSpringForwardDayHas23HoursAndFallBackDay25() throws {
        let spring = try range("2023-03-12", "2023-03-12", "America/New_York").hours
        #expect(spring.count == 23)
        #expect(spring.first?.description == "2023-03-12T05:00Z")   // midnight EST = 05:00 UTC
        #expect(spring.last?.description == "2023-03-13T03:00Z")    // 23:00 EDT = 03:00 UTC
        let fall = try range("2023-11-05", "2023-11-05", "America/New_York").hours
        #expect(fall.count == 25)
        #expect(fall.first?.description == "2023-11-05T04:00Z")
        let week = try range("2023-03-06", "2023-03-19", "America/New_York").hours
        #expect(week.count == 14 * 24 - 1)
        let r = try range("2023-11-05", "2023-11-05", "America/New_York")
        // 01:00-02:00 happens twice that morning: both UTC hours are local hour 1.
        #expect(r.localStart(of: .parse("2023-11-05T05")) == (LocalDate("2023-11-05")!, 1))
        #expect(r.localStart(of: .parse("2023-11-05T06")) == (LocalDate("2023-11-05")!, 1))
    }

    @Test func kolkataHoursBelongToTheLocalDayTheyStartIn() throws {
        let r = try range("2023-06-08", "2023-06-09", "Asia/Kolkata")
        let hours = r.hours
        #expect(hours.count == 48)
        // Local midnight is 18:30 UTC; the first whole UTC hour starting after it is 19:00.
        #expect(hours.first?.description == "2023-06-07T19:00Z")
        #expect(hours.last?.description == "2023-06-09T18:00Z")
        #expect(r.localStart(of: hours[0]) == (LocalDate("2023-06-08")!, 0))  // 00:30 local
        #expect(r.localStart(of: .parse("2023-06-08T18")) == (LocalDate("2023-06-08")!, 23))  // 23:30 local
        #expect(r.hasFractionalOffset)
        #expect(try range("2023-06-08", "2023-06-08", "Europe/Paris").hasFractionalOffset == false)
    }

    @Test func aDayWithoutMidnightStartsAtItsFirstInstant() throws {
        // Chile moved clocks from 00:00 to 01:00 on 2023-09-03: the day starts 01:00 local (04:00 UTC).
        let start = ReportRange.dayStart(LocalDate("2023-09-03")!, in: try TimeZone.named("America/Santiago"))
        #expect(start == Date(timeIntervalSince1970: 1_693_713_600))
        // Havana moved clocks from 01:00 back to 00:00 on 2023-11-05: midnight occurred twice, and
        // the day starts at the first one (00:00 -04:00 = 04:00 UTC), so that day has 25 hours.
        let havana = try TimeZone.named("America/Havana")
        #expect(ReportRange.dayStart(LocalDate("2023-11-05")!, in: havana) == Date(timeIntervalSince1970: 1_699_156_800))
        #expect(try range("2023-11-05", "2023-11-05", "America/Havana").hours.count == 25)
    }

    @Test func badInputIsRejectedWithAClearMessage() throws {
        #expect(throws: RangeError.unknownTimeZone("Mars/Base")) { try TimeZone.named("Mars/Base") }
        #expect(LocalDate("2023-02-30") == nil)
        #expect(LocalDate("2023-6-8") == nil)
        #expect(throws: RangeError.self) { try range("2023-06-09", "2023-06-08", "UTC") }
        #expect(RangeError.fromAfterTo(from: LocalDate("2023-06-09")!, to: LocalDate("2023-06-08")!).description
                == "the first date 2023-06-09 is after the last date 2023-06-08")
    }
}
