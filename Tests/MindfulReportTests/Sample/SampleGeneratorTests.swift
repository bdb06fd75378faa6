import Foundation
import Testing
@testable import MindfulReport

@Suite(.tags(.samples)) struct SampleGeneratorTests {
    static let outcomes = ["Success", "Canceled", "Unavailable", "Not Completed", "Chose Hold", "Abandoned",
                           "Unknown", "Failure", "Chose Messaging", "Text Scheduling"]

    static func generator(from: String = "2023-06-05", days: Int = 7, zone: String = "UTC",
                          perDay: Int = 400, targets: Int = 4, seed: UInt64 = 42) throws -> SampleGenerator {
        let first = try #require(LocalDate(from))
        let range = try ReportRange(from: first, to: first.adding(days: days - 1), timeZone: try TimeZone.named(zone))
        return SampleGenerator(range: range, perDay: perDay, targets: targets, seed: seed)
    }

    /// The records of each hour as JSON objects, with the hour they came from.
    static func objects(_ g: SampleGenerator, hours: [UTCHour]) throws -> [(hour: UTCHour, record: [String: Any])] {
        var out: [(UTCHour, [String: Any])] = []
        for hour in hours {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(g.body(for: hour))) as? [String: Any])
            let data = try #require(root["data"] as? [[String: Any]])
            out += data.map { (hour, $0) }
        }
        return out
    }

    /// Seconds since the epoch of `2023-06-08T12:13:03.000Z`; nil for anything else.
    static func seconds(_ value: Any?) -> Int? {
        guard let text = value as? String else { return nil }
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58,
              text.hasSuffix(".000Z") else { return nil }
        func n(_ r: Range<Int>) -> Int? { Int(String(decoding: b[r], as: UTF8.self)) }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10), let hh = n(11..<13), let mm = n(14..<16),
              let ss = n(17..<19), let days = CivilDate.daysSinceEpoch(year: y, month: m, day: d),
              hh < 24, mm < 60, ss < 60 else { return nil }
        return days * 86400 + hh * 3600 + mm * 60 + ss
    }

    static func int(_ value: Any?) -> Int? {
        // Types are checked by the decoder; here a number is enough.
        (value as? NSNumber)?.intValue
    }

    @Test func sameArgumentsGiveTheSameBytes() throws {
        let a = try Self.generator(), b = try Self.generator(), c = try Self.generator(seed: 43)
        let hours = a.range.hours
        for hour in [hours[0], hours[13], hours[100], hours[hours.count - 1]] {
            #expect(a.body(for: hour) == b.body(for: hour))
            #expect(a.body(for: hour) != c.body(for: hour))
        }
        // An hour's body does not depend on the range it is asked through.
        let other = try Self.generator(from: "2023-06-07", days: 1)
        #expect(other.body(for: hours[60]) == a.body(for: hours[60]))
    }

    @Test func bodiesDecodeCleanlyWithEveryFieldInOrder() throws {
        let g = try Self.generator()
        let names = CallRecordField.all.map(\.name)
        for hour in g.range.hours {
            let body = g.body(for: hour)
            let decoded = try FoundationHourDecoder().decode(body)
            #expect(decoded.malformedFields == 0)
            #expect(decoded.skippedElements == 0)
            #expect(decoded.records.count == g.recordCount(for: hour))
            let root = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(root.keys.sorted() == ["data"])
            let data = try #require(root["data"] as? [[String: Any]])
            for record in data {
                #expect(Set(record.keys) == Set(names))
                #expect(record.count == 56)
            }
            // One record per line, keys in the API's order (a quiet night hour may have none).
            if g.recordCount(for: hour) == 0 {
                #expect(String(decoding: body, as: UTF8.self) == "{\"data\":[]}\n")
                continue
            }
            let lines = String(decoding: body, as: UTF8.self).split(separator: "\n")
            #expect(lines.first == "{\"data\":[" && lines.last == "]}")
            #expect(lines.count == g.recordCount(for: hour) + 2)
            #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasPrefix("{\"activeDuration\":") && ($0.hasSuffix("}") || $0.hasSuffix("},")) })
            for line in lines.dropFirst().dropLast().prefix(3) {
                var position = line.startIndex
                for name in names {
                    let found = try #require(line.range(of: "\"\(name)\":", range: position..<line.endIndex))
                    position = found.upperBound
                }
            }
        }
    }

    @Test func everyOutcomeAppearsInRealisticShares() throws {
        let g = try Self.generator()
        let records = try Self.objects(g, hours: g.range.hours).map(\.record)
        #expect(records.count == 7 * 400)
        var outcomes: [String: Int] = [:], types: [String: Int] = [:]
        for r in records {
            outcomes[r["outcome"] as? String ?? "?", default: 0] += 1
            types[r["type"] as? String ?? "?", default: 0] += 1
        }
        #expect(Set(outcomes.keys) == Set(Self.outcomes))
        let success = Double(outcomes["Success"] ?? 0) / Double(records.count)
        #expect(success > 0.52 && success < 0.75)
        #expect(Set(types.keys) == ["asap", "scheduled", "unknown"])
        let asap = Double(types["asap"] ?? 0) / Double(records.count)
        #expect(asap > 0.68 && asap < 0.82)
        #expect((types["unknown"] ?? 0) * 100 < records.count * 10)
    }

    @Test func recordsAreInternallyConsistent() throws {
        let g = try Self.generator()
        let rows = try Self.objects(g, hours: g.range.hours)
        let legFailures = ["agentBusy", "agentLegError", "agentLegRejected", "agentLegTimeout", "priorityQueueTimedOut",
                           "customerBusy", "customerLegError", "customerLegRejected", "customerLegTimeout"]
        var ids = Set<String>()
        var counts: [String: Int] = [:]
        func count(_ key: String, _ condition: Bool) { if condition { counts[key, default: 0] += 1 } }
        let hex = Set("0123456789abcdef")
        for (hour, r) in rows {
            let id = try #require(r["id"] as? String)
            #expect(id.count == 17 && id.allSatisfy(hex.contains))
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            let originalId = try #require(r["originalId"] as? String)
            let attempt = try #require(Self.int(r["retryAttempt"]))
            if attempt == 0 { #expect(originalId == id) } else { #expect(originalId != id) }

            let outcome = try #require(r["outcome"] as? String)
            let success = outcome == "Success"
            let ended = try #require(Self.seconds(r["endedAt"]))
            let created = try #require(Self.seconds(r["createdAt"]))
            #expect(ended >= hour.index * 3600 && ended < hour.index * 3600 + 3600)
            #expect(created <= ended)
            if let processed = Self.seconds(r["processedAt"]) {
                #expect(created <= processed && processed <= ended)
                #expect(Self.int(r["activeDuration"]) == ended - processed)
                if let callback = Self.int(r["actualCallbackTime"]) { #expect(callback == processed - created) }
                if let punctuality = Self.int(r["punctuality"]) {
                    let estimatedFor = try #require(Self.seconds(r["estimatedFor"]))
                    #expect(punctuality == processed - estimatedFor)
                    #expect(r["wasPunctual"] as? Bool == (abs(punctuality) <= 120))
                    count("negativePunctuality", punctuality < 0)
                } else {
                    #expect(r["wasPunctual"] is NSNull)
                }
            } else {
                #expect(r["actualCallbackTime"] is NSNull)
                #expect(r["punctuality"] is NSNull)
            }
            if let accuracy = r["estimatePercentAccuracy"] as? Double { #expect(accuracy >= 0 && accuracy <= 1) }
            if let ecbt = Self.int(r["estimatedCallbackTime"]) { #expect(ecbt > 0 && ecbt <= 6 * 3600) }
            let talk = Self.int(r["talkDuration"])
            if success { #expect((talk ?? 0) > 0) } else { #expect(talk == nil || talk == 0) }
            if success { #expect(legFailures.allSatisfy { r[$0] as? Bool == false }) }
            for key in ["ani", "phoneNumber"] {
                if let phone = r[key] as? String {
                    #expect(phone.hasPrefix("+1") && phone.count == 12 && phone.dropFirst().allSatisfy(\.isNumber))
                }
            }
            let source = try #require(r["source"] as? String)
            #expect((source.hasPrefix("CBWidget:") && source.count == 9 + 32) || source.hasPrefix("Phone:+1"))
            #expect(r["metadata"] is [String: Any])
            #expect(["customer", "agent"].contains(r["firstPartyCalled"] as? String) || r["firstPartyCalled"] is NSNull)
            count("customerWaitNull", r["customerWaitDuration"] is NSNull)
            count("registrationNull", r["registrationDuration"] is NSNull)
            count("callbackNullOnFailure", outcome == "Failure" && r["actualCallbackTime"] is NSNull)
            count("segmentNull", r["segmentName"] is NSNull)
            count("metadataObject", (r["metadata"] as? [String: Any])?.isEmpty == false)
            count("legFailure", legFailures.contains { r[$0] as? Bool == true })
            for flag in ["outsideHours", "nextDayCallbackOffered", "nextDayCallbackScheduled", "duplicateCallback", "hasRetry"] {
                count(flag, r[flag] as? Bool == true)
            }
            count("nonASCIIName", (r["callTargetName"] as? String)?.unicodeScalars.contains { !$0.isASCII } == true)
        }
        for key in ["negativePunctuality", "customerWaitNull", "registrationNull", "callbackNullOnFailure", "segmentNull",
                    "metadataObject", "legFailure", "outsideHours", "nextDayCallbackOffered", "nextDayCallbackScheduled",
                    "duplicateCallback", "hasRetry", "nonASCIIName"] {
            #expect((counts[key] ?? 0) > 0, "no record with \(key)")
        }
        #expect((counts["outsideHours"] ?? 0) * 5 < rows.count)
    }

    @Test func retryChainsShareTheOriginalIdAndCount() throws {
        let g = try Self.generator()
        let hours = g.range.hours
        // One hour either side, so every chain touching the range is complete.
        let all = try Self.objects(g, hours: [hours[0].advanced(by: -1)] + hours + [hours[hours.count - 1].advanced(by: 1)])
        var chains: [String: [(hour: UTCHour, record: [String: Any])]] = [:]
        for row in all { chains[row.record["originalId"] as! String, default: []].append(row) }
        var checked = 0, crossing = 0, longest = 0
        for (originalId, rows) in chains {
            let touchesRange = rows.contains { $0.hour >= hours[0] && $0.hour <= hours[hours.count - 1] }
            guard touchesRange else { continue }
            let chain = rows.sorted { Self.int($0.record["retryAttempt"])! < Self.int($1.record["retryAttempt"])! }
            #expect(chain.map { Self.int($0.record["retryAttempt"]) } == Array(0..<chain.count).map { $0 })
            #expect(chain[0].record["id"] as? String == originalId)
            #expect(chain.map { $0.record["hasRetry"] as? Bool } == Array(repeating: true, count: chain.count - 1) + [false])
            for i in 1..<max(chain.count, 1) {
                #expect(chain[i].hour >= chain[i - 1].hour)
                // A retry is created when the attempt before it ends.
                #expect(Self.seconds(chain[i].record["createdAt"]) == Self.seconds(chain[i - 1].record["endedAt"]))
                #expect(chain[i].record["callTargetId"] as? String == chain[0].record["callTargetId"] as? String)
                #expect(chain[i].record["phoneNumber"] as? String == chain[0].record["phoneNumber"] as? String)
            }
            if chain.count > 1 { checked += 1 }
            if chain[chain.count - 1].hour > chain[0].hour { crossing += 1 }
            longest = max(longest, chain.count)
        }
        #expect(checked > 50)
        #expect(crossing > 0)
        #expect(longest >= 3)
    }

    @Test func countsFollowTheDefinition() throws {
        for perDay in [0, 1, 7, 100, 1_234] {
            for targets in [1, 3, 20] {
                let g = try Self.generator(days: 2, perDay: perDay, targets: targets, seed: UInt64(perDay * 31 + targets))
                let hours = g.range.hours
                #expect(hours.count == 48)
                for hour in hours {
                    let root = try #require(try JSONSerialization.jsonObject(with: Data(g.body(for: hour))) as? [String: Any])
                    let data = try #require(root["data"] as? [Any])
                    #expect(data.count == g.recordCount(for: hour))
                }
            }
        }
        // Any 7 consecutive local days hold 7 × perDay records, DST days (23 and 25 hours) too.
        for (zone, from) in [("UTC", "2023-06-07"), ("America/New_York", "2023-03-09"), ("America/New_York", "2023-11-01"), ("Asia/Kolkata", "2023-06-01")] {
            for perDay in [1, 13, 400, 1_234] {
                let g = try Self.generator(from: from, days: 7, zone: zone, perDay: perDay)
                #expect(g.range.hours.map(g.recordCount(for:)).reduce(0, +) == 7 * perDay, "\(zone) \(from) \(perDay)")
            }
        }
        // Busier in business hours than at night.
        let g = try Self.generator(perDay: 10_000)
        let noon = g.range.hours.first { $0.utcComponents.hour == 12 }!
        let night = g.range.hours.first { $0.utcComponents.hour == 3 }!
        #expect(g.recordCount(for: noon) > 5 * g.recordCount(for: night))
        #expect(g.body(for: UTCHour(index: 0)).count > 1000)
        #expect(String(decoding: try Self.generator(perDay: 0).body(for: noon), as: UTF8.self) == "{\"data\":[]}\n")
    }

    /// The records of a range as (local date, local hour, record).
    static func localObjects(_ g: SampleGenerator) throws -> [(date: LocalDate, hour: Int, record: [String: Any])] {
        try objects(g, hours: g.range.hours).map { h, r in
            let local = g.range.localStart(of: h)
            return (local.date, local.hour, r)
        }
    }

    /// Weekday and hour-of-day shape in local time: Monday busiest, the weekend quietest, a
    /// morning peak and a lunch dip; so no two weekdays have the same heat map row.
    @Test func theWeekHasAShapeInLocalTime() throws {
        let g = try Self.generator(from: "2023-05-29", days: 14, zone: "America/New_York", perDay: 400, targets: 7, seed: 2021)
        var perWeekday = [Int](repeating: 0, count: 7), perHour = [Int](repeating: 0, count: 24)
        var heat: [[Int]] = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        for hour in g.range.hours {
            let local = g.range.localStart(of: hour), n = g.recordCount(for: hour)
            perWeekday[local.date.weekdayIndex] += n
            perHour[local.hour] += n
            heat[local.date.weekdayIndex][local.hour] += n
        }
        #expect(perWeekday.reduce(0, +) == 14 * 400)
        #expect(perWeekday[0] == perWeekday.max() && perWeekday[0] > perWeekday[1] * 13 / 10)
        #expect(perWeekday[6] == perWeekday.min() && perWeekday[5] + perWeekday[6] < perWeekday[0])
        #expect(perHour[9] > perHour[12] && perHour[14] > perHour[12] && perHour[9] > 10 * perHour[3])
        #expect(Set(heat.map { $0 }).count == 7)
    }

    /// One call target is clearly worse, and a bad afternoon is clearly bad, in the sample's own
    /// two weeks.
    @Test func oneTargetAndOneAfternoonAreClearlyWorse() throws {
        let g = try Self.generator(from: "2023-05-29", days: 14, zone: "America/New_York", perDay: 400, targets: 7, seed: 2021)
        #expect(g.worseTarget == 1)
        let worseId = g.callTargets[1].id
        let rows = try Self.localObjects(g)
        func share(_ rows: [(date: LocalDate, hour: Int, record: [String: Any])], _ key: String, _ value: Any) -> Double {
            let hits = rows.filter { ($0.record[key] as? NSObject)?.isEqual(value) == true }.count
            return Double(hits) / Double(max(rows.count, 1))
        }
        let worse = rows.filter { $0.record["callTargetId"] as? String == worseId }
        let others = rows.filter { $0.record["callTargetId"] as? String != worseId }
        #expect(share(worse, "outcome", "Success") + 0.12 < share(others, "outcome", "Success"))
        #expect(share(worse, "wasPunctual", true) + 0.08 < share(others, "wasPunctual", true))
        // The sample's bad afternoon: Friday 2023-06-09, 12:00-18:00 local; the week before has none.
        let friday = LocalDate("2023-06-09")!
        #expect(g.badAfternoon(week: (friday.day + 3).floorDiv(7)) == 4)
        #expect(g.badAfternoon(week: (friday.day + 3).floorDiv(7) - 1) == nil)
        let bad = rows.filter { $0.date == friday && (12..<18).contains($0.hour) }
        let usual = rows.filter { $0.date != friday && $0.date.weekdayIndex < 5 && (12..<18).contains($0.hour) }
        #expect(bad.count > 100)
        #expect(share(bad, "outcome", "Success") + 0.2 < share(usual, "outcome", "Success"))
        func meanCallback(_ rows: [(date: LocalDate, hour: Int, record: [String: Any])]) -> Double {
            let values = rows.filter { Self.int($0.record["retryAttempt"]) == 0 }.compactMap { Self.int($0.record["actualCallbackTime"]) }
            return Double(values.reduce(0, +)) / Double(values.count)
        }
        #expect(meanCallback(bad) > 1.5 * meanCallback(usual))
    }

    @Test func strainedWeightsKeepTheirTotal() {
        for strain in [0.0, 0.3, 1, 2.5, 10] {
            let w = SampleGenerator.strained(SampleGenerator.singleOutcomeWeights, strain, shift: 170, to: [2: 90, 3: 40, 5: 40])
            #expect(w.reduce(0, +) == 1000 && w.allSatisfy { $0 >= 0 })
            #expect(w[0] >= SampleGenerator.singleOutcomeWeights[0] * 55 / 100)
        }
        #expect(SampleGenerator.strained([915, 62, 18, 5], 0, shift: 110, to: [1: 75, 2: 25, 3: 10]) == [915, 62, 18, 5])
    }

    @Test func callTargetsAreStable() throws {
        let g = try Self.generator(targets: 40)
        let ids = g.callTargets.map(\.id), names = g.callTargets.map(\.name)
        #expect(ids.count == 40 && Set(ids).count == 40 && Set(names).count == 40)
        #expect(Array(ids.prefix(2)) == ["5298", "6100"])
        #expect(names.contains { $0.unicodeScalars.contains { !$0.isASCII } })
        #expect(try Self.generator(targets: 3, seed: 7).callTargets == Array(g.callTargets.prefix(3)))
        #expect(try Self.generator(targets: 0).callTargets.count == 1)
        // Only the targets asked for appear.
        let small = try Self.generator(days: 1, targets: 2)
        let seen = Set(try Self.objects(small, hours: small.range.hours).map { $0.record["callTargetId"] as! String })
        #expect(seen == ["5298", "6100"])
    }

    @Test func writesEveryHourIntoTheCache() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = HourCache(root: root)
        let g = try Self.generator(days: 2, perDay: 100)
        let result = try g.write(to: cache)
        #expect(result.hours == 48)
        // A Monday and a Tuesday: 700 records a week spread by weekday weights 150 and 112 of 616.
        #expect(result.records == 171 + 127)
        #expect(result.records == g.range.hours.map(g.recordCount(for:)).reduce(0, +))
        var bytes = 0, records = 0
        for hour in g.range.hours {
            let url = cache.fileURL(for: hour)
            let p = hour.path(labels: .end)
            #expect(url.path.hasSuffix("/\(p.date)/\(p.label).json"))
            let body = try #require(try cache.read(hour))
            #expect(body == g.body(for: hour))
            bytes += body.count
            records += try FoundationHourDecoder().decode(body).records.count
            #expect(cache.isSettled(hour, settle: 2 * 3600))
        }
        #expect(result.bytes == bytes)
        #expect(records == result.records)
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(folders == ["20230605", "20230606"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("20230605").path)
            .filter { $0.hasSuffix(".json") }.count == 24)
    }

    @Test func aDSTRangeHoldsItsHoursCounts() throws {
        // 2023-03-12 has 23 hours in New York.
        let g = try Self.generator(from: "2023-03-11", days: 3, zone: "America/New_York", perDay: 240)
        let hours = g.range.hours
        #expect(hours.count == 71)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try g.write(to: HourCache(root: root))
        #expect(result.hours == 71)
        #expect(result.records == hours.map(g.recordCount(for:)).reduce(0, +))
        #expect(result.records < 3 * 240)
    }
}
