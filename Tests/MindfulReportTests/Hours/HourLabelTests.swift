import Foundation
import Testing
@testable import MindfulReport

@Suite struct HourLabelTests {
    @Test func endLabelsNameTheEndOfTheHour() throws {
        // 2023-06-08 03:00-04:00 UTC is label 04 under `end`, 03 under `start`.
        let hour = UTCHour(containing: Date(timeIntervalSince1970: 1_686_193_200))
        #expect(hour.path(labels: .end) == HourPath(date: "20230608", label: "04"))
        #expect(hour.path(labels: .start) == HourPath(date: "20230608", label: "03"))
        let last = UTCHour(containing: Date(timeIntervalSince1970: 1_686_268_800 - 1))
        #expect(last.path(labels: .end) == HourPath(date: "20230608", label: "24"))
        #expect(UTCHour(path: HourPath(date: "20230608", label: "24"), labels: .end) == last)
        #expect(UTCHour(path: HourPath(date: "20230608", label: "00"), labels: .end) == nil)
        #expect(UTCHour(path: HourPath(date: "20230608", label: "24"), labels: .start) == nil)
        #expect(UTCHour(path: HourPath(date: "20230230", label: "01"), labels: .end) == nil)
    }
}
