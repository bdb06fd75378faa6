// Written out field by field (in `CallRecordField.all` order) so that a row costs no closure
// calls and no copies of the record: this is the hot path of the appendices.
// A test checks it against the generic `CallRecordField` accessors.

extension AppendixRows {
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)

    /// Appends one record's row: the 56 API fields, then `hour` and CRLF.
    public func append(_ r: borrowing CallRecord, hour: [UInt8], to out: inout [UInt8]) {
        let comma = UInt8(ascii: ",")
        let masked = piiMode == .masked
        if let v = r.activeDuration { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.actualCallbackTime { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.agentBusy { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.agentDelay { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.agentHangup { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.agentLegError { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.agentLegRejected { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.agentLegTimeout { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.agentWaitDuration { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.ani { CSVTable.appendText(masked ? PIIMode.mask(v) : v, to: &out) }
        out.append(comma)
        if let v = r.callTargetId { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.callTargetName { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.choseToHold { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.createdAt { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.customerBusy { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.customerDelay { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.customerHangup { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.customerLegError { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.customerLegRejected { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.customerLegTimeout { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.customerRescheduled { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.customerWaitDuration { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.disconnectRescue { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.duplicateCallback { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.earlyHangup { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.endedAt { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.endOfBusinessDay { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.estimatedCallbackTime { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.estimatedFor { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.estimatePercentAccuracy { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.firstPartyCalled { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.hasRetry { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.id { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.leaveVoicemail { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.maxEcbtExceeded { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.maxScheduledCallsExceeded { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.maxTollRateExceeded { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.metadata { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.nextDayCallbackOffered { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.nextDayCallbackScheduled { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.originalId { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.outcome { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.outsideHours { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.phoneNumber { CSVTable.appendText(masked ? PIIMode.mask(v) : v, to: &out) }
        out.append(comma)
        if let v = r.priorityQueueTimedOut { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.processedAt { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.punctuality { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.registrationDuration { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.retryAttempt { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.segmentName { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.source { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.systemHangup { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        if let v = r.talkDuration { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.type { CSVTable.appendText(v, to: &out) }
        out.append(comma)
        if let v = r.waitlistDelay { Self.appendNumber(v, to: &out) }
        out.append(comma)
        if let v = r.wasPunctual { out.append(contentsOf: v ? Self.trueBytes : Self.falseBytes) }
        out.append(comma)
        out.append(contentsOf: hour)
        out.append(0x0D)
        out.append(0x0A)
    }

    /// A number as JSON would write it: integers without a fraction, others in Swift's
    /// shortest round-trip form.
    @inline(__always)
    static func appendNumber(_ d: Double, to out: inout [UInt8]) {
        if d == d.rounded(), abs(d) < 1e15 {
            var n = Int64(d)
            if n == 0 { out.append(UInt8(ascii: "0")); return }
            if n < 0 { out.append(UInt8(ascii: "-")); n = -n }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            withUnsafeMutableBytes(of: &digits) { buffer in
                while n > 0 {
                    buffer[count] = UInt8(truncatingIfNeeded: n % 10) + 48
                    n /= 10
                    count += 1
                }
                for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
            }
            return
        }
        out.append(contentsOf: JSONValue.format(d).utf8)
    }
}
