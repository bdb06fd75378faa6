/// Attempt-level figures of one group of records (a call target, or all of them). Pure
/// accumulation: order does not matter.
public struct AttemptStats: Sendable, Equatable {
    public var attempts = 0
    public var asap = 0
    public var scheduled = 0
    public var retries = 0
    /// `actualCallbackTime` over first attempts.
    public var response = ValueDistribution()
    public var punctuality = ValueDistribution()
    /// `wasPunctual` true over `wasPunctual` not null.
    public var onTime = RunningRate()
    public var ecbtAccuracy = RunningMean()
    /// `agentDelay` over records whose outcome is Success.
    public var hold = RunningMean()
    /// `talkDuration` over values > 0.
    public var talk = RunningMean()
    /// Sum of every `talkDuration`.
    public var talkTotal = 0.0
    public var agentLegFailures = 0
    public var customerLegFailures = 0
    public var duplicates = 0
    public var outsideHours = 0
    public var nextDayOffered = 0
    public var nextDayScheduled = 0
    public var endOfBusinessDay = 0
    public var maxEcbtExceeded = 0
    public var maxScheduledCallsExceeded = 0
    public var maxTollRateExceeded = 0
    public var earlyHangups = 0
    public var choseToHold = 0
    public var customerRescheduled = 0
    /// Count, mean and spread of each mean the significance tests compare (SPEC §8): the
    /// same values as `response`, `punctuality`, `ecbtAccuracy`, `hold` and `talk`.
    public var moments = ComparedMoments()
    /// Attempts per outcome, indexed by the aggregator's interned outcome number.
    var outcomeCounts: [Int] = []
    /// Success rate by attempt number: index 0 = first attempt, 1 = first retry, ... last = 4+.
    public var successByAttempt = [RunningRate](repeating: RunningRate(), count: 4)

    /// Nothing counted yet.
    public init() {}

    /// Counts a record whose `type` has code `type` (``RecordKeys/type``).
    mutating func add(_ r: borrowing CallRecord, outcomeIndex: Int32, success: Bool, type: Int32) {
        attempts += 1
        switch type {
        case 0: asap += 1
        case 1: scheduled += 1
        default: break
        }
        let retry = r.retryAttempt ?? 0
        if retry > 0 { retries += 1 }
        if retry <= 0, let v = r.actualCallbackTime {
            response.add(v)
            moments.response.add(v)
        }
        if let v = r.punctuality {
            punctuality.add(v)
            moments.punctuality.add(v)
        }
        if let p = r.wasPunctual { onTime.add(p) }
        if let v = r.estimatePercentAccuracy {
            ecbtAccuracy.add(v)
            moments.ecbtAccuracy.add(v)
        }
        if success, let v = r.agentDelay {
            hold.add(v)
            moments.hold.add(v)
        }
        if let t = r.talkDuration {
            talkTotal += t
            if t > 0 {
                talk.add(t)
                moments.talk.add(t)
            }
        }
        if r.agentBusy == true || r.agentLegError == true || r.agentLegRejected == true || r.agentLegTimeout == true || r.priorityQueueTimedOut == true {
            agentLegFailures += 1
        }
        if r.customerBusy == true || r.customerLegError == true || r.customerLegRejected == true || r.customerLegTimeout == true {
            customerLegFailures += 1
        }
        if r.duplicateCallback == true { duplicates += 1 }
        if r.outsideHours == true { outsideHours += 1 }
        if r.nextDayCallbackOffered == true { nextDayOffered += 1 }
        if r.nextDayCallbackScheduled == true { nextDayScheduled += 1 }
        if r.endOfBusinessDay == true { endOfBusinessDay += 1 }
        if r.maxEcbtExceeded == true { maxEcbtExceeded += 1 }
        if r.maxScheduledCallsExceeded == true { maxScheduledCallsExceeded += 1 }
        if r.maxTollRateExceeded == true { maxTollRateExceeded += 1 }
        if r.earlyHangup == true { earlyHangups += 1 }
        if r.choseToHold == true { choseToHold += 1 }
        if r.customerRescheduled == true { customerRescheduled += 1 }
        let o = Int(outcomeIndex)
        outcomeCounts.extend(toInclude: o, with: 0)
        outcomeCounts[o] += 1
        let attemptIndex = retry <= 0 ? 0 : retry >= 3 ? 3 : Int(retry.rounded(.down))
        successByAttempt[attemptIndex].add(success)
    }
}

extension AttemptStats {
    /// Adds another group's figures; `outcomes` maps its outcome numbers to this one's.
    mutating func merge(_ o: AttemptStats, outcomes: [Int32]) {
        attempts += o.attempts
        asap += o.asap
        scheduled += o.scheduled
        retries += o.retries
        response.merge(o.response)
        punctuality.merge(o.punctuality)
        onTime.merge(o.onTime)
        ecbtAccuracy.merge(o.ecbtAccuracy)
        hold.merge(o.hold)
        talk.merge(o.talk)
        moments.merge(o.moments)
        talkTotal += o.talkTotal
        agentLegFailures += o.agentLegFailures
        customerLegFailures += o.customerLegFailures
        duplicates += o.duplicates
        outsideHours += o.outsideHours
        nextDayOffered += o.nextDayOffered
        nextDayScheduled += o.nextDayScheduled
        endOfBusinessDay += o.endOfBusinessDay
        maxEcbtExceeded += o.maxEcbtExceeded
        maxScheduledCallsExceeded += o.maxScheduledCallsExceeded
        maxTollRateExceeded += o.maxTollRateExceeded
        earlyHangups += o.earlyHangups
        choseToHold += o.choseToHold
        customerRescheduled += o.customerRescheduled
        for (local, n) in o.outcomeCounts.enumerated() where n > 0 {
            let g = Int(outcomes[local])
            outcomeCounts.extend(toInclude: g, with: 0)
            outcomeCounts[g] += n
        }
        for i in successByAttempt.indices { successByAttempt[i].merge(o.successByAttempt[i]) }
    }
}

/// The moments of the means that `--compare previous` tests (Welch's t-test needs each side's
/// count, mean and variance).
public struct ComparedMoments: Sendable, Equatable {
    /// `actualCallbackTime` over first attempts.
    public var response = Moments()
    public var punctuality = Moments()
    public var ecbtAccuracy = Moments()
    /// `agentDelay` over records whose outcome is Success.
    public var hold = Moments()
    /// `talkDuration` over values > 0.
    public var talk = Moments()

    /// Nothing counted yet.
    public init() {}

    /// Adds another group's moments to these.
    public mutating func merge(_ o: ComparedMoments) {
        response.merge(o.response)
        punctuality.merge(o.punctuality)
        ecbtAccuracy.merge(o.ecbtAccuracy)
        hold.merge(o.hold)
        talk.merge(o.talk)
    }
}

/// The simple figures kept per local day or local hour and group.
public struct PeriodStats: Sendable, Equatable {
    public var attempts = 0
    public var successAttempts = 0
    /// `actualCallbackTime` of first attempts.
    public var response = RunningMean()
    public var onTime = RunningRate()
    /// Requests whose first attempt (`retryAttempt` null or <= 0) lies in this period.
    public var firstAttempts = 0

    /// Nothing counted yet.
    public init() {}

    /// Adds another period's counts to these.
    public mutating func merge(_ o: PeriodStats) {
        attempts += o.attempts
        successAttempts += o.successAttempts
        response.merge(o.response)
        onTime.merge(o.onTime)
        firstAttempts += o.firstAttempts
    }

    mutating func add(_ r: borrowing CallRecord, success: Bool) {
        attempts += 1
        if success { successAttempts += 1 }
        let retry = r.retryAttempt ?? 0
        if retry <= 0 {
            firstAttempts += 1
            response.add(r.actualCallbackTime)
        }
        if let p = r.wasPunctual { onTime.add(p) }
    }
}

/// What is known of a request while its attempts are read (newest hour first): 24 bytes.
struct RequestState: Sendable {
    /// `retryAttempt` of the final attempt so far (null = 0).
    var finalRetry: Double
    /// Outcome of the final attempt so far, as an index into ``OutcomeTable``.
    var finalOutcome: Int32
    /// Local day (days since 1970-01-01) of the hour of the final attempt.
    var finalDay: Int32
    /// Attempts seen (saturating at 65,535).
    var attempts: UInt16
    /// Breakdown values of the final attempt.
    var finalDimensions: RecordDimensions

    init(retry: Double, outcome: Int32, day: Int32, dimensions: RecordDimensions) {
        finalRetry = retry
        finalOutcome = outcome
        finalDay = day
        attempts = 1
        finalDimensions = dimensions
    }

    /// Takes an older attempt (records arrive newest first): it becomes final only with a
    /// strictly higher `retryAttempt`, so ties stay with the later one.
    mutating func add(retry: Double, outcome: Int32, day: Int32, dimensions: RecordDimensions) {
        if attempts < UInt16.max { attempts += 1 }
        if retry > finalRetry {
            finalRetry = retry
            finalOutcome = outcome
            finalDay = day
            finalDimensions = dimensions
        }
    }
}

/// Outcome strings interned to small integers, so per-request state stays small.
public struct OutcomeTable: Sendable {
    private(set) var names: [String] = []
    private var index: [ExactKey: Int32] = [:]

    /// Nothing counted yet.
    public init() {}

    mutating func intern(_ outcome: String) -> Int32 {
        let key = ExactKey(outcome)
        if let i = index[key] { return i }
        let i = Int32(names.count)
        names.append(outcome)
        index[key] = i
        return i
    }

    func name(_ i: Int32) -> String { names[Int(i)] }

    /// The number of an outcome, if it occurred.
    func index(of outcome: String) -> Int32? { index[ExactKey(outcome)] }
}
