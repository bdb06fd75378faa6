-- mindful-report: SQL views over the hour cache (SPEC §9), for Spark SQL 4.0 or later.
--
-- The same views as sql/duckdb/views.sql, as temporary views of a Spark session. `${cache}` is
-- the folder holding YYYYMMDD/HH.json (a local path, hdfs://, s3a://, abfss:// ... as Spark
-- reads it) and `${hour_labels}` is 'end' (the default when unset) or 'start'; Spark fills
-- both in from the session's configuration when the statements run:
--
--   spark-sql --hivevar cache=/var/cache/mindful-report -i sql/spark/views.sql \
--             -e 'SELECT * FROM summary'
--
-- or, from Python, sql/spark/mindful_views.py (create_views(spark, cache)). The folder is read
-- when the views are created: run this file again after changing `cache`.
--
-- Views: hour_files, records, requests, summary (columns as in the DuckDB file). The JSON is read
-- as SPEC §3-4 say: a file that is not UTF-8, has a BOM, is not strict JSON (NaN, Infinity,
-- trailing commas, content after the document ...), is not an object or has no `data` array is
-- skipped (a missing hour); an escaped lone surrogate reads as U+FFFD; a number beyond the range
-- of a double (1e400) is a field of the wrong type; elements of `data` that are not objects are
-- skipped; a repeated key takes its last value; a field of the wrong JSON type reads as NULL.

-- Repeated keys: keep the last (Spark's JSON-to-variant parser refuses them otherwise).
SET spark.sql.variant.allowDuplicateKeys = true;

-- ---------------------------------------------------------------------------------------------
-- hour_files: one row per CACHE/YYYYMMDD/HH.json; HH names the END of the UTC hour by default
-- (`04` = [03:00, 04:00), `01`..`24`), its start with hour_labels = 'start' (`00`..`23`).
-- hour_start and hour_end are UTC (TIMESTAMP_NTZ).
CREATE OR REPLACE TEMPORARY VIEW mindful_hour_file_source
USING binaryFile OPTIONS (path '${cache}/*/*.json');

CREATE OR REPLACE TEMPORARY VIEW mindful_hour_blobs AS
WITH f AS (
    SELECT path, length AS size, modificationTime AS last_modified, content,
           regexp_extract(path, r'(?:^|/)([0-9]{8})/([0-9]{2})\.json$', 1) AS day_text,
           regexp_extract(path, r'(?:^|/)([0-9]{8})/([0-9]{2})\.json$', 2) AS label
    FROM mindful_hour_file_source
), g AS (
    SELECT *,
           CAST(try_to_timestamp(day_text, 'yyyyMMdd') AS DATE) AS date,
           try_cast(label AS INT) - CASE WHEN '${hour_labels}' = 'start' THEN 0 ELSE 1 END AS hour_of_day
    FROM f
    WHERE label <> ''
)
SELECT path, date, label,
       timestampadd(HOUR, hour_of_day, CAST(date AS TIMESTAMP_NTZ)) AS hour_start,
       timestampadd(HOUR, hour_of_day + 1, CAST(date AS TIMESTAMP_NTZ)) AS hour_end,
       CAST(datediff(date, DATE'1970-01-01') AS BIGINT) * 24 + hour_of_day AS epoch_hour,
       size, last_modified, content
FROM g
WHERE date IS NOT NULL AND hour_of_day BETWEEN 0 AND 23;

CREATE OR REPLACE TEMPORARY VIEW hour_files AS
SELECT path, date, label, hour_start, hour_end, size, last_modified
FROM mindful_hour_blobs;

-- Each readable file's `data` array (see the header); files that are not are left out.
CREATE OR REPLACE TEMPORARY VIEW mindful_hour_data AS
WITH t AS (
    SELECT path, hour_start, epoch_hour,
           CASE WHEN is_valid_utf8(CAST(content AS STRING)) THEN CAST(content AS STRING) END AS raw
    FROM mindful_hour_blobs
), u AS (
    -- An escaped lone surrogate becomes \ufffd: escaped backslashes are first written \u005c
    -- (the same string) so that every backslash left starts an escape; valid pairs are marked
    -- \U while lone halves are replaced. A \U already there is no JSON escape: the file is bad.
    SELECT *,
           raw RLIKE r'\\[uU][dD][89a-fA-F]' AS has_surrogates,
           CASE WHEN raw RLIKE r'\\[uU][dD][89a-fA-F]' THEN
               regexp_replace(
                   regexp_replace(
                       regexp_replace(
                           regexp_replace(raw, r'\\\\', r'\\u005c'),
                           r'\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})', r'\\U$1\\U$2'),
                       r'\\u[dD][89a-fA-F][0-9a-fA-F]{2}', r'\\ufffd'),
                   r'\\U', r'\\u')
           ELSE raw END AS text
    FROM t
), v AS (
    SELECT *, try_parse_json(text) AS doc,
           -- Spark's parser stops after the first value: the text must hold exactly one. With
           -- strings emptied, innermost objects and arrays are folded to 0 until one 0 is left.
           aggregate(sequence(1, 256),
                     regexp_replace(text, r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', '""'),
                     (acc, i) -> IF(acc RLIKE r'[\[{]',
                                    regexp_replace(acc, r'\{[^{}\[\]]*+\}|\[[^{}\[\]]*+\]', '0'),
                                    acc)) AS folded
    FROM u
    WHERE raw IS NOT NULL
      AND NOT (has_surrogates AND regexp_replace(raw, r'\\\\', '') RLIKE r'\\U')
)
SELECT path, hour_start, epoch_hour,
       try_variant_get(doc, '$.data', 'array<variant>') AS data
FROM v
WHERE doc IS NOT NULL
  AND folded RLIKE r'^[ \t\r\n]*0[ \t\r\n]*$'
  AND try_variant_get(doc, '$.data', 'array<variant>') IS NOT NULL;

-- Every object element of every readable file, before the dedupe (source_position is its
-- 1-based place in the file's `data`), with the documented fields typed.
CREATE OR REPLACE TEMPORARY VIEW mindful_record_copies AS
WITH e AS (
    SELECT path, hour_start, epoch_hour, posexplode(data) AS (pos, element)
    FROM mindful_hour_data
), o AS (
    SELECT path, hour_start, epoch_hour, pos + 1 AS source_position, element
    FROM e
    WHERE schema_of_variant(element) LIKE 'OBJECT%'
), f AS (
    SELECT path, hour_start, epoch_hour, source_position, element,
           variant_get(element, '$.id') AS v_id,
           variant_get(element, '$.originalId') AS v_originalId,
           variant_get(element, '$.callTargetId') AS v_callTargetId,
           variant_get(element, '$.callTargetName') AS v_callTargetName,
           variant_get(element, '$.outcome') AS v_outcome,
           variant_get(element, '$.type') AS v_type,
           variant_get(element, '$.retryAttempt') AS v_retryAttempt,
           variant_get(element, '$.hasRetry') AS v_hasRetry,
           variant_get(element, '$.createdAt') AS v_createdAt,
           variant_get(element, '$.processedAt') AS v_processedAt,
           variant_get(element, '$.estimatedFor') AS v_estimatedFor,
           variant_get(element, '$.endedAt') AS v_endedAt,
           variant_get(element, '$.segmentName') AS v_segmentName,
           variant_get(element, '$.firstPartyCalled') AS v_firstPartyCalled,
           variant_get(element, '$.source') AS v_source,
           variant_get(element, '$.ani') AS v_ani,
           variant_get(element, '$.phoneNumber') AS v_phoneNumber,
           variant_get(element, '$.activeDuration') AS v_activeDuration,
           variant_get(element, '$.actualCallbackTime') AS v_actualCallbackTime,
           variant_get(element, '$.agentDelay') AS v_agentDelay,
           variant_get(element, '$.agentWaitDuration') AS v_agentWaitDuration,
           variant_get(element, '$.customerDelay') AS v_customerDelay,
           variant_get(element, '$.customerWaitDuration') AS v_customerWaitDuration,
           variant_get(element, '$.estimatedCallbackTime') AS v_estimatedCallbackTime,
           variant_get(element, '$.estimatePercentAccuracy') AS v_estimatePercentAccuracy,
           variant_get(element, '$.punctuality') AS v_punctuality,
           variant_get(element, '$.registrationDuration') AS v_registrationDuration,
           variant_get(element, '$.talkDuration') AS v_talkDuration,
           variant_get(element, '$.waitlistDelay') AS v_waitlistDelay,
           variant_get(element, '$.wasPunctual') AS v_wasPunctual,
           variant_get(element, '$.agentBusy') AS v_agentBusy,
           variant_get(element, '$.agentHangup') AS v_agentHangup,
           variant_get(element, '$.agentLegError') AS v_agentLegError,
           variant_get(element, '$.agentLegRejected') AS v_agentLegRejected,
           variant_get(element, '$.agentLegTimeout') AS v_agentLegTimeout,
           variant_get(element, '$.priorityQueueTimedOut') AS v_priorityQueueTimedOut,
           variant_get(element, '$.choseToHold') AS v_choseToHold,
           variant_get(element, '$.customerBusy') AS v_customerBusy,
           variant_get(element, '$.customerHangup') AS v_customerHangup,
           variant_get(element, '$.customerLegError') AS v_customerLegError,
           variant_get(element, '$.customerLegRejected') AS v_customerLegRejected,
           variant_get(element, '$.customerLegTimeout') AS v_customerLegTimeout,
           variant_get(element, '$.customerRescheduled') AS v_customerRescheduled,
           variant_get(element, '$.disconnectRescue') AS v_disconnectRescue,
           variant_get(element, '$.duplicateCallback') AS v_duplicateCallback,
           variant_get(element, '$.earlyHangup') AS v_earlyHangup,
           variant_get(element, '$.endOfBusinessDay') AS v_endOfBusinessDay,
           variant_get(element, '$.leaveVoicemail') AS v_leaveVoicemail,
           variant_get(element, '$.maxEcbtExceeded') AS v_maxEcbtExceeded,
           variant_get(element, '$.maxScheduledCallsExceeded') AS v_maxScheduledCallsExceeded,
           variant_get(element, '$.maxTollRateExceeded') AS v_maxTollRateExceeded,
           variant_get(element, '$.nextDayCallbackOffered') AS v_nextDayCallbackOffered,
           variant_get(element, '$.nextDayCallbackScheduled') AS v_nextDayCallbackScheduled,
           variant_get(element, '$.outsideHours') AS v_outsideHours,
           variant_get(element, '$.systemHangup') AS v_systemHangup,
           variant_get(element, '$.metadata') AS v_metadata
    FROM o
), n AS (
    -- numbers as doubles (NULL when the JSON value is no number; 1e400 reads as Infinity here)
    SELECT *,
           CASE WHEN schema_of_variant(v_retryAttempt) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_retryAttempt, '$', 'double') END AS d_retryAttempt,
           CASE WHEN schema_of_variant(v_activeDuration) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_activeDuration, '$', 'double') END AS d_activeDuration,
           CASE WHEN schema_of_variant(v_actualCallbackTime) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_actualCallbackTime, '$', 'double') END AS d_actualCallbackTime,
           CASE WHEN schema_of_variant(v_agentDelay) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_agentDelay, '$', 'double') END AS d_agentDelay,
           CASE WHEN schema_of_variant(v_agentWaitDuration) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_agentWaitDuration, '$', 'double') END AS d_agentWaitDuration,
           CASE WHEN schema_of_variant(v_customerDelay) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_customerDelay, '$', 'double') END AS d_customerDelay,
           CASE WHEN schema_of_variant(v_customerWaitDuration) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_customerWaitDuration, '$', 'double') END AS d_customerWaitDuration,
           CASE WHEN schema_of_variant(v_estimatedCallbackTime) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_estimatedCallbackTime, '$', 'double') END AS d_estimatedCallbackTime,
           CASE WHEN schema_of_variant(v_estimatePercentAccuracy) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_estimatePercentAccuracy, '$', 'double') END AS d_estimatePercentAccuracy,
           CASE WHEN schema_of_variant(v_punctuality) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_punctuality, '$', 'double') END AS d_punctuality,
           CASE WHEN schema_of_variant(v_registrationDuration) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_registrationDuration, '$', 'double') END AS d_registrationDuration,
           CASE WHEN schema_of_variant(v_talkDuration) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_talkDuration, '$', 'double') END AS d_talkDuration,
           CASE WHEN schema_of_variant(v_waitlistDelay) RLIKE '^(TINYINT|SMALLINT|INT|BIGINT|FLOAT|DOUBLE|DECIMAL.*)$' THEN variant_get(v_waitlistDelay, '$', 'double') END AS d_waitlistDelay
    FROM f
)
SELECT
    CASE WHEN schema_of_variant(v_id) = 'STRING' THEN variant_get(v_id, '$', 'string') END AS id,
    CASE WHEN schema_of_variant(v_originalId) = 'STRING' THEN variant_get(v_originalId, '$', 'string') END AS originalId,
    CASE WHEN schema_of_variant(v_callTargetId) = 'STRING' THEN variant_get(v_callTargetId, '$', 'string') END AS callTargetId,
    CASE WHEN schema_of_variant(v_callTargetName) = 'STRING' THEN variant_get(v_callTargetName, '$', 'string') END AS callTargetName,
    CASE WHEN schema_of_variant(v_outcome) = 'STRING' THEN variant_get(v_outcome, '$', 'string') END AS outcome,
    CASE WHEN schema_of_variant(v_type) = 'STRING' THEN variant_get(v_type, '$', 'string') END AS type,
    CASE WHEN abs(d_retryAttempt) <> double('Infinity') THEN d_retryAttempt END AS retryAttempt,
    CASE WHEN schema_of_variant(v_hasRetry) = 'BOOLEAN' THEN variant_get(v_hasRetry, '$', 'boolean') END AS hasRetry,
    CASE WHEN schema_of_variant(v_createdAt) = 'STRING' THEN variant_get(v_createdAt, '$', 'string') END AS createdAt,
    CASE WHEN schema_of_variant(v_processedAt) = 'STRING' THEN variant_get(v_processedAt, '$', 'string') END AS processedAt,
    CASE WHEN schema_of_variant(v_estimatedFor) = 'STRING' THEN variant_get(v_estimatedFor, '$', 'string') END AS estimatedFor,
    CASE WHEN schema_of_variant(v_endedAt) = 'STRING' THEN variant_get(v_endedAt, '$', 'string') END AS endedAt,
    CASE WHEN schema_of_variant(v_segmentName) = 'STRING' THEN variant_get(v_segmentName, '$', 'string') END AS segmentName,
    CASE WHEN schema_of_variant(v_firstPartyCalled) = 'STRING' THEN variant_get(v_firstPartyCalled, '$', 'string') END AS firstPartyCalled,
    CASE WHEN schema_of_variant(v_source) = 'STRING' THEN variant_get(v_source, '$', 'string') END AS source,
    CASE WHEN schema_of_variant(v_ani) = 'STRING' THEN variant_get(v_ani, '$', 'string') END AS ani,
    CASE WHEN schema_of_variant(v_phoneNumber) = 'STRING' THEN variant_get(v_phoneNumber, '$', 'string') END AS phoneNumber,
    CASE WHEN abs(d_activeDuration) <> double('Infinity') THEN d_activeDuration END AS activeDuration,
    CASE WHEN abs(d_actualCallbackTime) <> double('Infinity') THEN d_actualCallbackTime END AS actualCallbackTime,
    CASE WHEN abs(d_agentDelay) <> double('Infinity') THEN d_agentDelay END AS agentDelay,
    CASE WHEN abs(d_agentWaitDuration) <> double('Infinity') THEN d_agentWaitDuration END AS agentWaitDuration,
    CASE WHEN abs(d_customerDelay) <> double('Infinity') THEN d_customerDelay END AS customerDelay,
    CASE WHEN abs(d_customerWaitDuration) <> double('Infinity') THEN d_customerWaitDuration END AS customerWaitDuration,
    CASE WHEN abs(d_estimatedCallbackTime) <> double('Infinity') THEN d_estimatedCallbackTime END AS estimatedCallbackTime,
    CASE WHEN abs(d_estimatePercentAccuracy) <> double('Infinity') THEN d_estimatePercentAccuracy END AS estimatePercentAccuracy,
    CASE WHEN abs(d_punctuality) <> double('Infinity') THEN d_punctuality END AS punctuality,
    CASE WHEN abs(d_registrationDuration) <> double('Infinity') THEN d_registrationDuration END AS registrationDuration,
    CASE WHEN abs(d_talkDuration) <> double('Infinity') THEN d_talkDuration END AS talkDuration,
    CASE WHEN abs(d_waitlistDelay) <> double('Infinity') THEN d_waitlistDelay END AS waitlistDelay,
    CASE WHEN schema_of_variant(v_wasPunctual) = 'BOOLEAN' THEN variant_get(v_wasPunctual, '$', 'boolean') END AS wasPunctual,
    CASE WHEN schema_of_variant(v_agentBusy) = 'BOOLEAN' THEN variant_get(v_agentBusy, '$', 'boolean') END AS agentBusy,
    CASE WHEN schema_of_variant(v_agentHangup) = 'BOOLEAN' THEN variant_get(v_agentHangup, '$', 'boolean') END AS agentHangup,
    CASE WHEN schema_of_variant(v_agentLegError) = 'BOOLEAN' THEN variant_get(v_agentLegError, '$', 'boolean') END AS agentLegError,
    CASE WHEN schema_of_variant(v_agentLegRejected) = 'BOOLEAN' THEN variant_get(v_agentLegRejected, '$', 'boolean') END AS agentLegRejected,
    CASE WHEN schema_of_variant(v_agentLegTimeout) = 'BOOLEAN' THEN variant_get(v_agentLegTimeout, '$', 'boolean') END AS agentLegTimeout,
    CASE WHEN schema_of_variant(v_priorityQueueTimedOut) = 'BOOLEAN' THEN variant_get(v_priorityQueueTimedOut, '$', 'boolean') END AS priorityQueueTimedOut,
    CASE WHEN schema_of_variant(v_choseToHold) = 'BOOLEAN' THEN variant_get(v_choseToHold, '$', 'boolean') END AS choseToHold,
    CASE WHEN schema_of_variant(v_customerBusy) = 'BOOLEAN' THEN variant_get(v_customerBusy, '$', 'boolean') END AS customerBusy,
    CASE WHEN schema_of_variant(v_customerHangup) = 'BOOLEAN' THEN variant_get(v_customerHangup, '$', 'boolean') END AS customerHangup,
    CASE WHEN schema_of_variant(v_customerLegError) = 'BOOLEAN' THEN variant_get(v_customerLegError, '$', 'boolean') END AS customerLegError,
    CASE WHEN schema_of_variant(v_customerLegRejected) = 'BOOLEAN' THEN variant_get(v_customerLegRejected, '$', 'boolean') END AS customerLegRejected,
    CASE WHEN schema_of_variant(v_customerLegTimeout) = 'BOOLEAN' THEN variant_get(v_customerLegTimeout, '$', 'boolean') END AS customerLegTimeout,
    CASE WHEN schema_of_variant(v_customerRescheduled) = 'BOOLEAN' THEN variant_get(v_customerRescheduled, '$', 'boolean') END AS customerRescheduled,
    CASE WHEN schema_of_variant(v_disconnectRescue) = 'BOOLEAN' THEN variant_get(v_disconnectRescue, '$', 'boolean') END AS disconnectRescue,
    CASE WHEN schema_of_variant(v_duplicateCallback) = 'BOOLEAN' THEN variant_get(v_duplicateCallback, '$', 'boolean') END AS duplicateCallback,
    CASE WHEN schema_of_variant(v_earlyHangup) = 'BOOLEAN' THEN variant_get(v_earlyHangup, '$', 'boolean') END AS earlyHangup,
    CASE WHEN schema_of_variant(v_endOfBusinessDay) = 'BOOLEAN' THEN variant_get(v_endOfBusinessDay, '$', 'boolean') END AS endOfBusinessDay,
    CASE WHEN schema_of_variant(v_leaveVoicemail) = 'BOOLEAN' THEN variant_get(v_leaveVoicemail, '$', 'boolean') END AS leaveVoicemail,
    CASE WHEN schema_of_variant(v_maxEcbtExceeded) = 'BOOLEAN' THEN variant_get(v_maxEcbtExceeded, '$', 'boolean') END AS maxEcbtExceeded,
    CASE WHEN schema_of_variant(v_maxScheduledCallsExceeded) = 'BOOLEAN' THEN variant_get(v_maxScheduledCallsExceeded, '$', 'boolean') END AS maxScheduledCallsExceeded,
    CASE WHEN schema_of_variant(v_maxTollRateExceeded) = 'BOOLEAN' THEN variant_get(v_maxTollRateExceeded, '$', 'boolean') END AS maxTollRateExceeded,
    CASE WHEN schema_of_variant(v_nextDayCallbackOffered) = 'BOOLEAN' THEN variant_get(v_nextDayCallbackOffered, '$', 'boolean') END AS nextDayCallbackOffered,
    CASE WHEN schema_of_variant(v_nextDayCallbackScheduled) = 'BOOLEAN' THEN variant_get(v_nextDayCallbackScheduled, '$', 'boolean') END AS nextDayCallbackScheduled,
    CASE WHEN schema_of_variant(v_outsideHours) = 'BOOLEAN' THEN variant_get(v_outsideHours, '$', 'boolean') END AS outsideHours,
    CASE WHEN schema_of_variant(v_systemHangup) = 'BOOLEAN' THEN variant_get(v_systemHangup, '$', 'boolean') END AS systemHangup,
    CASE WHEN schema_of_variant(v_metadata) LIKE 'OBJECT%' THEN to_json(v_metadata) END AS metadata,
    to_json(element) AS record_json,
    hour_start AS source_hour,
    path AS source_file,
    source_position,
    epoch_hour * 4294967296 + source_position AS record_order
FROM n;

-- ---------------------------------------------------------------------------------------------
-- records: the §3 dedupe (a non-null `id` counts once: the copy from the latest hour wins, then
-- the last in file order; a NULL id is never deduplicated), plus the columns the §4 metrics use.
CREATE OR REPLACE TEMPORARY VIEW records AS
SELECT * EXCEPT (keep_rank),
       coalesce(nullif(callTargetId, ''), '') AS call_target_id,
       CASE WHEN outcome IS NULL OR outcome = '' THEN 'Unknown' ELSE outcome END AS outcome_name,
       coalesce(nullif(originalId, ''), nullif(id, '')) AS request_key,
       retryAttempt IS NULL OR retryAttempt <= 0 AS first_attempt
FROM (
    SELECT *, row_number() OVER (PARTITION BY id ORDER BY record_order DESC) AS keep_rank
    FROM mindful_record_copies
)
WHERE id IS NULL OR keep_rank = 1;

-- ---------------------------------------------------------------------------------------------
-- record_requests: each record once, with its request's marks (§4), within its call target and
-- over all records: is it the request's final attempt, and how many attempts the request has
-- (the rules are those of sql/duckdb/views.sql).
CREATE OR REPLACE TEMPORARY VIEW record_requests AS
WITH r AS (
    SELECT *, coalesce(retryAttempt, 0D) AS retry_rank,
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
-- requests: one row per request with its final attempt (§4); scope 'call_target' groups a
-- target's own records, scope 'all' all records as one (group_id 'ALL').
CREATE OR REPLACE TEMPORARY VIEW requests AS
WITH finals AS (
    SELECT 'call_target' AS scope, call_target_id AS group_id, attempts_in_target AS attempts, request_key,
           id, retryAttempt, outcome, outcome_name, call_target_id, source_hour, source_position, record_order
    FROM record_requests WHERE final_in_target
    UNION ALL
    SELECT 'all' AS scope, 'ALL' AS group_id, attempts_in_all AS attempts, request_key,
           id, retryAttempt, outcome, outcome_name, call_target_id, source_hour, source_position, record_order
    FROM record_requests WHERE final_in_all
)
SELECT scope, group_id, request_key, attempts,
       id AS final_id, retryAttempt AS final_retry_attempt, outcome AS final_outcome_raw,
       outcome_name AS final_outcome, call_target_id AS final_call_target_id,
       source_hour AS final_source_hour, source_position AS final_source_position,
       record_order AS final_record_order
FROM finals;

-- ---------------------------------------------------------------------------------------------
-- summary: the required summary.csv columns (§4), rounded as the report writes them (rates to 4
-- decimals, seconds to 2), ordered like the report: targets by name then id (code-point
-- order), then the ALL row. Percentiles are nearest-rank, exact.
CREATE OR REPLACE TEMPORARY VIEW summary AS
WITH g AS (
    SELECT grouping(call_target_id) = 1 AS is_all,
           CASE WHEN grouping(call_target_id) = 1 THEN 'ALL' ELSE call_target_id END AS call_target_id,
           CASE WHEN grouping(call_target_id) = 1 THEN 'All call targets'
                WHEN call_target_id = '' THEN 'Unassigned'
                ELSE coalesce(max_by(callTargetName, record_order) FILTER (WHERE callTargetName <> ''), '')
           END AS call_target_name,
           count(*) AS attempts,
           CASE WHEN grouping(call_target_id) = 1 THEN count(*) FILTER (WHERE final_in_all)
                ELSE count(*) FILTER (WHERE final_in_target) END AS requests,
           CASE WHEN grouping(call_target_id) = 1
                THEN count(*) FILTER (WHERE final_in_all AND outcome_name = 'Success')
                ELSE count(*) FILTER (WHERE final_in_target AND outcome_name = 'Success') END AS success,
           count(*) FILTER (WHERE type = 'asap') AS asap,
           count(*) FILTER (WHERE type = 'scheduled') AS scheduled,
           count(*) FILTER (WHERE retryAttempt > 0) AS retries,
           avg(actualCallbackTime) FILTER (WHERE first_attempt) AS response_mean,
           sort_array(collect_list(actualCallbackTime) FILTER (WHERE first_attempt)) AS response,
           avg(punctuality) AS punctuality_mean,
           count(*) FILTER (WHERE wasPunctual) / nullif(count(wasPunctual), 0) AS on_time,
           avg(estimatePercentAccuracy) AS ecbt_mean,
           avg(agentDelay) FILTER (WHERE outcome = 'Success') AS hold_mean,
           avg(talkDuration) FILTER (WHERE talkDuration > 0) AS talk_mean,
           coalesce(sum(talkDuration), 0D) AS talk_total,
           count(*) FILTER (WHERE agentBusy OR agentLegError OR agentLegRejected
                                  OR agentLegTimeout OR priorityQueueTimedOut) AS agent_leg_failures,
           count(*) FILTER (WHERE customerBusy OR customerLegError OR customerLegRejected
                                  OR customerLegTimeout) AS customer_leg_failures,
           count(*) FILTER (WHERE duplicateCallback) AS duplicates,
           count(*) FILTER (WHERE outsideHours) AS outside_hours,
           count(*) FILTER (WHERE nextDayCallbackOffered) AS next_day_offered,
           count(*) FILTER (WHERE nextDayCallbackScheduled) AS next_day_scheduled
    FROM record_requests
    GROUP BY GROUPING SETS ((call_target_id), ())
)
SELECT call_target_id, call_target_name, attempts, requests, success,
       round(success / nullif(requests, 0), 4) + 0D AS success_rate,
       asap, scheduled, retries,
       round(response_mean, 2) + 0D AS response_mean_s,
       round(CASE WHEN size(response) > 0
                  THEN element_at(response, CAST((50 * size(response) + 99) DIV 100 AS INT)) END, 2) + 0D
           AS response_p50_s,
       round(CASE WHEN size(response) > 0
                  THEN element_at(response, CAST((90 * size(response) + 99) DIV 100 AS INT)) END, 2) + 0D
           AS response_p90_s,
       round(punctuality_mean, 2) + 0D AS punctuality_mean_s,
       round(on_time, 4) + 0D AS on_time_rate,
       round(ecbt_mean, 4) + 0D AS ecbt_accuracy_mean,
       round(hold_mean, 2) + 0D AS hold_mean_s,
       round(talk_mean, 2) + 0D AS talk_mean_s,
       round(talk_total, 2) + 0D AS talk_total_s,
       agent_leg_failures, customer_leg_failures, duplicates, outside_hours,
       next_day_offered, next_day_scheduled
FROM g
ORDER BY is_all, call_target_name, call_target_id;
