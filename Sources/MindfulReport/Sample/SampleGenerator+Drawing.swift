/// Drawing requests and attempts: every value comes from a ``SplitMix64`` stream seeded by what it
/// belongs to (seed, tag, hour, index), so hours are independent of each other.
extension SampleGenerator {

    /// Chain `k` of those crossing into `boundary`: 1-2 attempts ending in the hour before, 1-2 in
    /// `boundary`.
    func crossingChain(into boundary: UTCHour, _ k: Int) -> Chain {
        var rng = SplitMix64(seed: seed, Tag.crossing, UInt64(bitPattern: Int64(boundary.index)), UInt64(k))
        let before = rng.chance(0.7) ? 1 : 2
        let after = rng.chance(0.75) ? 1 : 2
        let target = pickTarget(&rng)
        let origin = boundary.advanced(by: -1)
        var chain = draft(&rng, length: before + after, origin: origin, kind: 1, index: k, target: target,
                          strain: strain(target: target, hour: origin))
        chain.split = before
        // The last attempt before the boundary ends u seconds before it, u < the next span, so
        // the next attempt ends after the boundary. Spans are bounded (retried attempts < 720 s,
        // any attempt < 2,600 s) so the chain stays within the two hours.
        let start = boundary.index * 3600
        let u = 1 + rng.below(min(chain.drafts[before].span, 600))
        chain.ends[before - 1] = start - u
        var i = before - 2
        while i >= 0 {
            chain.ends[i] = chain.ends[i + 1] - chain.drafts[i + 1].span
            i -= 1
        }
        for i in before..<chain.ends.count { chain.ends[i] = chain.ends[i - 1] + chain.drafts[i].span }
        return chain
    }

    /// Draws a request of `target` with `length` attempts (not yet placed in time); `strain`
    /// (``strain(target:hour:)``) makes outcomes, waits and lateness worse.
    func draft(_ rng: inout SplitMix64, length: Int, origin: UTCHour, kind: UInt64, index: Int, target: Int, strain: Double) -> Chain {
        var drafts: [Draft] = []
        drafts.reserveCapacity(length)
        let single = Self.strained(Self.singleOutcomeWeights, strain, shift: 170, to: [2: 90, 3: 40, 5: 40])
        let finalRetry = Self.strained(Self.finalRetryOutcomeWeights, strain, shift: 150, to: [2: 80, 3: 35, 5: 35])
        for i in 0..<length {
            let weights = i < length - 1 ? Self.retriedOutcomeWeights : length == 1 ? single : finalRetry
            drafts.append(Draft(outcome: Outcome(rawValue: rng.pick(weights))!))
        }
        let hourOfDay = origin.index.floorMod(24)
        let night = hourOfDay < 6 || hourOfDay >= 22
        let final = drafts[length - 1].outcome

        var request = Request(target: target, type: 0, phone: randomPhone(&rng), ani: nil, source: 0,
                              segment: nil, metadataKind: 0, metadataNumber: 0, agentFirst: rng.chance(0.2),
                              registration: nil, flags: 0, idKey: 0)
        request.type = rng.chance(0.79) ? 0 : 1
        if final == .choseHold || final == .choseMessaging { request.type = 2 }
        request.source = request.type == 2 || rng.chance(0.45) ? 2 : (rng.chance(0.7) ? 0 : 1)
        if request.source == 2 {
            request.ani = rng.chance(0.8) ? request.phone : randomPhone(&rng)
            request.registration = rng.chance(0.6) ? rng.int(15, 90) : nil
        }
        if rng.chance(0.55) { request.segment = rng.below(Self.segments.count) }
        let m = rng.below(10)
        request.metadataKind = m < 5 ? 0 : m < 8 ? 1 : m < 9 ? 2 : 3
        request.metadataNumber = rng.below(1_000_000)
        if rng.chance(night ? 0.3 : 0.01) { request.flags |= Flag.outsideHours }
        if rng.chance(night ? 0.25 : 0.005) {
            request.flags |= Flag.endOfBusinessDay
            if rng.chance(0.8) {
                request.flags |= Flag.nextDayCallbackOffered
                if rng.chance(0.45), request.type != 2 {
                    request.flags |= Flag.nextDayCallbackScheduled
                    request.type = 1
                }
            }
        }
        if request.type == 0, rng.chance(0.015) { request.flags |= Flag.maxEcbtExceeded }
        if request.type == 1, rng.chance(0.02) { request.flags |= Flag.maxScheduledCallsExceeded }
        if rng.chance(0.003) { request.flags |= Flag.maxTollRateExceeded }
        request.idKey = (UInt64(truncatingIfNeeded: origin.index) & 0xFF_FFFF) << 27 | kind << 26 | (UInt64(index) & 0x3F_FFFF) << 4

        for i in 0..<length { fill(&drafts[i], &rng, request: request, retry: i > 0, strain: strain) }
        return Chain(request: request, drafts: drafts, ends: [Int](repeating: 0, count: length))
    }

    /// Draws the durations and flags of one attempt, consistent with its outcome; `strain`
    /// lengthens waits and makes callbacks later.
    func fill(_ d: inout Draft, _ rng: inout SplitMix64, request: Request, retry: Bool, strain: Double) {
        let agentFirst = request.agentFirst
        switch d.outcome {
        case .success:
            d.customerDelay = rng.int(2, 20)
            d.agentDelay = agentFirst ? rng.int(0, 15) : min(5 + Int(rng.exponential(mean: 32 * (1 + 0.8 * strain))), 300)
            d.agentWait = agentFirst ? rng.int(10, 45) : rng.int(0, 10)
            d.customerWait = rng.chance(0.6) ? nil : rng.int(1, 20)
            let talk = min(30 + Int(rng.exponential(mean: 280)), 1500)
            d.talk = talk
            d.active = d.customerDelay + d.agentDelay + (d.agentWait ?? 0) + talk
            let r = rng.below(100)
            d.flags |= r < 55 ? Flag.customerHangup : r < 95 ? Flag.agentHangup : Flag.systemHangup
            if rng.chance(0.005) { d.flags |= Flag.disconnectRescue }
        case .unavailable:
            d.active = rng.int(20, 60)
            d.agentWait = agentFirst ? d.active : 0
            let r = rng.below(100)
            d.flags |= Flag.systemHangup | (r < 25 ? Flag.customerBusy : r < 75 ? Flag.customerLegTimeout
                                            : r < 90 ? Flag.customerLegRejected : Flag.customerLegError)
            if agentFirst, rng.chance(0.4) { d.flags |= Flag.leaveVoicemail }
        case .notCompleted:
            d.customerDelay = rng.int(3, 15)
            d.agentDelay = rng.int(30, 90)
            d.agentWait = 0
            d.active = d.customerDelay + d.agentDelay + rng.int(0, 5)
            let r = rng.below(100)
            d.flags |= Flag.systemHangup | (r < 35 ? Flag.agentLegTimeout : r < 60 ? Flag.priorityQueueTimedOut
                                            : r < 75 ? Flag.agentBusy : r < 90 ? Flag.agentLegRejected : Flag.agentLegError)
        case .failure:
            d.active = rng.int(0, 30)
            d.agentWait = rng.chance(0.5) ? nil : 0
            d.flags |= Flag.systemHangup | (rng.chance(0.5) ? Flag.agentLegError : Flag.customerLegError)
            d.callbackNull = rng.chance(0.4)
        case .abandoned:
            d.customerDelay = rng.int(3, 15)
            d.agentDelay = rng.int(10, 120)
            d.agentWait = 0
            d.active = d.customerDelay + d.agentDelay
            d.flags |= Flag.customerHangup
            if request.source == 2, rng.chance(0.2) { d.flags |= Flag.earlyHangup }
        case .unknown:
            d.active = rng.int(0, 60)
            d.callbackNull = rng.chance(0.5)
        case .canceled:
            d.callback = retry ? rng.int(30, 600) : rng.int(30, 1200)
            if rng.chance(0.3) { d.flags |= Flag.duplicateCallback }
        case .choseHold:
            d.callback = rng.int(10, 90)
            d.flags |= Flag.choseToHold
        case .choseMessaging:
            d.callback = rng.int(10, 90)
        case .textScheduling:
            d.callback = rng.int(20, 120)
        }
        if d.outcome.launched {
            d.callback = retry ? rng.int(120, 600) : min(30 + Int(rng.exponential(mean: 330 * (1 + 0.9 * strain))), 3600)
            // On time (within 120 s) less often under strain: 80% with none, about 60% at 1.4.
            let late = Int((14 * strain).rounded())
            let r = rng.below(100)
            d.punctuality = r < 76 - late ? rng.int(-30, 90) : r < 88 ? rng.int(91, 400) : r < 96 ? rng.int(-240, -31) : rng.int(401, 1200)
        }
        if request.type == 1, rng.chance(0.03) { d.flags |= Flag.customerRescheduled }
    }

    /// Places attempt `i` of a chain in time and derives every field.
    func finish(_ chain: Chain, _ i: Int, request: Int, hasRetry: Bool) -> Attempt {
        let d = chain.drafts[i]
        let r = chain.request
        let endedAt = chain.ends[i]
        let (idHigh, id) = recordID(r.idKey | UInt64(i))
        let (originalHigh, original) = recordID(r.idKey)
        var a = Attempt(request: Int32(request), attempt: Int32(i), outcome: d.outcome, hasRetry: hasRetry,
                        flags: d.flags | r.flags, idHigh: idHigh, id: id, originalHigh: originalHigh, original: original,
                        createdAt: 0, endedAt: endedAt, processedAt: nil, estimatedFor: nil, ecbt: nil, callback: nil,
                        punctuality: nil, accuracy: nil, wasPunctual: nil, active: 0, talk: nil, agentDelay: d.agentDelay,
                        customerDelay: d.customerDelay, agentWait: d.agentWait, customerWait: d.customerWait, waitlist: 0,
                        registration: i == 0 ? r.registration : nil, party: nil)
        // A retry is created when the attempt before it ends.
        let createdAfter: Int? = i > 0 ? chain.ends[i - 1] : nil
        // Some variety that must not disturb the drawn values: from the id.
        var rng = SplitMix64(state: id)
        if d.outcome.launched {
            let processedAt = endedAt - d.active
            a.processedAt = processedAt
            a.active = d.active
            a.party = r.agentFirst ? 1 : 0
            var createdAt: Int, estimatedFor: Int, ecbt: Int
            if i == 0, r.type == 1 {
                // Scheduled: a five-minute slot chosen 10 to 45 minutes ahead.
                estimatedFor = (processedAt - d.punctuality + 150).floorDiv(300) * 300
                ecbt = rng.int(10, 45) * 60
                createdAt = estimatedFor - ecbt
            } else {
                createdAt = createdAfter ?? processedAt - d.callback
                let callback = processedAt - createdAt
                ecbt = callback - d.punctuality
                if ecbt < 30 { ecbt = 30 + rng.below(60) }
                estimatedFor = createdAt + ecbt
                a.waitlist = rng.below(callback * 3 / 4 + 1)
            }
            a.createdAt = createdAt
            a.estimatedFor = estimatedFor
            a.ecbt = ecbt
            if !d.callbackNull {
                let callback = processedAt - createdAt
                let punctuality = processedAt - estimatedFor
                a.callback = callback
                a.punctuality = punctuality
                a.wasPunctual = abs(punctuality) <= 120
                a.accuracy = max(0, 100_000 - abs(callback - ecbt) * 100_000 / ecbt)
            }
            a.talk = d.outcome == .success ? d.talk : (rng.chance(0.5) ? 0 : nil)
        } else {
            a.createdAt = createdAfter ?? endedAt - d.callback
            if d.outcome != .choseMessaging { a.ecbt = rng.int(60, 1200) }
            if d.outcome == .canceled || d.outcome == .textScheduling { a.estimatedFor = a.createdAt + (a.ecbt ?? 0) }
            a.talk = rng.chance(0.5) ? 0 : nil
        }
        return a
    }

    /// A record id from its key: a bijection of the key (so distinct keys give distinct ids),
    /// plus a leading hex digit.
    func recordID(_ key: UInt64) -> (UInt8, UInt64) {
        let low = SplitMix64.mix(key ^ SplitMix64.mix(seed ^ Tag.ids))
        return (UInt8(truncatingIfNeeded: SplitMix64.mix(low) >> 60), low)
    }

    func pickTarget(_ rng: inout SplitMix64) -> Int {
        let r = rng.below(targetCumulative[targetCumulative.count - 1])
        var lo = 0, hi = targetCumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if targetCumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    func randomPhone(_ rng: inout SplitMix64) -> UInt64 {
        let area = Self.areaCodes[rng.below(Self.areaCodes.count)]
        return UInt64(area * 10_000_000 + rng.int(200, 999) * 10_000 + rng.below(10_000))
    }
}
