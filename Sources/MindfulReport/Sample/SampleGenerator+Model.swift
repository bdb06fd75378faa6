/// The sample's record model: the random streams' tags, outcomes and their weights, the flag
/// bits, and a request's attempts as drawn (``Draft``), chained (``Chain``) and finished (``Attempt``).
extension SampleGenerator {

    enum Tag {
        static let local: UInt64 = 0x6C6F_6361_6C00
        static let crossing: UInt64 = 0x6372_6F73_7300
        static let crossingCount: UInt64 = 0x636F_756E_7400
        static let ids: UInt64 = 0x6964_7300
        static let bad: UInt64 = 0x6261_6400
    }

    enum Outcome: Int {
        case success, canceled, unavailable, notCompleted, choseHold, abandoned, unknown, failure, choseMessaging, textScheduling

        static let names: [[UInt8]] = ["Success", "Canceled", "Unavailable", "Not Completed", "Chose Hold", "Abandoned",
                                       "Unknown", "Failure", "Chose Messaging", "Text Scheduling"].map(SampleJSONWriter.stringLiteral)

        /// True when a callback was launched (a call leg was attempted).
        var launched: Bool {
            switch self {
            case .success, .unavailable, .notCompleted, .abandoned, .unknown, .failure: return true
            case .canceled, .choseHold, .choseMessaging, .textScheduling: return false
            }
        }
    }

    /// Outcome weights (per mille, in ``Outcome`` order) of a request's only attempt, of the last
    /// attempt of a retry chain, and of an attempt that is retried.
    static let singleOutcomeWeights = [780, 35, 45, 22, 30, 18, 14, 18, 25, 13]
    static let finalRetryOutcomeWeights = [720, 20, 140, 45, 0, 30, 10, 35, 0, 0]
    static let retriedOutcomeWeights = [0, 0, 550, 200, 0, 100, 0, 150, 0, 0]
    /// Attempts per request made within one hour: 1 to 4.
    static let chainLengthWeights = [915, 62, 18, 5]

    /// `weights` (per mille) with `shift × strain` per mille (at most 45% of the first weight)
    /// moved from the first entry to the entries of `to`, in proportion to their shares.
    static func strained(_ weights: [Int], _ strain: Double, shift: Int, to shares: [Int: Int]) -> [Int] {
        let moved = min(Int((Double(shift) * strain).rounded()), weights[0] * 45 / 100)
        guard moved > 0 else { return weights }
        var w = weights
        w[0] -= moved
        let total = shares.values.reduce(0, +)
        var given = 0
        for (i, share) in shares.sorted(by: { $0.key < $1.key }) {
            let part = moved * share / total
            w[i] += part
            given += part
        }
        w[shares.keys.min()!] += moved - given
        return w
    }

    static let types: [[UInt8]] = ["asap", "scheduled", "unknown"].map(SampleJSONWriter.stringLiteral)
    static let parties: [[UInt8]] = ["customer", "agent"].map(SampleJSONWriter.stringLiteral)
    static let segments: [[UInt8]] = ["General", "Priority", "Spanish", "After Hours", "VIP"].map(SampleJSONWriter.stringLiteral)
    static let areaCodes: [Int] = [212, 213, 305, 312, 330, 404, 415, 503, 512, 602, 617, 702, 713, 720, 818, 919]

    /// Bits of ``Attempt/flags`` (and of ``Request/flags`` for the request-wide ones).
    enum Flag {
        static let agentBusy: UInt32 = 1 << 0
        static let agentHangup: UInt32 = 1 << 1
        static let agentLegError: UInt32 = 1 << 2
        static let agentLegRejected: UInt32 = 1 << 3
        static let agentLegTimeout: UInt32 = 1 << 4
        static let choseToHold: UInt32 = 1 << 5
        static let customerBusy: UInt32 = 1 << 6
        static let customerHangup: UInt32 = 1 << 7
        static let customerLegError: UInt32 = 1 << 8
        static let customerLegRejected: UInt32 = 1 << 9
        static let customerLegTimeout: UInt32 = 1 << 10
        static let customerRescheduled: UInt32 = 1 << 11
        static let disconnectRescue: UInt32 = 1 << 12
        static let duplicateCallback: UInt32 = 1 << 13
        static let earlyHangup: UInt32 = 1 << 14
        static let endOfBusinessDay: UInt32 = 1 << 15
        static let leaveVoicemail: UInt32 = 1 << 16
        static let maxEcbtExceeded: UInt32 = 1 << 17
        static let maxScheduledCallsExceeded: UInt32 = 1 << 18
        static let maxTollRateExceeded: UInt32 = 1 << 19
        static let nextDayCallbackOffered: UInt32 = 1 << 20
        static let nextDayCallbackScheduled: UInt32 = 1 << 21
        static let outsideHours: UInt32 = 1 << 22
        static let priorityQueueTimedOut: UInt32 = 1 << 23
        static let systemHangup: UInt32 = 1 << 24
    }

    /// What the attempts of one callback request share.
    struct Request {
        var target: Int
        /// 0 asap, 1 scheduled, 2 unknown.
        var type: Int
        var phone: UInt64
        var ani: UInt64?
        /// 0, 1: a widget of the target; 2: the target's phone number.
        var source: Int
        var segment: Int?
        /// 0 `{}`; 1-3 small objects with `metadataNumber`.
        var metadataKind: Int
        var metadataNumber: Int
        var agentFirst: Bool
        var registration: Int?
        /// Request-wide ``Flag`` bits.
        var flags: UInt32
        /// The key its attempts' ids derive from.
        var idKey: UInt64
    }

    /// An attempt as drawn before it is placed in time.
    struct Draft {
        var outcome: Outcome
        /// `actualCallbackTime` is null.
        var callbackNull = false
        /// Launched: seconds from `processedAt` to `endedAt`.
        var active = 0
        var talk: Int?
        var agentDelay = 0
        var customerDelay = 0
        var agentWait: Int?
        var customerWait: Int?
        /// Launched: `processedAt` - `createdAt`; otherwise `endedAt` - `createdAt`.
        var callback = 0
        /// Drawn punctuality (launched).
        var punctuality = 0
        var flags: UInt32 = 0
        /// `endedAt` - `createdAt`.
        var span: Int { outcome.launched ? callback + active : callback }
    }

    struct Chain {
        var request: Request
        var drafts: [Draft]
        /// `endedAt` of each attempt (seconds since the epoch), once placed.
        var ends: [Int]
        /// For a chain crossing an hour boundary: attempts before it.
        var split = 0
    }

    /// One record, ready to be written.
    struct Attempt {
        var request: Int32
        var attempt: Int32
        var outcome: Outcome
        var hasRetry: Bool
        var flags: UInt32
        var idHigh: UInt8
        var id: UInt64
        var originalHigh: UInt8
        var original: UInt64
        var createdAt: Int
        var endedAt: Int
        var processedAt: Int?
        var estimatedFor: Int?
        var ecbt: Int?
        var callback: Int?
        var punctuality: Int?
        var accuracy: Int?
        var wasPunctual: Bool?
        var active: Int
        var talk: Int?
        var agentDelay: Int
        var customerDelay: Int
        var agentWait: Int?
        var customerWait: Int?
        var waitlist: Int
        var registration: Int?
        var party: Int?
    }

}
