#!/usr/bin/env python3
"""Tests of the SQL views over the cache (SPEC §9), for DuckDB and Spark.

usage: test_views.py [--engine duckdb|spark|all] [--binary PATH] [-k SUBSTRING] [-v]

Each engine is checked two ways:
- against the report: a cache is generated (the hostile generator of
  Tests/MindfulReportTests/Fixtures/reference, and `mindful-report sample`), the report is run
  offline over exactly the cache's range, and the view `summary` must equal `summary.csv` in
  every required column (text and counts exactly, rates within 0.0001, seconds within 0.01,
  percentiles within 1%), ALL row included, in the same order;
- on hand-made caches with known answers, one per SPEC point (strict JSON, wrong types,
  dedupe, requests, names, hour labels), written from the SPEC alone.

The last line printed is `N passed, M failed` (and the exit status is 1 when M > 0).
"""
import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "Tests", "MindfulReportTests", "Fixtures", "reference")
DUCKDB_VIEWS = os.path.join(ROOT, "sql", "duckdb", "views.sql")
sys.path.insert(0, os.path.join(ROOT, "sql", "spark"))

sys.path.insert(0, FIXTURES)
from reference_metrics import SUMMARY_COLUMNS  # noqa: E402  (the columns of summary.csv, written once)

TEXT_COLUMNS = {"call_target_id", "call_target_name"}
RATE_COLUMNS = {"success_rate", "on_time_rate", "ecbt_accuracy_mean"}
PERCENTILE_COLUMNS = {"response_p50_s", "response_p90_s"}


# ----------------------------------------------------------------------------------------------
# Engines: each runs the views over a cache folder and answers queries as lists of dicts.

class DuckDBEngine:
    name = "duckdb"

    def __init__(self):
        import duckdb
        self.duckdb = duckdb

    def connect(self, cache, labels="end"):
        con = self.duckdb.connect()
        con.execute("SET VARIABLE cache = ?", [cache])
        con.execute("SET VARIABLE hour_labels = ?", [labels])
        with open(DUCKDB_VIEWS, encoding="utf-8") as fh:
            con.execute(fh.read())
        return con

    def query(self, cache, sql, labels="end"):
        con = self.connect(cache, labels)
        try:
            rel = con.sql(sql)
            cols = rel.columns
            return [dict(zip(cols, row)) for row in rel.fetchall()]
        finally:
            con.close()

    def close(self):
        pass


class SparkEngine:
    name = "spark"

    def __init__(self):
        import mindful_views
        self.mv = mindful_views
        self.spark = mindful_views.local_session()

    def query(self, cache, sql, labels="end"):
        self.mv.create_views(self.spark, cache, hour_labels=labels)
        return [row.asDict() for row in self.spark.sql(sql).collect()]

    def close(self):
        self.spark.stop()


# ----------------------------------------------------------------------------------------------
# Helpers

def run(cmd, ok=(0,)):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode not in ok:
        raise AssertionError("%s exited %d:\n%s" % (" ".join(cmd), p.returncode,
                                                     p.stdout.decode("utf-8", "replace")[-3000:]))
    return p.returncode


def read_csv(path):
    with open(path, "rb") as fh:
        data = fh.read()
    assert data.startswith(b"\xef\xbb\xbf"), "%s: no UTF-8 BOM" % path
    text = data[3:].decode("utf-8")
    assert "\r\n" in text, "%s: not CRLF" % path
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body], header


def guard(text):
    """The report's formula guard on text cells (OWASP): a leading ' before = + - @ tab CR."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def compare_summary(csv_rows, view_rows):
    """Differences between the report's summary.csv and the view, as readable lines."""
    problems = []
    if len(csv_rows) != len(view_rows):
        problems.append("rows: report %d, view %d" % (len(csv_rows), len(view_rows)))
        problems.append("report ids: %r" % [r["call_target_id"] for r in csv_rows])
        problems.append("view ids:   %r" % [guard(r["call_target_id"]) for r in view_rows])
        return problems
    for i, (a, b) in enumerate(zip(csv_rows, view_rows)):
        where = "row %d (%r)" % (i + 1, a.get("call_target_id"))
        for col in SUMMARY_COLUMNS:
            if col not in a:
                problems.append("summary.csv has no column %s" % col)
                continue
            x, y = a[col], b.get(col)
            if col in TEXT_COLUMNS:
                if y is None or (guard(y) != x and not (col == "call_target_id" and x == "ALL" == y)):
                    problems.append("%s %s: report %r, view %r" % (where, col, x, y))
                continue
            if x == "" or y is None:
                if not (x == "" and y is None):
                    problems.append("%s %s: report %r, view %r" % (where, col, x, y))
                continue
            xv, yv = float(x), float(y)
            if col in PERCENTILE_COLUMNS:
                tol = max(0.0100001, abs(xv) * 0.01)
            elif col.endswith("_s"):
                tol = 0.0100001
            elif col in RATE_COLUMNS:
                tol = 0.0001001
            else:
                tol = 0
            if abs(xv - yv) > tol:
                problems.append("%s %s: report %r, view %r" % (where, col, x, y))
    return problems


# ----------------------------------------------------------------------------------------------
# Caches compared with the report (built once per run, shared by the engines)

class ReportCase:
    def __init__(self, name, cache, summary, spark=True):
        self.name, self.cache, self.summary = name, cache, summary
        self.labels = "end"
        self.spark = spark  # also run with Spark (slow to start each query: fewer cases)


def build_report_cases(binary, work):
    cases = []
    py = sys.executable
    make = os.path.join(FIXTURES, "make_hostile_cache.py")

    def report(cache, d_from, d_to, tz, out, labels="end"):
        run([binary, "report", "--offline", "--quiet", "--cache", cache, "--from", d_from,
             "--to", d_to, "--timezone", tz, "--hour-labels", labels, "--out", out], ok=(0, 3))
        rows, header = read_csv(os.path.join(out, "summary.csv"))
        for col in SUMMARY_COLUMNS:
            assert col in header, "summary.csv lacks %s" % col
        return rows

    # Hostile caches: 2023-03-11 04:00Z .. 2023-03-14 05:00Z (the generator's New York range
    # plus one hour on each side), so the UTC days 2023-03-11..2023-03-14 hold every file.
    for seed, labels in ((7, "end"), (11, "end"), (23, "start"), (42, "end")):
        cache = os.path.join(work, "hostile-%d" % seed)
        run([py, make, cache, str(seed), "--hour-labels", labels])
        out = os.path.join(work, "hostile-%d-report" % seed)
        case = ReportCase("hostile seed %d, %s labels, UTC" % (seed, labels), cache,
                          report(cache, "2023-03-11", "2023-03-14", "UTC", out, labels),
                          spark=seed in (7, 23))
        case.labels = labels
        cases.append(case)

    # The same generator in its own zone (New York, DST starts on 2023-03-12): the two hours
    # outside the range removed, so the cache holds exactly the report's 71 UTC hours.
    cache = os.path.join(work, "hostile-ny")
    run([py, make, cache, "5"])
    for outside in ("20230311/05.json", "20230314/05.json"):
        os.remove(os.path.join(cache, outside))
    out = os.path.join(work, "hostile-ny-report")
    cases.append(ReportCase("hostile seed 5, America/New_York range", cache,
                            report(cache, "2023-03-11", "2023-03-13", "America/New_York", out)))

    # A realistic cache from the report's own generator.
    cache = os.path.join(work, "sample")
    run([binary, "sample", "--from", "2024-05-01", "--to", "2024-05-02", "--timezone", "UTC",
         "--per-day", "3000", "--target-count", "6", "--seed", "5", "--cache", cache])
    out = os.path.join(work, "sample-report")
    cases.append(ReportCase("sample, 6000 records", cache,
                            report(cache, "2024-05-01", "2024-05-02", "UTC", out)))
    return cases


# ----------------------------------------------------------------------------------------------
# Hand-made caches with known answers

def write_cache(root, files):
    """files: {"YYYYMMDD/HH.json": bytes or str}."""
    if os.path.isdir(root):
        shutil.rmtree(root)
    for rel, body in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(body if isinstance(body, bytes) else body.encode("utf-8"))
    return root


def rec(**fields):
    """A record as JSON text; values are JSON tokens already (strings must be quoted)."""
    return "{" + ",".join('"%s":%s' % (k, v) for k, v in fields.items()) + "}"


def body(*records):
    return '{"data":[' + ",".join(records) + "]}"


def known_answer_tests(engine, work, binary):
    """(name, function) pairs; each function raises AssertionError on a wrong answer. Where the
    SPEC point is one the report has long followed, the report is run on the same cache too."""
    tests = []

    def same_as_report(cache, d_from="2024-01-01", d_to="2024-01-01"):
        out = cache + "-report"
        run([binary, "report", "--offline", "--quiet", "--cache", cache, "--from", d_from,
             "--to", d_to, "--timezone", "UTC", "--out", out], ok=(0, 3))
        rows, _ = read_csv(os.path.join(out, "summary.csv"))
        problems = compare_summary(rows, q(cache, "SELECT * FROM summary"))
        assert not problems, "summary differs from the report's summary.csv:\n" + "\n".join(problems)

    def test(fn):
        tests.append((fn.__name__, fn))
        return fn

    def q(cache, sql, labels="end"):
        return engine.query(cache, sql, labels)

    def ids(cache):
        return sorted(r["id"] for r in q(cache, "SELECT id FROM records WHERE id IS NOT NULL"))

    @test
    def hour_files_map_labels_to_utc_hours():
        c = write_cache(os.path.join(work, "labels"), {
            "20240101/01.json": body(), "20240101/24.json": body(), "20240101/00.json": body(),
            "20240101/01.fetched": "x", "20240101/02.json.bad-20240101T0000Z": "x",
            "notadate/03.json": body(), "20240101/7.json": body(),
        })
        end = q(c, "SELECT label, CAST(hour_start AS STRING) AS s FROM hour_files ORDER BY label")
        assert [(r["label"], r["s"][:16]) for r in end] == [
            ("01", "2024-01-01 00:00"), ("24", "2024-01-01 23:00")], end
        start = q(c, "SELECT label, CAST(hour_start AS STRING) AS s FROM hour_files ORDER BY label",
                  labels="start")
        assert [(r["label"], r["s"][:16]) for r in start] == [
            ("00", "2024-01-01 00:00"), ("01", "2024-01-01 01:00")], start

    @test
    def files_that_are_not_strict_json_are_skipped():
        good = rec(id='"ok"')
        c = write_cache(os.path.join(work, "strict"), {
            "20240101/01.json": body(good),
            "20240101/02.json": '{"data":[{"id":"nan","talkDuration":NaN}]}',
            "20240101/03.json": '{"data":[{"id":"inf","talkDuration":Infinity}]}',
            "20240101/04.json": '{"data":[{"id":"neginf","talkDuration":-Infinity}]}',
            "20240101/05.json": '{"data":[{"id":"comma"},]}',
            "20240101/06.json": '{"data":[{"id":"comma2",}]}',
            "20240101/07.json": b'\xef\xbb\xbf{"data":[{"id":"bom"}]}',
            "20240101/08.json": b'{"data":[{"id":"latin1-\xe9"}]}',
            "20240101/09.json": '{"data":[{"id":"truncated"}',
            "20240101/10.json": '{"data":[{"id":"garbage"}]} x',
            "20240101/11.json": '{"data":[{"id":"two"}]} {"data":[]}',
            "20240101/12.json": '[{"data":[{"id":"array"}]}]',
            "20240101/13.json": '{"data":null}',
            "20240101/14.json": '{"data":{"id":"object"}}',
            "20240101/15.json": '{"nodata":[{"id":"nodata"}]}',
            "20240101/16.json": '{"data":[{"id":"ctl\tchar"}]}',
            "20240101/17.json": '{"data":[{"id":"esc\\q"}]}',
            "20240101/18.json": '{"data":[{"id":"lead0","talkDuration":01}]}',
            "20240101/19.json": '{"data":[{"id":"comment"}] /* c */}',
            "20240101/20.json": '{"data":[{"id":"single",\'x\':1}]}',
            "20240101/21.json": '{"data":[{"id":"dup-data"}],"data":null}',
            "20240101/22.json": ' \r\n\t{"data":[{"id":"spaces"}],"other":{"a":[1,{"b":null}]}} \n',
            "20240101/23.json": '{"data":[{"id":"upper-U\\U0041"}]}',
            "20240101/24.json": '"just a string"',
            "20240102/01.json": b'{"data":[{"id":"utf8-surrogate-\xed\xa0\x80"}]}',
            "20240102/02.json": b'{"data":[{"id":"utf8-overlong-\xc0\xaf"}]}',
            "20240102/03.json": b'{"data":[{"id":"utf8-too-high-\xf4\x90\x80\x80"}]}',
            "20240102/04.json": b'{"data":[{"id":"nonchar-\xef\xbf\xbf\xf0\x9f\x98\x80"}]}',
            "20240102/05.json": '{"data":[{"id":"deep","metadata":{"a":{"b":[[[[{"c":[1,{}]}]]]]}}}]}',
            "20240102/06.json": '{"data":[{"id":"key-escapes","out\\u0063ome":"Success"}]}',
            "20240102/07.json": '{"data":[{"id":"nul-\\u0000"}]}',
        })
        got = ids(c)
        assert got == sorted(["ok", "spaces", "nonchar-\uffff\U0001F600", "deep", "key-escapes",
                              "nul-\x00"]), got
        rows = q(c, "SELECT outcome FROM records WHERE id = 'key-escapes'")
        assert rows == [{"outcome": "Success"}], rows
        same_as_report(c, d_to="2024-01-02")

    @test
    def lone_surrogates_read_as_replacement_character():
        c = write_cache(os.path.join(work, "surrogates"), {
            "20240101/01.json": body(
                rec(id='"a"', callTargetId='"T\\ud800"', callTargetName='"x\\udc00y"'),
                rec(id='"b"', callTargetId='"P"', callTargetName='"\\ud83d\\ude00 ok \\uD83D\\uDE00"'),
                rec(id='"c"', callTargetId='"Q"', callTargetName='"\\\\ud800 not an escape"'),
                rec(id='"d"', callTargetId='"R"', callTargetName='"\\ud800\\ud800\\udc00"'),
            ),
        })
        rows = {r["id"]: r for r in q(c, "SELECT id, callTargetId, callTargetName FROM records")}
        assert rows["a"]["callTargetId"] == "T\ufffd", rows["a"]
        assert rows["a"]["callTargetName"] == "x\ufffdy", rows["a"]
        assert rows["b"]["callTargetName"] == "\U0001F600 ok \U0001F600", rows["b"]
        assert rows["c"]["callTargetName"] == "\\ud800 not an escape", rows["c"]
        assert rows["d"]["callTargetName"] == "\ufffd\U00010000", rows["d"]

    @test
    def fields_of_the_wrong_type_read_as_null():
        c = write_cache(os.path.join(work, "types"), {
            "20240101/01.json": body(
                rec(id='"n1"', retryAttempt='"3"', talkDuration="true", wasPunctual="1",
                    callTargetId="5298", outcome="5", agentBusy='"true"', punctuality="1e400",
                    actualCallbackTime="-1e400", metadata='"x"'),
                rec(id='"n2"', retryAttempt="2.0", talkDuration="1e2", wasPunctual="true",
                    callTargetId='"5298"', outcome='"Success"', agentBusy="true",
                    punctuality="-0.0", actualCallbackTime="12", metadata='{"k":[1]}'),
                rec(id="17", callTargetId="{}", outcome="[]"),
                '1', '"string"', 'null', '[]', 'true', '[{"id":"nested"}]',
            ),
        })
        rows = q(c, "SELECT id, retryAttempt, talkDuration, wasPunctual, callTargetId, outcome, "
                    "agentBusy, punctuality, actualCallbackTime, metadata IS NULL AS no_metadata, "
                    "call_target_id, outcome_name, source_position FROM records ORDER BY source_position")
        assert len(rows) == 3, rows
        n1, n2, n3 = rows
        for col in ("retryAttempt", "talkDuration", "wasPunctual", "callTargetId", "outcome",
                    "agentBusy", "punctuality", "actualCallbackTime"):
            assert n1[col] is None, (col, n1)
        assert n1["no_metadata"] and not n2["no_metadata"], rows
        assert n1["call_target_id"] == "" and n1["outcome_name"] == "Unknown", n1
        assert (n2["retryAttempt"], n2["talkDuration"], n2["wasPunctual"], n2["agentBusy"]) == \
            (2.0, 100.0, True, True), n2
        assert n2["punctuality"] == 0 and n2["actualCallbackTime"] == 12.0, n2
        assert n3["id"] is None and n3["call_target_id"] == "" and n3["outcome_name"] == "Unknown", n3
        assert [r["source_position"] for r in rows] == [1, 2, 3], rows

    @test
    def repeated_keys_take_the_last():
        c = write_cache(os.path.join(work, "dupkeys"), {
            "20240101/01.json": '{"data":[{"id":"a","outcome":"Success","outcome":"Failure",'
                                '"talkDuration":5,"talkDuration":"x","metadata":{"k":1,"k":2}}]}',
            "20240101/02.json": '{"data":[{"id":"b"}],"data":[{"id":"c"}]}',
        })
        rows = q(c, "SELECT id, outcome, talkDuration FROM records ORDER BY id")
        assert [(r["id"], r["outcome"], r["talkDuration"]) for r in rows] == [
            ("a", "Failure", None), ("c", None, None)], rows
        same_as_report(c)

    @test
    def dedupe_keeps_the_latest_hour_then_the_last_in_file():
        c = write_cache(os.path.join(work, "dedupe"), {
            "20240101/01.json": body(rec(id='"x"', outcome='"H1"'), rec(id='"y"', outcome='"H1a"'),
                                     rec(id='"y"', outcome='"H1b"'), rec(outcome='"nullid"'),
                                     rec(id="null", outcome='"nullid"'), rec(id='""', outcome='"e1"')),
            "20240101/03.json": body(rec(id='"x"', outcome='"H3"'), rec(id='""', outcome='"e3"'),
                                     rec(id="5", outcome='"numid"'), rec(id="5", outcome='"numid"')),
            "20240101/02.json": body(rec(id='"x"', outcome='"H2"'), rec(id='"y"', outcome='"H2"'),
                                     rec(outcome='"nullid"')),
            "20240101/04.json": "not json",
        })
        rows = q(c, "SELECT id, outcome FROM records")
        got = sorted((r["id"] if r["id"] is not None else "<null>", r["outcome"]) for r in rows)
        assert got == sorted([("x", "H3"), ("y", "H2"), ("", "e3"), ("<null>", "nullid"),
                              ("<null>", "nullid"), ("<null>", "nullid"), ("<null>", "numid"),
                              ("<null>", "numid")]), got
        same_as_report(c)

    @test
    def requests_final_attempt_and_all_row():
        c = write_cache(os.path.join(work, "requests"), {
            "20240101/01.json": body(
                rec(id='"a1"', originalId='"A"', callTargetId='"T1"', retryAttempt="0", outcome='"Failure"'),
                rec(id='"a2"', originalId='"A"', callTargetId='"T1"', retryAttempt="1", outcome='"Success"'),
                rec(id='"a3"', originalId='"A"', callTargetId='"T1"', retryAttempt="1.0", outcome='"Canceled"'),
                rec(id='"b1"', originalId='""', callTargetId='"T1"', outcome='"Success"'),
                rec(id='"b2"', originalId='"b1"', callTargetId='"T1"', retryAttempt='"9"', outcome='"Failure"'),
                rec(callTargetId='"T1"', outcome='"Success"'),
                rec(id='""', originalId='""', callTargetId='"T1"', outcome='"Success"'),
                rec(id='"c1"', originalId='"A"', callTargetId='"T2"', retryAttempt="5", outcome='""'),
                rec(id='"d1"', originalId='"D"', callTargetId='"T2"', retryAttempt="-1", outcome='"Success"'),
                rec(id='"d2"', originalId='"D"', callTargetId='"T2"', outcome='"Failure"'),
            ),
            "20240101/02.json": body(
                rec(id='"a4"', originalId='"A"', callTargetId='"T1"', retryAttempt="1e0", outcome='"Abandoned"'),
            ),
        })
        rows = q(c, "SELECT scope, group_id, request_key, attempts, final_id, final_outcome "
                    "FROM requests")
        got = sorted((r["scope"], r["group_id"],
                      "<own>" if r["request_key"] is None else r["request_key"], r["attempts"],
                      "<null>" if r["final_id"] is None else r["final_id"], r["final_outcome"])
                     for r in rows)
        want = sorted([
            ("call_target", "T1", "A", 4, "a4", "Abandoned"),
            ("call_target", "T1", "b1", 2, "b2", "Failure"),  # "9" is no number: a tie at 0
            ("call_target", "T1", "<own>", 1, "<null>", "Success"),
            ("call_target", "T1", "<own>", 1, "", "Success"),
            ("call_target", "T2", "A", 1, "c1", "Unknown"),
            ("call_target", "T2", "D", 2, "d2", "Failure"),
            ("all", "ALL", "A", 5, "c1", "Unknown"),
            ("all", "ALL", "b1", 2, "b2", "Failure"),
            ("all", "ALL", "<own>", 1, "<null>", "Success"),
            ("all", "ALL", "<own>", 1, "", "Success"),
            ("all", "ALL", "D", 2, "d2", "Failure"),
        ])
        assert got == want, got
        s = {r["call_target_id"]: r for r in q(c, "SELECT * FROM summary")}
        assert (s["T1"]["requests"], s["T1"]["success"], s["T1"]["success_rate"]) == (4, 2, 0.5), s["T1"]
        assert (s["T2"]["requests"], s["T2"]["success"]) == (2, 0), s["T2"]
        assert (s["ALL"]["attempts"], s["ALL"]["requests"], s["ALL"]["success"]) == (11, 5, 2), s["ALL"]
        assert s["T1"]["retries"] == 3 and s["T2"]["retries"] == 1, s
        same_as_report(c)

    @test
    def summary_names_order_and_figures():
        c = write_cache(os.path.join(work, "names"), {
            "20240101/01.json": body(
                rec(id='"1"', callTargetId='"b"', callTargetName='"Zed"', type='"asap"',
                    actualCallbackTime="10", punctuality="5", wasPunctual="true",
                    estimatePercentAccuracy="0.5", agentDelay="3", outcome='"Success"',
                    talkDuration="0", agentBusy="true", customerBusy="true", duplicateCallback="true",
                    outsideHours="true", nextDayCallbackOffered="true", nextDayCallbackScheduled="false"),
                rec(id='"2"', callTargetId='"b"', callTargetName='"Alpha"', type='"ASAP"',
                    actualCallbackTime="20", retryAttempt="1", wasPunctual="false", agentDelay="100",
                    outcome='"success"', talkDuration="60", priorityQueueTimedOut="true"),
                rec(id='"3"', callTargetId='"a"', callTargetName='"\\u00e9"', type='"scheduled"'),
                rec(id='"4"', callTargetId='"c"', callTargetName='"z"'),
                rec(id='"5"', callTargetId='""', callTargetName='"Named"'),
                rec(id='"6"', callTargetId="null"),
                rec(id='"7"', callTargetId='"d"', callTargetName='"z"'),
            ),
            "20240101/02.json": body(
                rec(id='"8"', callTargetId='"b"', callTargetName='""', actualCallbackTime="30",
                    retryAttempt="0", talkDuration="-4", punctuality="-1"),
                rec(id='"9"', callTargetId='"b"', actualCallbackTime="40", retryAttempt="-2"),
                rec(id='"10"', callTargetId='"e"', callTargetName='" "'),
                rec(id='"11"', callTargetId='"f"'),
            ),
        })
        rows = q(c, "SELECT * FROM summary")
        order = [(r["call_target_id"], r["call_target_name"]) for r in rows]
        assert order == [("f", ""), ("e", " "), ("b", "Alpha"), ("", "Unassigned"), ("c", "z"),
                         ("d", "z"), ("a", "\u00e9"), ("ALL", "All call targets")], order
        b = rows[2]
        want = {"attempts": 4, "asap": 1, "scheduled": 0, "retries": 1,
                "response_mean_s": 26.67, "response_p50_s": 30.0, "response_p90_s": 40.0,
                "punctuality_mean_s": 2.0, "on_time_rate": 0.5, "ecbt_accuracy_mean": 0.5,
                "hold_mean_s": 3.0, "talk_mean_s": 60.0, "talk_total_s": 56.0,
                "agent_leg_failures": 2, "customer_leg_failures": 1, "duplicates": 1,
                "outside_hours": 1, "next_day_offered": 1, "next_day_scheduled": 0}
        for k, v in want.items():
            assert b[k] == v, (k, b[k], v)
        f = rows[0]
        for k in ("response_mean_s", "response_p50_s", "on_time_rate", "hold_mean_s", "talk_mean_s"):
            assert f[k] is None, (k, f)
        assert f["talk_total_s"] == 0 and f["success_rate"] == 0, f
        assert rows[-1]["attempts"] == 11 and rows[-1]["scheduled"] == 1, rows[-1]
        same_as_report(c)

    @test
    def percentiles_are_nearest_rank():
        recs = [rec(id='"%d"' % i, callTargetId='"T"', actualCallbackTime=str(v))
                for i, v in enumerate([50, 10, 40, 20, 30, 60, 70, 80, 90, 100])]
        c = write_cache(os.path.join(work, "pct"), {"20240101/01.json": body(*recs[:4]),
                                                    "20240101/02.json": body(*recs)})
        rows = q(c, "SELECT response_p50_s, response_p90_s FROM summary WHERE call_target_id = 'T'")
        assert (rows[0]["response_p50_s"], rows[0]["response_p90_s"]) == (50.0, 90.0), rows
        c = write_cache(os.path.join(work, "pct4"), {"20240101/01.json": body(*recs[:4])})
        rows = q(c, "SELECT response_p50_s, response_p90_s FROM summary WHERE call_target_id = 'T'")
        assert (rows[0]["response_p50_s"], rows[0]["response_p90_s"]) == (20.0, 50.0), rows
        same_as_report(c)

    return tests


# ----------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", choices=["duckdb", "spark", "all"], default="all")
    ap.add_argument("--binary", default=os.environ.get("MINDFUL_REPORT_BIN",
                                                      os.path.join(ROOT, ".build", "debug", "mindful-report")))
    ap.add_argument("-k", default="", help="run only tests whose name contains this")
    ap.add_argument("-v", action="store_true", help="print each test as it runs")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args(argv)

    work = tempfile.mkdtemp(prefix="mindful-sql-")
    passed = failed = 0

    def record(name, fn):
        nonlocal passed, failed
        if a.k and a.k not in name:
            return
        started = time.monotonic()
        try:
            fn()
        except Exception:
            failed += 1
            print("FAIL %s" % name)
            print("    " + traceback.format_exc().strip().replace("\n", "\n    "))
        else:
            passed += 1
            if a.v:
                print("ok   %s (%.1f s)" % (name, time.monotonic() - started))
        sys.stdout.flush()

    try:
        cases = []
        try:
            if not a.k or "summary.csv" in a.k or "hostile" in a.k or "sample" in a.k:
                cases = build_report_cases(a.binary, work)
        except Exception:
            failed += 1
            print("FAIL building the caches and reports")
            print("    " + traceback.format_exc().strip().replace("\n", "\n    "))
        engines = ["duckdb", "spark"] if a.engine == "all" else [a.engine]
        for name in engines:
            try:
                engine = DuckDBEngine() if name == "duckdb" else SparkEngine()
            except Exception:
                failed += 1
                print("FAIL starting %s" % name)
                print("    " + traceback.format_exc().strip().replace("\n", "\n    "))
                continue
            try:
                for case in cases:
                    if name == "spark" and not case.spark:
                        continue

                    def check(case=case, engine=engine):
                        view = engine.query(case.cache, "SELECT * FROM summary", case.labels)
                        problems = compare_summary(case.summary, view)
                        assert not problems, "summary differs from the report's summary.csv:\n" + \
                            "\n".join(problems[:40])
                        assert len(view) >= 2, view
                    record("%s: summary equals the report's summary.csv (%s)" % (name, case.name), check)
                for tname, fn in known_answer_tests(engine, os.path.join(work, name), a.binary):
                    record("%s: %s" % (name, tname), fn)
            finally:
                engine.close()
    finally:
        if a.keep:
            print("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
