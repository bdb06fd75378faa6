/// Writing an attempt as a JSON record of the API.
extension SampleGenerator {
    static let metadataAccount: [UInt8] = Array("{\"accountId\":\"A".utf8)
    static let metadataEnglish: [UInt8] = Array("\",\"lang\":\"en\"}".utf8)
    static let metadataSpanish: [UInt8] = Array("\",\"lang\":\"es\",\"tier\":\"gold\"}".utf8)
    static let metadataOrder: [UInt8] = Array("{\"lang\":\"fr\",\"orderId\":\"ORD-".utf8)
    static let metadataOrderEnd: [UInt8] = Array("\"}".utf8)
    static let metadataEmpty: [UInt8] = Array("{}".utf8)

    /// Writes `a` (of request `r`) as one record, its fields in the API's order.
    func write(_ a: Attempt, _ r: Request, into w: inout SampleJSONWriter) {
        let f = a.flags
        w.beginRecord()
        w.int(a.active)                                            // activeDuration
        w.int(a.callback)                                          // actualCallbackTime
        w.bool(f & Flag.agentBusy != 0)
        w.int(a.agentDelay)
        w.bools(f, [Flag.agentHangup, Flag.agentLegError, Flag.agentLegRejected, Flag.agentLegTimeout])
        w.int(a.agentWait)                                         // agentWaitDuration
        w.phone(r.ani)
        w.json(targetIdJSON[r.target])
        w.json(targetNameJSON[r.target])
        w.bool(f & Flag.choseToHold != 0)
        w.timestamp(a.createdAt)
        w.bool(f & Flag.customerBusy != 0)
        w.int(a.customerDelay)
        w.bools(f, [Flag.customerHangup, Flag.customerLegError, Flag.customerLegRejected, Flag.customerLegTimeout, Flag.customerRescheduled])
        w.int(a.customerWait)                                      // customerWaitDuration
        w.bools(f, [Flag.disconnectRescue, Flag.duplicateCallback, Flag.earlyHangup])
        w.timestamp(a.endedAt)
        w.bool(f & Flag.endOfBusinessDay != 0)
        w.int(a.ecbt)                                              // estimatedCallbackTime
        w.timestamp(a.estimatedFor)
        w.fraction(hundredThousandths: a.accuracy)                 // estimatePercentAccuracy
        if let party = a.party { w.json(Self.parties[party]) } else { w.null() }
        w.bool(a.hasRetry)
        w.id(high: a.idHigh, low: a.id)
        w.bools(f, [Flag.leaveVoicemail, Flag.maxEcbtExceeded, Flag.maxScheduledCallsExceeded, Flag.maxTollRateExceeded])
        switch r.metadataKind {                                    // metadata
        case 1: w.json(Self.metadataAccount, number: r.metadataNumber % 100_000, width: 5, Self.metadataEnglish)
        case 2: w.json(Self.metadataAccount, number: r.metadataNumber % 100_000, width: 5, Self.metadataSpanish)
        case 3: w.json(Self.metadataOrder, number: r.metadataNumber, width: 6, Self.metadataOrderEnd)
        default: w.json(Self.metadataEmpty)
        }
        w.bools(f, [Flag.nextDayCallbackOffered, Flag.nextDayCallbackScheduled])
        w.id(high: a.originalHigh, low: a.original)                // originalId
        w.json(Outcome.names[a.outcome.rawValue])
        w.bool(f & Flag.outsideHours != 0)
        w.phone(r.phone)                                           // phoneNumber
        w.bool(f & Flag.priorityQueueTimedOut != 0)
        w.timestamp(a.processedAt)
        w.int(a.punctuality)
        w.int(a.registration)                                      // registrationDuration
        w.int(Int(a.attempt))                                      // retryAttempt
        if let s = r.segment { w.json(Self.segments[s]) } else { w.null() }
        w.json(r.source == 2 ? phoneSourceJSON[r.target] : widgetJSON[r.target][r.source])
        w.bool(f & Flag.systemHangup != 0)
        w.int(a.talk)                                              // talkDuration
        w.json(Self.types[r.type])
        w.int(a.waitlist)                                          // waitlistDelay
        w.bool(a.wasPunctual)
        w.endRecord()
    }
}
