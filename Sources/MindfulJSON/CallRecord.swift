/// One callback attempt record of the Mindful Historical Data API, as the metrics and the
/// appendices need it.
///
/// Every field is optional: `nil` means the field was absent, JSON `null`, or of the wrong JSON
/// type (a wrong type is also counted in ``HourRecords/malformedFields``). Numbers are any JSON
/// number a `Double` holds (one out of its range counts as a wrong type); booleans are only
/// `true`/`false`. `metadata` holds the object as compact JSON text.
public struct CallRecord: Sendable, Equatable {
    public var activeDuration: Double?
    public var actualCallbackTime: Double?
    public var agentBusy: Bool?
    public var agentDelay: Double?
    public var agentHangup: Bool?
    public var agentLegError: Bool?
    public var agentLegRejected: Bool?
    public var agentLegTimeout: Bool?
    public var agentWaitDuration: Double?
    public var ani: String?
    public var callTargetId: String?
    public var callTargetName: String?
    public var choseToHold: Bool?
    public var createdAt: String?
    public var customerBusy: Bool?
    public var customerDelay: Double?
    public var customerHangup: Bool?
    public var customerLegError: Bool?
    public var customerLegRejected: Bool?
    public var customerLegTimeout: Bool?
    public var customerRescheduled: Bool?
    public var customerWaitDuration: Double?
    public var disconnectRescue: Bool?
    public var duplicateCallback: Bool?
    public var earlyHangup: Bool?
    public var endedAt: String?
    public var endOfBusinessDay: Bool?
    public var estimatedCallbackTime: Double?
    public var estimatedFor: String?
    public var estimatePercentAccuracy: Double?
    public var firstPartyCalled: String?
    public var hasRetry: Bool?
    public var id: String?
    public var leaveVoicemail: Bool?
    public var maxEcbtExceeded: Bool?
    public var maxScheduledCallsExceeded: Bool?
    public var maxTollRateExceeded: Bool?
    /// The `metadata` object as compact JSON text (no whitespace outside strings).
    public var metadata: String?
    public var nextDayCallbackOffered: Bool?
    public var nextDayCallbackScheduled: Bool?
    public var originalId: String?
    public var outcome: String?
    public var outsideHours: Bool?
    public var phoneNumber: String?
    public var priorityQueueTimedOut: Bool?
    public var processedAt: String?
    public var punctuality: Double?
    public var registrationDuration: Double?
    public var retryAttempt: Double?
    public var segmentName: String?
    public var source: String?
    public var systemHangup: Bool?
    public var talkDuration: Double?
    public var type: String?
    public var waitlistDelay: Double?
    public var wasPunctual: Bool?

    /// A record with every field unset.
    public init() {}
}

/// The JSON type an API field is expected to have.
public enum FieldKind: Sendable, Equatable {
    case string, number, boolean, object
}

/// A typed value of one API field, as read from JSON (already checked against its ``FieldKind``).
public enum FieldValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// An object, as compact JSON text.
    case object(String)
}

/// The 56 fields of a callback record, in the API's documented (alphabetical) order, with the
/// JSON type of each and the key path that stores it.
public struct CallRecordField: Sendable {
    public let name: String
    public let kind: FieldKind
    let set: @Sendable (inout CallRecord, FieldValue) -> Void
    let get: @Sendable (CallRecord) -> FieldValue?

    static func string(_ name: String, _ path: WritableKeyPath<CallRecord, String?> & Sendable) -> CallRecordField {
        CallRecordField(name: name, kind: .string,
                        set: { r, v in if case .string(let s) = v { r[keyPath: path] = s } },
                        get: { r in r[keyPath: path].map(FieldValue.string) })
    }
    static func number(_ name: String, _ path: WritableKeyPath<CallRecord, Double?> & Sendable) -> CallRecordField {
        CallRecordField(name: name, kind: .number,
                        set: { r, v in if case .number(let d) = v { r[keyPath: path] = d } },
                        get: { r in r[keyPath: path].map(FieldValue.number) })
    }
    static func boolean(_ name: String, _ path: WritableKeyPath<CallRecord, Bool?> & Sendable) -> CallRecordField {
        CallRecordField(name: name, kind: .boolean,
                        set: { r, v in if case .boolean(let b) = v { r[keyPath: path] = b } },
                        get: { r in r[keyPath: path].map(FieldValue.boolean) })
    }

    /// Every API field in documented order: the column order of the CSV appendices.
    public static let all: [CallRecordField] = [
        .number("activeDuration", \.activeDuration),
        .number("actualCallbackTime", \.actualCallbackTime),
        .boolean("agentBusy", \.agentBusy),
        .number("agentDelay", \.agentDelay),
        .boolean("agentHangup", \.agentHangup),
        .boolean("agentLegError", \.agentLegError),
        .boolean("agentLegRejected", \.agentLegRejected),
        .boolean("agentLegTimeout", \.agentLegTimeout),
        .number("agentWaitDuration", \.agentWaitDuration),
        .string("ani", \.ani),
        .string("callTargetId", \.callTargetId),
        .string("callTargetName", \.callTargetName),
        .boolean("choseToHold", \.choseToHold),
        .string("createdAt", \.createdAt),
        .boolean("customerBusy", \.customerBusy),
        .number("customerDelay", \.customerDelay),
        .boolean("customerHangup", \.customerHangup),
        .boolean("customerLegError", \.customerLegError),
        .boolean("customerLegRejected", \.customerLegRejected),
        .boolean("customerLegTimeout", \.customerLegTimeout),
        .boolean("customerRescheduled", \.customerRescheduled),
        .number("customerWaitDuration", \.customerWaitDuration),
        .boolean("disconnectRescue", \.disconnectRescue),
        .boolean("duplicateCallback", \.duplicateCallback),
        .boolean("earlyHangup", \.earlyHangup),
        .string("endedAt", \.endedAt),
        .boolean("endOfBusinessDay", \.endOfBusinessDay),
        .number("estimatedCallbackTime", \.estimatedCallbackTime),
        .string("estimatedFor", \.estimatedFor),
        .number("estimatePercentAccuracy", \.estimatePercentAccuracy),
        .string("firstPartyCalled", \.firstPartyCalled),
        .boolean("hasRetry", \.hasRetry),
        .string("id", \.id),
        .boolean("leaveVoicemail", \.leaveVoicemail),
        .boolean("maxEcbtExceeded", \.maxEcbtExceeded),
        .boolean("maxScheduledCallsExceeded", \.maxScheduledCallsExceeded),
        .boolean("maxTollRateExceeded", \.maxTollRateExceeded),
        CallRecordField(name: "metadata", kind: .object,
                        set: { r, v in if case .object(let s) = v { r.metadata = s } },
                        get: { r in r.metadata.map(FieldValue.object) }),
        .boolean("nextDayCallbackOffered", \.nextDayCallbackOffered),
        .boolean("nextDayCallbackScheduled", \.nextDayCallbackScheduled),
        .string("originalId", \.originalId),
        .string("outcome", \.outcome),
        .boolean("outsideHours", \.outsideHours),
        .string("phoneNumber", \.phoneNumber),
        .boolean("priorityQueueTimedOut", \.priorityQueueTimedOut),
        .string("processedAt", \.processedAt),
        .number("punctuality", \.punctuality),
        .number("registrationDuration", \.registrationDuration),
        .number("retryAttempt", \.retryAttempt),
        .string("segmentName", \.segmentName),
        .string("source", \.source),
        .boolean("systemHangup", \.systemHangup),
        .number("talkDuration", \.talkDuration),
        .string("type", \.type),
        .number("waitlistDelay", \.waitlistDelay),
        .boolean("wasPunctual", \.wasPunctual),
    ]

    /// Field lookup by JSON key.
    public static let byName: [String: CallRecordField] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

extension CallRecord {
    /// Reads the value of one field, `nil` when it is null.
    public func value(of field: CallRecordField) -> FieldValue? { field.get(self) }
    /// Stores a value that already has the field's JSON type.
    public mutating func set(_ field: CallRecordField, to value: FieldValue) { field.set(&self, value) }
}
