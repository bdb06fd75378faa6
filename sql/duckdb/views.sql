-- mindful-report: SQL views over the hour cache (SPEC §9), for DuckDB 1.1 or later.
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

-- Typed reads of one JSON value (the minified text json_extract returns): NULL when the value
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

-- DuckDB's JSON reader accepts NaN, Infinity and trailing commas; strict JSON does not. Looked
-- for outside strings only (strings are emptied first), and only when the raw text has one.
CREATE OR REPLACE MACRO mindful_lenient_json(t) AS
    CASE WHEN regexp_matches(t, '(?i)nan|inf|,[ \t\r\n]*[\]}]')
         THEN regexp_matches(regexp_replace(t, '"(?:[^"\\]|\\.)*"', '""', 'g'),
                             '(?i)nan|inf|,[ \t\r\n]*[\]}]')
         ELSE false END;

-- The value of an object's last `key`: yyjson's path lookup finds the first of repeated keys.
CREATE OR REPLACE MACRO mindful_last_key(doc, keys, key) AS
    CASE WHEN len(list_filter(keys, lambda k: k = key)) > 1
         THEN json_extract(doc, '$.*')[len(keys) + 1 - list_position(list_reverse(keys), key)]
         ELSE json_extract(doc, '$."' || key || '"') END;

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

-- Each file's `data` array, or NULL when the hour is missing (see the header).
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
    SELECT *,
           CASE WHEN raw IS NULL THEN false
                WHEN CASE WHEN has_surrogates
                          THEN regexp_matches(regexp_replace(raw, '\\\\', '', 'g'), '\\U')
                          ELSE false END THEN false
                WHEN NOT coalesce(try(json_valid(text)), false) THEN false
                ELSE NOT mindful_lenient_json(text) END AS strict
    FROM u
), w AS (
    SELECT path, date, label, hour_start,
           CASE WHEN strict AND json_type(text) = 'OBJECT' THEN text END AS doc
    FROM v
), x AS (
    SELECT path, date, label, hour_start, mindful_last_key(doc, json_keys(doc), 'data') AS data
    FROM w
)
SELECT path, date, label, hour_start,
       CASE WHEN json_type(data) = 'ARRAY' THEN data END AS data
FROM x;

-- Every object element of every readable file, before the dedupe (`source_position` is its 1-based
-- place in the file's `data`).
CREATE OR REPLACE VIEW mindful_record_copies AS
WITH l AS (
    SELECT path, hour_start, json_extract(data, '$[*]') AS elements
    FROM mindful_hour_data
    WHERE data IS NOT NULL
), e AS (
    SELECT path, hour_start, unnest(elements) AS element, generate_subscripts(elements, 1) AS source_position
    FROM l
), k AS (
    SELECT path, hour_start, source_position, element, json_keys(element) AS keys
    FROM e
    WHERE starts_with(element::VARCHAR, '{')
), repeated AS (
    -- the key lists that repeat a key (records share a few key lists, so this is cheap)
    SELECT hash(keys) AS keys_hash
    FROM (SELECT DISTINCT keys FROM k)
    WHERE len(list_distinct(keys)) <> len(keys)
), o AS (
    SELECT path, hour_start, source_position,
           CASE WHEN hash(keys) IN (SELECT keys_hash FROM repeated)
                THEN mindful_last_keys(keys, json_extract(element, '$.*')) ELSE element END AS r
    FROM k
), f AS (
    SELECT path, hour_start, source_position, json_extract(r, [
        '$.id', '$.originalId', '$.callTargetId', '$.callTargetName', '$.outcome', '$.type',
        '$.retryAttempt', '$.hasRetry',
        '$.createdAt', '$.processedAt', '$.estimatedFor', '$.endedAt',
        '$.segmentName', '$.firstPartyCalled', '$.source', '$.ani', '$.phoneNumber',
        '$.activeDuration', '$.actualCallbackTime', '$.agentDelay', '$.agentWaitDuration',
        '$.customerDelay', '$.customerWaitDuration', '$.estimatedCallbackTime',
        '$.estimatePercentAccuracy', '$.punctuality', '$.registrationDuration',
        '$.talkDuration', '$.waitlistDelay',
        '$.wasPunctual', '$.agentBusy', '$.agentHangup', '$.agentLegError', '$.agentLegRejected',
        '$.agentLegTimeout', '$.priorityQueueTimedOut', '$.choseToHold', '$.customerBusy',
        '$.customerHangup', '$.customerLegError', '$.customerLegRejected', '$.customerLegTimeout',
        '$.customerRescheduled', '$.disconnectRescue', '$.duplicateCallback', '$.earlyHangup',
        '$.endOfBusinessDay', '$.leaveVoicemail', '$.maxEcbtExceeded',
        '$.maxScheduledCallsExceeded', '$.maxTollRateExceeded', '$.nextDayCallbackOffered',
        '$.nextDayCallbackScheduled', '$.outsideHours', '$.systemHangup',
        '$.metadata']) AS v, r
    FROM o
)
SELECT
    mindful_json_str(v[1]) AS "id",
    mindful_json_str(v[2]) AS "originalId",
    mindful_json_str(v[3]) AS "callTargetId",
    mindful_json_str(v[4]) AS "callTargetName",
    mindful_json_str(v[5]) AS "outcome",
    mindful_json_str(v[6]) AS "type",
    mindful_json_num(v[7]) AS "retryAttempt",
    mindful_json_bool(v[8]) AS "hasRetry",
    mindful_json_str(v[9]) AS "createdAt",
    mindful_json_str(v[10]) AS "processedAt",
    mindful_json_str(v[11]) AS "estimatedFor",
    mindful_json_str(v[12]) AS "endedAt",
    mindful_json_str(v[13]) AS "segmentName",
    mindful_json_str(v[14]) AS "firstPartyCalled",
    mindful_json_str(v[15]) AS "source",
    mindful_json_str(v[16]) AS "ani",
    mindful_json_str(v[17]) AS "phoneNumber",
    mindful_json_num(v[18]) AS "activeDuration",
    mindful_json_num(v[19]) AS "actualCallbackTime",
    mindful_json_num(v[20]) AS "agentDelay",
    mindful_json_num(v[21]) AS "agentWaitDuration",
    mindful_json_num(v[22]) AS "customerDelay",
    mindful_json_num(v[23]) AS "customerWaitDuration",
    mindful_json_num(v[24]) AS "estimatedCallbackTime",
    mindful_json_num(v[25]) AS "estimatePercentAccuracy",
    mindful_json_num(v[26]) AS "punctuality",
    mindful_json_num(v[27]) AS "registrationDuration",
    mindful_json_num(v[28]) AS "talkDuration",
    mindful_json_num(v[29]) AS "waitlistDelay",
    mindful_json_bool(v[30]) AS "wasPunctual",
    mindful_json_bool(v[31]) AS "agentBusy",
    mindful_json_bool(v[32]) AS "agentHangup",
    mindful_json_bool(v[33]) AS "agentLegError",
    mindful_json_bool(v[34]) AS "agentLegRejected",
    mindful_json_bool(v[35]) AS "agentLegTimeout",
    mindful_json_bool(v[36]) AS "priorityQueueTimedOut",
    mindful_json_bool(v[37]) AS "choseToHold",
    mindful_json_bool(v[38]) AS "customerBusy",
    mindful_json_bool(v[39]) AS "customerHangup",
    mindful_json_bool(v[40]) AS "customerLegError",
    mindful_json_bool(v[41]) AS "customerLegRejected",
    mindful_json_bool(v[42]) AS "customerLegTimeout",
    mindful_json_bool(v[43]) AS "customerRescheduled",
    mindful_json_bool(v[44]) AS "disconnectRescue",
    mindful_json_bool(v[45]) AS "duplicateCallback",
    mindful_json_bool(v[46]) AS "earlyHangup",
    mindful_json_bool(v[47]) AS "endOfBusinessDay",
    mindful_json_bool(v[48]) AS "leaveVoicemail",
    mindful_json_bool(v[49]) AS "maxEcbtExceeded",
    mindful_json_bool(v[50]) AS "maxScheduledCallsExceeded",
    mindful_json_bool(v[51]) AS "maxTollRateExceeded",
    mindful_json_bool(v[52]) AS "nextDayCallbackOffered",
    mindful_json_bool(v[53]) AS "nextDayCallbackScheduled",
    mindful_json_bool(v[54]) AS "outsideHours",
    mindful_json_bool(v[55]) AS "systemHangup",
    mindful_json_obj(v[56]) AS "metadata",
    r AS record_json,
    hour_start AS source_hour,
    path AS source_file,
    source_position
FROM f;

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
-- requests: one row per request with its final attempt (§4). Rows with scope 'call_target'
-- group a target's own records (group_id = its call_target_id); rows with scope 'all' group all
-- records as one (group_id = 'ALL'). A request's key is `originalId`, else `id` where
-- `originalId` is null or empty; a record with neither is a request of its own
-- (request_key NULL). The final attempt has the highest `retryAttempt` (NULL = 0), on a tie
-- the latest hour, then the last in file order.
CREATE OR REPLACE VIEW requests AS
WITH r AS (
    SELECT *, coalesce("retryAttempt", 0) AS retry_rank,
           CASE WHEN request_key IS NULL THEN record_order END AS own_request
    FROM records
), t AS (
    SELECT 'call_target' AS scope, call_target_id AS group_id, *,
           count(*) OVER (PARTITION BY call_target_id, request_key, own_request) AS attempts
    FROM r
    QUALIFY row_number() OVER (PARTITION BY call_target_id, request_key, own_request
                               ORDER BY retry_rank DESC, record_order DESC) = 1
), a AS (
    SELECT 'all' AS scope, 'ALL' AS group_id, *,
           count(*) OVER (PARTITION BY request_key, own_request) AS attempts
    FROM r
    QUALIFY row_number() OVER (PARTITION BY request_key, own_request
                               ORDER BY retry_rank DESC, record_order DESC) = 1
)
SELECT scope, group_id, request_key, attempts,
       "id" AS final_id, "retryAttempt" AS final_retry_attempt, "outcome" AS final_outcome_raw,
       outcome_name AS final_outcome, call_target_id AS final_call_target_id,
       source_hour AS final_source_hour, source_position AS final_source_position, record_order AS final_record_order
FROM (SELECT * FROM t UNION ALL BY NAME SELECT * FROM a);

-- ---------------------------------------------------------------------------------------------
-- summary: the required summary.csv columns (§4), rounded as the report writes them (rates to 4
-- decimals, seconds to 2), ordered like the report: targets by name then id (code-point
-- order), then the ALL row. Percentiles are nearest-rank, exact.
CREATE OR REPLACE MACRO mindful_nearest_rank(l, p) AS
    CASE WHEN l IS NULL OR len(l) = 0 THEN NULL
         ELSE list_sort(l)[(p * len(l) + 99) // 100] END;

CREATE OR REPLACE VIEW summary AS
WITH r AS (
    SELECT *, coalesce("retryAttempt", 0) AS retry_rank,
           CASE WHEN request_key IS NULL THEN record_order END AS own_request
    FROM records
), rec AS (
    -- each record once, marked when it is the final attempt of its request (the rules of the
    -- requests view), within its target and over all records
    SELECT *,
           row_number() OVER (PARTITION BY call_target_id, request_key, own_request
                              ORDER BY retry_rank DESC, record_order DESC) = 1 AS final_in_target,
           row_number() OVER (PARTITION BY request_key, own_request
                              ORDER BY retry_rank DESC, record_order DESC) = 1 AS final_in_all
    FROM r
), g AS (
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
    FROM rec
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
