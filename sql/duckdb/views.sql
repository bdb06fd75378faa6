-- mindful-report: SQL views over the hour cache (SPEC §9), for DuckDB 1.3 or later.
--
--   SET VARIABLE cache = '/var/cache/mindful-report';   -- the folder holding YYYYMMDD/HH.json
--   SET VARIABLE hour_labels = 'end';                   -- optional: 'end' (default) or 'start'
--   .read sql/duckdb/views.sql
--   SELECT * FROM summary;
--
-- The views read the cache when they are queried, so the variables may be changed afterwards.
-- `cache` may also be a copy in object storage with the same layout ('s3://bucket/mindful',
-- with DuckDB's httpfs extension loaded and credentials set up as DuckDB documents).
--
-- Views:
--   hour_files  one row per CACHE/YYYYMMDD/HH.json file: path, date, label, the UTC hour it covers
--   records     every record after the §3 dedupe, fields of the wrong JSON type as NULL,
--               with the hour it came from (source_hour) and its place in that file
--   requests    the final attempt of every request (§4), per call target and over all records
--   summary     the required summary.csv columns (§4), one row per call target, then ALL
--
-- How the JSON is read (SPEC §3-4): a file that is not UTF-8, has a BOM, is not strict JSON
-- (NaN, Infinity, trailing commas, control characters in strings ...), is not an object, or
-- has no `data` array is skipped (a missing hour). An escaped lone surrogate reads as U+FFFD.
-- A number beyond the range of a double (1e400) is a field of the wrong type. An element of
-- `data` that is not an object is skipped. When an object repeats a key, the last one counts.
-- A field of the wrong JSON type reads as NULL (`"3"` is not a number, `1` is not a boolean).

-- ---------------------------------------------------------------------------------------------
-- Helpers

-- Typed reads of one JSON value (its JSON text, as json_transform gives it): NULL when the value
-- has another JSON type. Read from the text's first character rather than parsed again.
CREATE OR REPLACE MACRO mindful_json_str(v) AS
    CASE WHEN starts_with(v::VARCHAR, '"') THEN
        CASE WHEN contains(v::VARCHAR, '\') THEN json_extract_string(v, '$')
             ELSE (v::VARCHAR)[2:-2] END END;
CREATE OR REPLACE MACRO mindful_json_num(v) AS
    CASE WHEN left(v::VARCHAR, 1) IN ('-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
              AND NOT isinf(TRY_CAST(v::VARCHAR AS DOUBLE))
         THEN TRY_CAST(v::VARCHAR AS DOUBLE) END;
CREATE OR REPLACE MACRO mindful_json_bool(v) AS
    CASE v::VARCHAR WHEN 'true' THEN true WHEN 'false' THEN false END;
CREATE OR REPLACE MACRO mindful_json_obj(v) AS
    CASE WHEN starts_with(v::VARCHAR, '{') THEN v END;

-- An escaped lone surrogate (`\ud800` not followed by `\udc00`..`\udfff`, or a low one alone)
-- becomes `\ufffd`. Escaped backslashes are first written `\u005c` (the same string), so every
-- backslash left starts an escape; valid pairs are marked `\U` while lone halves are replaced.
CREATE OR REPLACE MACRO mindful_fix_surrogates(t) AS
    regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(t, '\\\\', '\\u005c', 'g'),
                '\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})', '\\U\1\\U\2', 'g'),
            '\\u[dD][89a-fA-F][0-9a-fA-F]{2}', '\\ufffd', 'g'),
        '\\U', '\\u', 'g');

-- DuckDB's JSON reader accepts NaN, Infinity (any case) and trailing commas; strict JSON does
-- not. Looked for outside strings only (strings are emptied first), and only when the raw text
-- has one.
CREATE OR REPLACE MACRO mindful_lenient_json(t) AS
    CASE WHEN regexp_matches(t, ',[ \t\r\n]*[\]}]') OR regexp_matches(t, '[Nn][Aa][Nn]|[Ii][Nn][Ff]')
         THEN regexp_matches(regexp_replace(t, '"(?:[^"\\]|\\.)*"', '""', 'g'),
                             '(?i)nan|inf|,[ \t\r\n]*[\]}]')
         ELSE false END;

-- A document keeping only its last `data` member (`{"data":null}` when it has none): yyjson's
-- path lookup finds the first of repeated keys.
CREATE OR REPLACE MACRO mindful_last_data(doc) AS
    '{"data":' || coalesce(
        CASE WHEN len(list_filter(json_keys(doc), lambda k: k = 'data')) > 1
             THEN json_extract(doc, '$.*')[len(json_keys(doc)) + 1
                                           - list_position(list_reverse(json_keys(doc)), 'data')]
             ELSE json_extract(doc, '$.data') END, 'null') || '}';

-- An object given as its keys `k` and values `v` (both in document order), rewritten to keep
-- the last of each repeated key.
CREATE OR REPLACE MACRO mindful_last_keys(k, v) AS
    ('{' || array_to_string(
        list_transform(
            list_filter(range(1, len(k) + 1), lambda i: NOT list_contains(k[i + 1:], k[i])),
            lambda i: to_json(k[i]) || ':' || v[i]), ',') || '}')::JSON;

-- ---------------------------------------------------------------------------------------------
-- hour_files: one row per CACHE/YYYYMMDD/HH.json; HH names the END of the UTC hour by default
-- (`04` = [03:00, 04:00), `01`..`24`), its start with hour_labels = 'start' (`00`..`23`).
CREATE OR REPLACE VIEW mindful_hour_blobs AS
WITH f AS (
    SELECT filename AS path, size, last_modified, content,
           regexp_extract(filename, '(?:^|/)([0-9]{8})/([0-9]{2})\.json$', 1) AS day_text,
           regexp_extract(filename, '(?:^|/)([0-9]{8})/([0-9]{2})\.json$', 2) AS label,
           coalesce(getvariable('hour_labels'), 'end') AS labels
    FROM read_blob(getvariable('cache') || '/*/*.json')
), g AS (
    SELECT *, try_strptime(day_text, '%Y%m%d')::DATE AS date,
           TRY_CAST(label AS INTEGER) - CASE WHEN labels = 'start' THEN 0 ELSE 1 END AS hour_of_day
    FROM f
    WHERE label <> ''
)
SELECT path, date, label, date + hour_of_day * INTERVAL 1 HOUR AS hour_start,
       date + (hour_of_day + 1) * INTERVAL 1 HOUR AS hour_end, size, last_modified, content
FROM g
WHERE date IS NOT NULL AND hour_of_day BETWEEN 0 AND 23;

CREATE OR REPLACE VIEW hour_files AS
SELECT path, date, label, hour_start, hour_end, size, last_modified
FROM mindful_hour_blobs;

-- The readable files (see the header) as JSON documents whose `data` is an array.
CREATE OR REPLACE VIEW mindful_hour_data AS
WITH t AS (
    SELECT path, date, label, hour_start, try(decode(content)) AS raw
    FROM mindful_hour_blobs
), u AS (
    SELECT *, regexp_matches(raw, '\\[uU][dD][89a-fA-F]') AS has_surrogates,
           CASE WHEN regexp_matches(raw, '\\[uU][dD][89a-fA-F]') THEN mindful_fix_surrogates(raw)
                ELSE raw END AS text
    FROM t
), v AS (
    -- (CASE, not AND: DuckDB evaluates both sides of an AND in a projection)
    SELECT path, date, label, hour_start, text,
           CASE WHEN raw IS NULL THEN false
                WHEN CASE WHEN has_surrogates
                          THEN regexp_matches(regexp_replace(raw, '\\\\', '', 'g'), '\\U')
                          ELSE false END THEN false
                WHEN coalesce(try(json_type(text)), '') <> 'OBJECT' THEN false
                ELSE NOT mindful_lenient_json(text) END AS strict
    FROM u
), w AS (
    -- A second `data` member (or an escaped key that may spell one) needs the slow path.
    SELECT path, date, label, hour_start,
           CASE WHEN regexp_matches(text, '"data"(?s:.*)"data"') OR contains(text, '\')
                THEN mindful_last_data(text) ELSE text END AS doc
    FROM v
    WHERE strict
)
SELECT path, date, label, hour_start, doc
FROM w
WHERE json_type(doc, '$.data') = 'ARRAY';

-- The documented fields of every record, each read as its JSON text (json_transform's structure
-- for a document).
CREATE OR REPLACE MACRO mindful_record_fields() AS
    '{"data":[{"id":"JSON","originalId":"JSON","callTargetId":"JSON","callTargetName":"JSON",'
    || '"outcome":"JSON","type":"JSON","retryAttempt":"JSON","hasRetry":"JSON",'
    || '"createdAt":"JSON","processedAt":"JSON","estimatedFor":"JSON","endedAt":"JSON",'
    || '"segmentName":"JSON","firstPartyCalled":"JSON","source":"JSON","ani":"JSON",'
    || '"phoneNumber":"JSON","activeDuration":"JSON","actualCallbackTime":"JSON",'
    || '"agentDelay":"JSON","agentWaitDuration":"JSON","customerDelay":"JSON",'
    || '"customerWaitDuration":"JSON","estimatedCallbackTime":"JSON",'
    || '"estimatePercentAccuracy":"JSON","punctuality":"JSON","registrationDuration":"JSON",'
    || '"talkDuration":"JSON","waitlistDelay":"JSON","wasPunctual":"JSON","agentBusy":"JSON",'
    || '"agentHangup":"JSON","agentLegError":"JSON","agentLegRejected":"JSON",'
    || '"agentLegTimeout":"JSON","priorityQueueTimedOut":"JSON","choseToHold":"JSON",'
    || '"customerBusy":"JSON","customerHangup":"JSON","customerLegError":"JSON",'
    || '"customerLegRejected":"JSON","customerLegTimeout":"JSON","customerRescheduled":"JSON",'
    || '"disconnectRescue":"JSON","duplicateCallback":"JSON","earlyHangup":"JSON",'
    || '"endOfBusinessDay":"JSON","leaveVoicemail":"JSON","maxEcbtExceeded":"JSON",'
    || '"maxScheduledCallsExceeded":"JSON","maxTollRateExceeded":"JSON",'
    || '"nextDayCallbackOffered":"JSON","nextDayCallbackScheduled":"JSON","outsideHours":"JSON",'
    || '"systemHangup":"JSON","metadata":"JSON"}]}';

-- Every object element of every readable file, before the dedupe (`source_position` is its
-- 1-based place in the file's `data`). Each file's array is read whole, once per function: its
-- elements' JSON types, keys and fields.
CREATE OR REPLACE VIEW mindful_record_copies AS
WITH l AS (
    SELECT path, hour_start,
           json_type(doc, '$.data[*]') AS types,
           json_keys(doc, '$.data[*]') AS keys,
           json_extract(doc, '$.data[*]') AS elements,
           json_transform(doc, mindful_record_fields()).data AS fields
    FROM mindful_hour_data
), e AS (
    SELECT path, hour_start, unnest(types) AS type, unnest(keys) AS keys,
           unnest(elements) AS element, unnest(fields) AS s,
           generate_subscripts(types, 1) AS source_position
    FROM l
), k AS (
    SELECT * EXCLUDE (type) FROM e WHERE type = 'OBJECT'
), repeated AS (
    -- the key lists that repeat a key: records share a few key lists, so one list per hash is
    -- looked at (two different lists with the same 64-bit hash are not expected in a cache)
    SELECT keys_hash
    FROM (SELECT hash(keys) AS keys_hash, any_value(keys) AS one FROM k GROUP BY ALL)
    WHERE len(list_distinct(one)) <> len(one)
), o AS (
    -- json_transform takes the first of repeated keys: such objects are rewritten first
    SELECT path, hour_start, source_position,
           CASE WHEN hash(keys) IN (SELECT keys_hash FROM repeated)
                THEN mindful_last_keys(keys, json_extract(element, '$.*')) ELSE element END AS r,
           CASE WHEN hash(keys) IN (SELECT keys_hash FROM repeated)
                THEN json_transform('{"data":[' || mindful_last_keys(keys, json_extract(element, '$.*')) || ']}',
                                    mindful_record_fields()).data[1]
                ELSE s END AS s
    FROM k
)
SELECT
    mindful_json_str(s."id") AS "id",
    mindful_json_str(s."originalId") AS "originalId",
    mindful_json_str(s."callTargetId") AS "callTargetId",
    mindful_json_str(s."callTargetName") AS "callTargetName",
    mindful_json_str(s."outcome") AS "outcome",
    mindful_json_str(s."type") AS "type",
    mindful_json_num(s."retryAttempt") AS "retryAttempt",
    mindful_json_bool(s."hasRetry") AS "hasRetry",
    mindful_json_str(s."createdAt") AS "createdAt",
    mindful_json_str(s."processedAt") AS "processedAt",
    mindful_json_str(s."estimatedFor") AS "estimatedFor",
    mindful_json_str(s."endedAt") AS "endedAt",
    mindful_json_str(s."segmentName") AS "segmentName",
    mindful_json_str(s."firstPartyCalled") AS "firstPartyCalled",
    mindful_json_str(s."source") AS "source",
    mindful_json_str(s."ani") AS "ani",
    mindful_json_str(s."phoneNumber") AS "phoneNumber",
    mindful_json_num(s."activeDuration") AS "activeDuration",
    mindful_json_num(s."actualCallbackTime") AS "actualCallbackTime",
    mindful_json_num(s."agentDelay") AS "agentDelay",
    mindful_json_num(s."agentWaitDuration") AS "agentWaitDuration",
    mindful_json_num(s."customerDelay") AS "customerDelay",
    mindful_json_num(s."customerWaitDuration") AS "customerWaitDuration",
    mindful_json_num(s."estimatedCallbackTime") AS "estimatedCallbackTime",
    mindful_json_num(s."estimatePercentAccuracy") AS "estimatePercentAccuracy",
    mindful_json_num(s."punctuality") AS "punctuality",
    mindful_json_num(s."registrationDuration") AS "registrationDuration",
    mindful_json_num(s."talkDuration") AS "talkDuration",
    mindful_json_num(s."waitlistDelay") AS "waitlistDelay",
    mindful_json_bool(s."wasPunctual") AS "wasPunctual",
    mindful_json_bool(s."agentBusy") AS "agentBusy",
    mindful_json_bool(s."agentHangup") AS "agentHangup",
    mindful_json_bool(s."agentLegError") AS "agentLegError",
    mindful_json_bool(s."agentLegRejected") AS "agentLegRejected",
    mindful_json_bool(s."agentLegTimeout") AS "agentLegTimeout",
    mindful_json_bool(s."priorityQueueTimedOut") AS "priorityQueueTimedOut",
    mindful_json_bool(s."choseToHold") AS "choseToHold",
    mindful_json_bool(s."customerBusy") AS "customerBusy",
    mindful_json_bool(s."customerHangup") AS "customerHangup",
    mindful_json_bool(s."customerLegError") AS "customerLegError",
    mindful_json_bool(s."customerLegRejected") AS "customerLegRejected",
    mindful_json_bool(s."customerLegTimeout") AS "customerLegTimeout",
    mindful_json_bool(s."customerRescheduled") AS "customerRescheduled",
    mindful_json_bool(s."disconnectRescue") AS "disconnectRescue",
    mindful_json_bool(s."duplicateCallback") AS "duplicateCallback",
    mindful_json_bool(s."earlyHangup") AS "earlyHangup",
    mindful_json_bool(s."endOfBusinessDay") AS "endOfBusinessDay",
    mindful_json_bool(s."leaveVoicemail") AS "leaveVoicemail",
    mindful_json_bool(s."maxEcbtExceeded") AS "maxEcbtExceeded",
    mindful_json_bool(s."maxScheduledCallsExceeded") AS "maxScheduledCallsExceeded",
    mindful_json_bool(s."maxTollRateExceeded") AS "maxTollRateExceeded",
    mindful_json_bool(s."nextDayCallbackOffered") AS "nextDayCallbackOffered",
    mindful_json_bool(s."nextDayCallbackScheduled") AS "nextDayCallbackScheduled",
    mindful_json_bool(s."outsideHours") AS "outsideHours",
    mindful_json_bool(s."systemHangup") AS "systemHangup",
    mindful_json_obj(s."metadata") AS "metadata",
    r AS record_json,
    hour_start AS source_hour,
    path AS source_file,
    source_position
FROM o;

-- ---------------------------------------------------------------------------------------------
-- records: the §3 dedupe (a non-null `id` counts once: the copy from the latest hour wins, then
-- the last in file order; a NULL id is never deduplicated), plus the columns the §4 metrics use.
CREATE OR REPLACE VIEW records AS
SELECT *,
       coalesce(nullif("callTargetId", ''), '') AS call_target_id,
       CASE WHEN "outcome" IS NULL OR "outcome" = '' THEN 'Unknown' ELSE "outcome" END AS outcome_name,
       coalesce(nullif("originalId", ''), nullif("id", '')) AS request_key,
       "retryAttempt" IS NULL OR "retryAttempt" <= 0 AS first_attempt,
       -- processing order over the whole cache: hour, then place in the file
       (epoch(source_hour)::BIGINT // 3600) * 4294967296 + source_position AS record_order
FROM mindful_record_copies
QUALIFY "id" IS NULL
     OR row_number() OVER (PARTITION BY "id" ORDER BY source_hour DESC, source_position DESC) = 1;

-- ---------------------------------------------------------------------------------------------
-- record_requests: each record once, with its request's marks (§4), within its call target and
-- over all records: is it the request's final attempt, and how many attempts the request has. A
-- request's key is `originalId`, else `id` where `originalId` is null or empty; a record with
-- neither is a request of its own (request_key NULL). The final attempt has the highest
-- `retryAttempt` (NULL = 0), on a tie the latest hour, then the last in file order.
CREATE OR REPLACE VIEW record_requests AS
WITH r AS (
    SELECT *, coalesce("retryAttempt", 0) AS retry_rank,
           CASE WHEN request_key IS NULL THEN record_order END AS own_request
    FROM records
)
SELECT *,
       row_number() OVER (PARTITION BY call_target_id, request_key, own_request
                          ORDER BY retry_rank DESC, record_order DESC) = 1 AS final_in_target,
       count(*) OVER (PARTITION BY call_target_id, request_key, own_request) AS attempts_in_target,
       row_number() OVER (PARTITION BY request_key, own_request
                          ORDER BY retry_rank DESC, record_order DESC) = 1 AS final_in_all,
       count(*) OVER (PARTITION BY request_key, own_request) AS attempts_in_all
FROM r;

-- ---------------------------------------------------------------------------------------------
-- requests: one row per request with its final attempt (§4). Rows with scope 'call_target'
-- group a target's own records (group_id = its call_target_id); rows with scope 'all' group all
-- records as one (group_id = 'ALL').
CREATE OR REPLACE VIEW requests AS
WITH finals AS (
    SELECT 'call_target' AS scope, call_target_id AS group_id, attempts_in_target AS attempts, *
    FROM record_requests WHERE final_in_target
    UNION ALL BY NAME
    SELECT 'all' AS scope, 'ALL' AS group_id, attempts_in_all AS attempts, *
    FROM record_requests WHERE final_in_all
)
SELECT scope, group_id, request_key, attempts,
       "id" AS final_id, "retryAttempt" AS final_retry_attempt, "outcome" AS final_outcome_raw,
       outcome_name AS final_outcome, call_target_id AS final_call_target_id,
       source_hour AS final_source_hour, source_position AS final_source_position, record_order AS final_record_order
FROM finals;

-- ---------------------------------------------------------------------------------------------
-- summary: the required summary.csv columns (§4), rounded as the report writes them (rates to 4
-- decimals, seconds to 2), ordered like the report: targets by name then id (code-point
-- order), then the ALL row. Percentiles are nearest-rank, exact.
CREATE OR REPLACE MACRO mindful_nearest_rank(l, p) AS
    CASE WHEN l IS NULL OR len(l) = 0 THEN NULL
         ELSE list_sort(l)[(p * len(l) + 99) // 100] END;

CREATE OR REPLACE VIEW summary AS
WITH g AS (
    SELECT grouping(call_target_id) = 1 AS is_all,
           CASE WHEN grouping(call_target_id) = 1 THEN 'ALL' ELSE call_target_id END AS call_target_id,
           CASE WHEN grouping(call_target_id) = 1 THEN 'All call targets'
                WHEN call_target_id = '' THEN 'Unassigned'
                ELSE coalesce(arg_max("callTargetName", record_order) FILTER (WHERE "callTargetName" <> ''), '')
           END AS call_target_name,
           count(*) AS attempts,
           CASE WHEN grouping(call_target_id) = 1 THEN count(*) FILTER (WHERE final_in_all)
                ELSE count(*) FILTER (WHERE final_in_target) END AS requests,
           CASE WHEN grouping(call_target_id) = 1
                THEN count(*) FILTER (WHERE final_in_all AND outcome_name = 'Success')
                ELSE count(*) FILTER (WHERE final_in_target AND outcome_name = 'Success') END AS success,
           count(*) FILTER (WHERE "type" = 'asap') AS asap,
           count(*) FILTER (WHERE "type" = 'scheduled') AS scheduled,
           count(*) FILTER (WHERE "retryAttempt" > 0) AS retries,
           fsum("actualCallbackTime") FILTER (WHERE first_attempt)
               / nullif(count("actualCallbackTime") FILTER (WHERE first_attempt), 0) AS response_mean,
           list("actualCallbackTime") FILTER (WHERE first_attempt AND "actualCallbackTime" IS NOT NULL) AS response,
           fsum("punctuality") / nullif(count("punctuality"), 0) AS punctuality_mean,
           count(*) FILTER (WHERE "wasPunctual") / nullif(count("wasPunctual"), 0) AS on_time,
           fsum("estimatePercentAccuracy") / nullif(count("estimatePercentAccuracy"), 0) AS ecbt_mean,
           fsum("agentDelay") FILTER (WHERE "outcome" = 'Success')
               / nullif(count("agentDelay") FILTER (WHERE "outcome" = 'Success'), 0) AS hold_mean,
           fsum("talkDuration") FILTER (WHERE "talkDuration" > 0)
               / nullif(count(*) FILTER (WHERE "talkDuration" > 0), 0) AS talk_mean,
           coalesce(fsum("talkDuration"), 0) AS talk_total,
           count(*) FILTER (WHERE "agentBusy" OR "agentLegError" OR "agentLegRejected"
                                  OR "agentLegTimeout" OR "priorityQueueTimedOut") AS agent_leg_failures,
           count(*) FILTER (WHERE "customerBusy" OR "customerLegError" OR "customerLegRejected"
                                  OR "customerLegTimeout") AS customer_leg_failures,
           count(*) FILTER (WHERE "duplicateCallback") AS duplicates,
           count(*) FILTER (WHERE "outsideHours") AS outside_hours,
           count(*) FILTER (WHERE "nextDayCallbackOffered") AS next_day_offered,
           count(*) FILTER (WHERE "nextDayCallbackScheduled") AS next_day_scheduled
    FROM record_requests
    GROUP BY GROUPING SETS ((call_target_id), ())
)
SELECT call_target_id, call_target_name, attempts, requests, success,
       round(success / nullif(requests, 0), 4) + 0.0 AS success_rate,
       asap, scheduled, retries,
       round(response_mean, 2) + 0.0 AS response_mean_s,
       round(mindful_nearest_rank(response, 50), 2) + 0.0 AS response_p50_s,
       round(mindful_nearest_rank(response, 90), 2) + 0.0 AS response_p90_s,
       round(punctuality_mean, 2) + 0.0 AS punctuality_mean_s,
       round(on_time, 4) + 0.0 AS on_time_rate,
       round(ecbt_mean, 4) + 0.0 AS ecbt_accuracy_mean,
       round(hold_mean, 2) + 0.0 AS hold_mean_s,
       round(talk_mean, 2) + 0.0 AS talk_mean_s,
       round(talk_total, 2) + 0.0 AS talk_total_s,
       agent_leg_failures, customer_leg_failures, duplicates, outside_hours,
       next_day_offered, next_day_scheduled
FROM g
ORDER BY is_all, call_target_name, call_target_id;
