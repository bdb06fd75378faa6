import Foundation
import Logging
import Synchronization

/// Brings `hours` into `cache` and says which can be reported.
///
/// Per hour: a cached file that is settled (fetched more than `options.settle` after the hour
/// ended) and decodes is used as it is, unless `options.refresh`; a settled file that does not
/// decode is moved aside (``HourCache/quarantine(_:now:)``) and fetched again; anything else is
/// fetched. Only a complete 200 body that `options.decoder` accepts is written to the cache
/// (atomically, with its fetch time). 404 and 400 make an hour missing; 429, 5xx, timeouts,
/// resets, cut-short and unreadable bodies are retried with backoff up to `options.tries` times;
/// a refetch that fails while a readable older file exists keeps that file (``FetchSummary/stale``).
/// A host that does not resolve or refuses connections is waited for (`options.unreachableWindow`
/// in all) without using up tries; an untrusted certificate or a failing proxy stops at once.
///
/// With `options.offline` no request is made and no credentials are needed: hours not in the
/// cache are missing, and so are cached files that do not decode (left where they are).
///
/// `options.timeout` bounds each request from sending to the whole answer (enforced here, as
/// swift-corelibs-foundation truncates URLSession timeouts to whole seconds).
///
/// - Parameters:
///   - credentials: needed only when some hour must be fetched; `nil` then throws
///     ``FetchError/noCredentials(hoursNeeded:)`` before any request.
///   - progress: called after every hour is settled and every retry, one call at a time.
/// - Throws: ``FetchError`` when the run cannot start or must stop: a 401 after a token
///   refresh (or for a static token), a 403, a refused token request, an untrusted certificate,
///   a failing proxy, a host unreachable for the whole window, a cache write failure, or
///   cancellation. Other hours are then cancelled and no further request is made.
public func fetch(
    hours: [UTCHour],
    cache: HourCache,
    options: FetchOptions,
    credentials: Credentials?,
    progress: (@Sendable (FetchProgress) -> Void)? = nil
) async throws(FetchError) -> FetchSummary {
    try options.validate(cache: cache)
    let fetcher = HourFetcher(cache: cache, options: options, api: .make(credentials), progress: progress)
    do {
        return try await fetcher.run(hours)
    } catch {
        throw error.redacting(credentials?.secrets ?? [])
    }
}

/// The same, through a client the caller made (and shuts down), such as one whose token was
/// obtained before any work.
public func fetch(
    hours: [UTCHour],
    cache: HourCache,
    api: APIClient,
    progress: (@Sendable (FetchProgress) -> Void)? = nil
) async throws(FetchError) -> FetchSummary {
    try api.options.validate(cache: cache)
    let fetcher = HourFetcher(cache: cache, options: api.options, api: .given(api), progress: progress)
    do {
        return try await fetcher.run(hours)
    } catch {
        throw error.redacting(api.credentials.secrets)
    }
}

/// One fetch run: plans every hour against the cache, then fetches those that need it.
struct HourFetcher: Sendable {
    /// Where the API client of a run comes from.
    enum ClientSource: Sendable {
        /// Made by the run when some hour must be fetched (none without credentials).
        case make(Credentials?)
        /// Made, and shut down, by the caller.
        case given(APIClient)
    }

    let cache: HourCache
    let options: FetchOptions
    let api: ClientSource
    let progress: (@Sendable (FetchProgress) -> Void)?

    private var logger: Logger? { options.logger }

    /// What to do with an hour, decided from the cache alone.
    enum Plan: Sendable {
        case fromCache
        case missing(MissingReason)
        /// `cached`: a file exists (not known to decode); `quarantine`: it is settled but does not
        /// decode (the decoder's words), so it goes aside before the fetch.
        case fetch(cached: Bool, quarantine: String?)
    }

    /// How one hour's fetch ended.
    enum Outcome: Sendable {
        case fetched
        case missing(MissingReason)
        case fatal(FetchError)
        case cancelled
    }

    func run(_ requested: [UTCHour]) async throws(FetchError) -> FetchSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let hours = Array(Set(requested)).sorted()
        let ledger = Ledger(total: hours.count, started: started, progress: progress)

        // 1. Plan from the cache (decoding settled files in parallel, off the task pool).
        let plans = await plan(hours)
        if Task.isCancelled { throw .cancelled }
        var summary = FetchSummary(total: hours.count)
        var toFetch: [(UTCHour, cached: Bool)] = []
        var toQuarantine: [(UTCHour, String)] = []
        for (hour, plan) in zip(hours, plans) {
            switch plan {
            case .fromCache: summary.fromCache.append(hour)
            case .missing(let reason): summary.missing.append(UnfetchedHour(hour: hour, path: options.apiPath(for: hour), reason: reason))
            case .fetch(let cached, let quarantine):
                if let quarantine { toQuarantine.append((hour, quarantine)); toFetch.append((hour, false)) } else { toFetch.append((hour, cached)) }
            }
        }
        await ledger.planned(fromCache: summary.fromCache.count, missing: summary.missing.count, toFetch: toFetch.count)
        if toFetch.isEmpty {
            summary.elapsed = (clock.now - started).seconds
            return summary
        }
        if case .make(nil) = api { throw .noCredentials(hoursNeeded: toFetch.count, variables: options.credentialVariables) }

        for (hour, why) in toQuarantine {
            let aside: URL
            do { aside = try cache.quarantine(hour) } catch { throw .cacheFailed(hour: hour, error) }
            logger?.warning("cache file does not decode; moved aside", metadata: ["hour": "\(hour)", "to": "\(aside.path)", "reason": "\(why)"])
            summary.quarantined.append(QuarantinedFile(hour: hour, movedTo: aside.path, reason: why))
        }

        let client: APIClient
        switch api {
        case .given(let given): client = given
        case .make(let credentials): client = try APIClient(options: options, credentials: credentials!)
        }

        // 2. Fetch.
        let tokenRequestsBefore = await client.tokens.tokenRequests
        let context = RequestContext(api: client, slots: AsyncSemaphore(permits: options.concurrency), ledger: ledger)
        var fatal: FetchError?
        var cancelled = false
        var stale: [UnfetchedHour] = []
        // Hours are started ahead of the request slots, so a slot never waits for an hour to start.
        let window = min(toFetch.count, max(options.concurrency * 4, 16))
        await boundedMap(toFetch, window: window, order: .completion, { entry in
            let outcome = await self.fetch(entry.0, context)
            // Before the next hour starts: it then makes no request.
            if case .fatal = outcome { context.stop.set() }
            return outcome
        }, consume: { index, outcome in
            let (hour, cached) = toFetch[index]
            switch outcome {
            case .fetched:
                summary.fetched.append(hour)
                await ledger.finished(.fetched)
            case .missing(let reason):
                let missing = UnfetchedHour(hour: hour, path: options.apiPath(for: hour), reason: reason)
                if cached, await stillReadable(hour) {
                    logger?.warning("refetch failed; keeping the cached file", metadata: ["hour": "\(hour)", "reason": "\(reason)"])
                    stale.append(missing)
                    await ledger.finished(.stale)
                } else {
                    logger?.warning("hour missing", metadata: ["hour": "\(hour)", "path": "\(missing.path)", "reason": "\(reason)"])
                    summary.missing.append(missing)
                    await ledger.finished(.missing)
                }
            case .fatal(let error):
                if fatal == nil {
                    fatal = error
                    logger?.error("stopping the fetch", metadata: ["error": "\(error.redacting(client.credentials.secrets))"])
                    await client.tokens.cancel()
                    return .stop
                }
            case .cancelled:
                cancelled = true
            }
            return fatal == nil && !Task.isCancelled ? .continue : .stop
        })
        if case .make = api { await client.shutdown() }
        if let fatal { throw fatal }
        if cancelled || Task.isCancelled { throw .cancelled }
        summary.fetched.sort()
        summary.missing.sort { $0.hour < $1.hour }
        summary.stale = stale.sorted { $0.hour < $1.hour }
        let counts = await ledger.counts
        summary.retries = counts.retries
        summary.requests = counts.requests
        summary.tokenRequests = await client.tokens.tokenRequests - tokenRequestsBefore
        summary.elapsed = (clock.now - started).seconds
        return summary
    }

    // MARK: planning

    private func plan(_ hours: [UTCHour]) async -> [Plan] {
        var plans: [Plan] = []
        plans.reserveCapacity(hours.count)
        await boundedMap(hours, { hour in await offload { self.plan(hour) } }) { _, plan in
            plans.append(plan)
            return .continue
        }
        return plans
    }

    /// Blocking: reads and decodes when that decides the plan.
    private func plan(_ hour: UTCHour) -> Plan {
        let exists = FileManager.default.fileExists(atPath: cache.fileURL(for: hour).path)
        if options.offline {
            guard exists else { return .missing(.notCached) }
            if let why = problem(hour) { return .missing(.unreadableCache(why)) }
            return .fromCache
        }
        guard exists, !options.refresh, cache.isSettled(hour, settle: options.settle) else {
            return .fetch(cached: exists, quarantine: nil)
        }
        if let why = problem(hour) { return .fetch(cached: false, quarantine: why) }
        return .fromCache
    }

    /// Why the cached file of `hour` cannot be used, or `nil` when it decodes.
    private func problem(_ hour: UTCHour) -> String? {
        do {
            guard let bytes = try cache.read(hour) else { return "no file" }
            _ = try options.decoder.decode(bytes)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func stillReadable(_ hour: UTCHour) async -> Bool {
        await offload { self.problem(hour) == nil }
    }

    // MARK: fetching one hour

    private func fetch(_ hour: UTCHour, _ context: RequestContext) async -> Outcome {
        let path = options.apiPath(for: hour)
        let api = context.api
        var request = HTTPRequest(url: options.url(for: hour))
        request.setHeader("Accept", "application/json")
        var failures = 0
        var attempts = 0
        var renewedAfter401 = false
        while true {
            if Task.isCancelled || context.stop.isSet { return .cancelled }
            do {
                try await context.slots.acquire()
            } catch {
                return .cancelled
            }
            let answer: Result<HTTPAnswer, TransportFailure>
            let token: IssuedToken
            var renewable = false
            do {
                try await api.limiter.acquire()
                // Taken last, so a token never waits in the queue long enough to expire.
                do {
                    token = try await api.tokens.token()
                } catch {
                    await context.slots.release()
                    return error == .cancelled ? .cancelled : .fatal(error)
                }
                request.setHeader("Authorization", "Bearer \(token.value)")
                if context.stop.isSet {
                    await context.slots.release()
                    return .cancelled
                }
                attempts += 1
                await context.ledger.requested()
                let t0 = ContinuousClock.now
                do {
                    answer = .success(try await api.transport.send(request))
                    api.reachability.reached()
                } catch {
                    answer = .failure(error)
                }
                // Decide whether this answer stops the run before freeing the slot, so that no
                // request waiting for the slot starts after it.
                switch answer {
                case .success(let http) where http.status == 401:
                    renewable = await api.tokens.rejected(token) && !renewedAfter401
                    if !renewable { context.stop.set() }
                case .success(let http) where http.status == 403:
                    context.stop.set()
                case .failure(.untrusted), .failure(.proxy):
                    context.stop.set()
                default:
                    break
                }
                await context.slots.release()
                logger?.debug("GET \(path)", metadata: [
                    "try": "\(attempts)",
                    "result": "\((try? answer.get()).map { "HTTP \($0.status)" } ?? "\(answer)")",
                    "ms": "\(Int((ContinuousClock.now - t0).seconds * 1000))",
                ])
            } catch {
                await context.slots.release()
                return .cancelled
            }

            // Decide: done, final, or another try after `wait`.
            let lastError: String
            var serverWait: TimeInterval?
            switch answer {
            case .failure(.cancelled):
                return .cancelled
            case .failure(.untrusted(let host, let reason)):
                return .fatal(.untrusted(host: host, reason: reason))
            case .failure(.proxy(let proxy, let reason)):
                return .fatal(.proxyFailed(proxy: proxy, reason: reason))
            case .failure(.unreachable(let host, let cause)):
                // Not the hour's fault: wait for the host without using up a try.
                guard let wait = api.reachability.failed() else {
                    context.stop.set()
                    return .fatal(.unreachable(host: host, cause: cause, waited: api.reachability.window))
                }
                logger?.info("host unreachable; waiting", metadata: ["hour": "\(hour)", "host": "\(host)", "cause": "\(cause)"])
                do { try await Task.sleep(for: wait) } catch { return .cancelled }
                continue
            case .failure(let failure):
                lastError = failure.description
            case .success(let http):
                switch http.status {
                case 200:
                    let stored: Result<Void, StoreFailure> = await offload { self.store(http.body, for: hour) }
                    switch stored {
                    case .success: return .fetched
                    case .failure(.cache(let error)): return .fatal(.cacheFailed(hour: hour, error))
                    case .failure(.undecodable(let why)): lastError = "HTTP 200 with an unusable body: \(why)"
                    }
                case 404: return .missing(.notFound)
                case 400: return .missing(.badRequest)
                case 401:
                    if !renewable {
                        return .fatal(.unauthorized(hour: hour, path: path, afterRefresh: renewedAfter401 || token.afterRejection,
                                                    bearerError: BearerChallenge.error(http)))
                    }
                    renewedAfter401 = true
                    await context.ledger.retrying()
                    continue // a 401 retry does not use up a try
                case 403: return .fatal(.forbidden(hour: hour, path: path, bearerError: BearerChallenge.error(http)))
                case 408, 429, 500, 502, 503, 504:
                    lastError = "HTTP \(http.status)"
                    serverWait = RetryAfter.seconds(http.header("Retry-After")).map { min($0, options.maxRetryAfter) }
                    if http.status == 429, let serverWait { await api.limiter.pause(for: serverWait) }
                default:
                    return .missing(.unexpectedStatus(http.status))
                }
            }
            failures += 1
            guard failures < options.tries else { return .missing(.gaveUp(tries: failures, lastError: lastError)) }
            let wait = serverWait ?? options.backoff.delay(afterFailures: failures)
            logger?.info("retrying", metadata: [
                "hour": "\(hour)", "path": "\(path)", "error": "\(lastError)",
                "wait_s": "\(NumberText.fixed(wait, places: 2))", "next_try": "\(failures + 1) of \(options.tries)",
            ])
            await context.ledger.retrying()
            do {
                if wait > 0 { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
            } catch {
                return .cancelled
            }
        }
    }

    private enum StoreFailure: Error {
        case undecodable(String)
        case cache(CacheError)
    }

    /// Blocking: checks a 200 body and writes it to the cache.
    private func store(_ body: [UInt8], for hour: UTCHour) -> Result<Void, StoreFailure> {
        do {
            _ = try options.decoder.decode(body)
        } catch {
            return .failure(.undecodable("\(error)"))
        }
        do {
            try cache.write(body, for: hour, fetchedAt: Date())
            return .success(())
        } catch {
            return .failure(.cache(error))
        }
    }
}

/// What every hour's requests share.
struct RequestContext: Sendable {
    let api: APIClient
    let slots: AsyncSemaphore
    let ledger: Ledger
    let stop = StopFlag()
}

/// Set once an answer stops the run; checked right before every request is sent.
final class StopFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}

/// Counts for progress and the summary.
actor Ledger {
    enum Result { case fetched, stale, missing }

    private let total: Int
    private let started: ContinuousClock.Instant
    private let progress: (@Sendable (FetchProgress) -> Void)?
    private var state = FetchProgress()
    private var toFetch = 0
    private var networkDone = 0
    private var firstRequest: ContinuousClock.Instant?

    init(total: Int, started: ContinuousClock.Instant, progress: (@Sendable (FetchProgress) -> Void)?) {
        self.total = total
        self.started = started
        self.progress = progress
        state.total = total
    }

    var counts: (retries: Int, requests: Int) { (state.retried, state.requests) }

    func planned(fromCache: Int, missing: Int, toFetch: Int) {
        state.fromCache = fromCache
        state.failed = missing
        state.done = fromCache + missing
        self.toFetch = toFetch
        emit()
    }

    func requested() {
        if firstRequest == nil { firstRequest = .now }
        state.requests += 1
    }

    func retrying() {
        state.retried += 1
        emit()
    }

    func finished(_ result: Result) {
        switch result {
        case .fetched: state.fetched += 1
        case .stale: break
        case .missing: state.failed += 1
        }
        state.done += 1
        networkDone += 1
        emit()
    }

    private func emit() {
        guard let progress else { return }
        let now = ContinuousClock.now
        state.elapsed = (now - started).seconds
        if let firstRequest {
            let span = (now - firstRequest).seconds
            state.rate = span > 0 ? Double(state.requests) / span : 0
            state.eta = networkDone > 0 && span > 0 ? Double(toFetch - networkDone) * span / Double(networkDone) : nil
        }
        progress(state)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
