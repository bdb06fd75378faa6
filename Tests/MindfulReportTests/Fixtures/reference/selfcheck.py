#!/usr/bin/env python3
"""Hand-verified known-answer check of reference_metrics.py (run: python3 selfcheck.py).

Every expected figure below was worked out by hand from the metric definitions (the README's
"Metric definitions"); see the comments."""
import datetime as dt
import os
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_metrics as rm  # noqa: E402


def put(root, rel, text):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as fh:
        fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))


def lines(path):
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "BOM"
    text = raw[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "CRLF only"
    return text.split("\r\n")[:-1]


def check_tiny():
    cache = tempfile.mkdtemp(prefix="ref-tiny-")
    out = tempfile.mkdtemp(prefix="ref-tiny-out-")
    # 12:00Z -> label 13 (end labels): r1 (first attempt) and r2 (its retry)
    put(cache, "20230608/13.json", """{"data": [
 {"id": "a", "originalId": "a", "callTargetId": "5298", "callTargetName": "Calls test",
  "outcome": "Unavailable", "retryAttempt": 0, "actualCallbackTime": 10, "punctuality": 1,
  "wasPunctual": true, "estimatePercentAccuracy": 0.85, "agentDelay": 0, "talkDuration": null,
  "type": "asap", "agentBusy": false},
 {"id": "b", "originalId": "a", "callTargetId": "5298", "callTargetName": "",
  "outcome": "Success", "retryAttempt": 1, "actualCallbackTime": 100, "punctuality": -3,
  "wasPunctual": false, "estimatePercentAccuracy": 0.5, "agentDelay": 999, "talkDuration": 5,
  "type": "asap", "agentBusy": true}
]}""")
    # 13:00Z -> label 14: r3 (unassigned, wrong-typed wasPunctual), a later copy of "b" that wins
    # (renames the target, talkDuration 1e2, agentDelay 20.0), and a non-object element.
    put(cache, "20230608/14.json", """{"data": [
 {"id": "c", "originalId": null, "callTargetId": null, "callTargetName": "Ignored",
  "outcome": null, "retryAttempt": null, "actualCallbackTime": 30.0, "punctuality": 2,
  "wasPunctual": "yes", "talkDuration": 0, "type": "scheduled"},
 5,
 {"id": "b", "originalId": "a", "callTargetId": "5298", "callTargetName": "Renamed",
  "outcome": "Success", "retryAttempt": 1, "actualCallbackTime": 100, "punctuality": -3,
  "wasPunctual": false, "estimatePercentAccuracy": 0.5, "agentDelay": 20.0, "talkDuration": 1e2,
  "type": "asap", "agentBusy": true}
]}""")
    put(cache, "20230608/15.json", '{"data": [{"id": "x", "actualCallbackTime": NaN}]}')  # missing
    put(cache, "20230608/16.json", '{"data": null}')  # missing
    put(cache, "20230608/18.json", b'\xef\xbb\xbf{"data": [{"id": "bom"}]}')  # missing (BOM)
    # 16:00Z -> label 17: r4, null id, formula target, outcome a number, retryAttempt a boolean
    put(cache, "20230608/17.json", """{"data": [
 {"id": null, "originalId": null, "callTargetId": "=x", "callTargetName": "=Evil, \\"co\\"",
  "outcome": 7, "retryAttempt": true, "actualCallbackTime": false, "talkDuration": 12.5}
]}""")
    # an hour outside the range (2023-06-07 23:00Z -> 20230607/24) must be ignored
    put(cache, "20230607/24.json", '{"data": [{"id": "b", "outcome": "Canceled", "retryAttempt": 9}]}')
    # the next day (in range, no files at all) still gets its ALL daily row
    meta = rm.run(cache, dt.date(2023, 6, 8), dt.date(2023, 6, 9), "UTC", out)

    assert meta["hours_in_range"] == 48
    assert meta["hours_read"] == 3, meta
    assert "20230608/15.json" in meta["missing_hours"]
    assert "20230608/16.json" in meta["missing_hours"]
    assert "20230608/18.json" in meta["missing_hours"]
    assert meta["duplicates_dropped"] == 1
    assert meta["non_object_elements"] == 1
    # wrong-typed: wasPunctual "yes", outcome 7, retryAttempt true, actualCallbackTime false
    assert meta["wrong_typed_fields"] == 4, meta["wrong_typed_by_field"]

    # Rows: names "=Evil..." (U+003D) < "Renamed" < "Unassigned", then ALL.
    # 5298: records r1, b(13:00 copy). One request "a"; final = retry 1 -> Success.
    #   response over first attempts = [10]; punctuality (1-3)/2 = -1; on time 1/2;
    #   ecbt (0.85+0.5)/2 = 0.675; hold = agentDelay of Success records = [20];
    #   talk > 0 = [100] (r1 null); agent leg failures = 1 (b's agentBusy).
    # "": r3 only. Request "c" (id fallback), final outcome Unknown (null). response [30];
    #   punctuality 2; on_time empty (wasPunctual wrong type -> null); talk 0 -> mean empty,
    #   total 0.
    # =x: r4 only. Own request, outcome 7 -> Unknown; retryAttempt true -> null -> first attempt;
    #   actualCallbackTime false -> null, so no response values; talk 12.5.
    # ALL: 4 attempts, requests {a, c, own} = 3, success 1 -> 0.3333; response [10, 30]:
    #   mean 20, p50 = rank ceil(1.0)=1 -> 10, p90 = rank ceil(1.8)=2 -> 30;
    #   punctuality (1-3+2)/3 = 0; talk>0 [100, 12.5] mean 56.25, total 112.5.
    summary = lines(os.path.join(out, "summary.csv"))
    assert summary[0] == ",".join(rm.SUMMARY_COLUMNS)
    expect = [
        "'=x,\"'=Evil, \"\"co\"\"\",1,1,0,0,0,0,0,,,,,,,,12.5,12.5,0,0,0,0,0,0",
        "5298,Renamed,2,1,1,1,2,0,1,10,10,10,-1,0.5,0.675,20,100,100,1,0,0,0,0,0",
        ",Unassigned,1,1,0,0,0,1,0,30,30,30,2,,,,,0,0,0,0,0,0,0",
        "ALL,All call targets,4,3,1,0.3333,2,1,1,20,10,30,0,0.5,0.675,20,56.25,112.5,1,0,0,0,0,0",
    ]
    assert summary[1:] == expect, "\n".join(summary[1:])

    outcomes = lines(os.path.join(out, "outcomes.csv"))
    assert outcomes == [
        "call_target_id,outcome,attempts,final_requests",
        "'=x,Unknown,1,1",
        "5298,Success,1,1",
        "5298,Unavailable,1,0",  # an attempt outcome that is no request's final outcome
        ",Unknown,1,1",
        "ALL,Success,1,1",
        "ALL,Unavailable,1,0",
        "ALL,Unknown,2,2",
    ], outcomes

    daily = lines(os.path.join(out, "daily.csv"))
    assert daily == [
        "local_date,call_target_id,attempts,success_attempts,response_mean_s",
        "2023-06-08,'=x,1,0,",
        "2023-06-08,5298,2,1,10",
        "2023-06-08,,1,0,30",
        "2023-06-08,ALL,4,1,20",
        "2023-06-09,ALL,0,0,",
    ], daily

    # Same cache, but empty-string ids: two records with id "" in one file.
    put(cache, "20230609/01.json", """{"data": [
 {"id": "", "originalId": "", "callTargetId": "", "outcome": ""},
 {"id": "", "originalId": "", "callTargetId": "", "outcome": "Success"}
]}""")
    m1 = rm.run(cache, dt.date(2023, 6, 9), dt.date(2023, 6, 9), "UTC", out)
    assert m1["records_kept"] == 1 and m1["duplicates_dropped"] == 1
    m2 = rm.run(cache, dt.date(2023, 6, 9), dt.date(2023, 6, 9), "UTC", out, empty_id_dedup=False)
    assert m2["records_kept"] == 2 and m2["duplicates_dropped"] == 0
    # with empty ids kept apart, each record is a request of its own (no id, no originalId)
    s = lines(os.path.join(out, "summary.csv"))
    assert s[-1].startswith("ALL,All call targets,2,2,1,0.5,"), s[-1]
    print("tiny known-answer case: ok")


def check_retry_ties():
    cache = tempfile.mkdtemp(prefix="ref-ties-")
    out = tempfile.mkdtemp(prefix="ref-ties-out-")
    # request "q": retry 2 in hour 01 (last in file), retry 2.0 in hour 00, retry 1e0 in hour 02.
    # Highest retryAttempt is 2; tie between hour 00 and hour 01 -> hour 01 wins -> Canceled.
    put(cache, "20230101/01.json", '{"data": [{"id": "q1", "originalId": "q", "retryAttempt": 2.0, '
        '"outcome": "Success"}]}')
    put(cache, "20230101/02.json", '{"data": [{"id": "q2", "originalId": "q", "retryAttempt": 2, '
        '"outcome": "Abandoned"}, {"id": "q3", "originalId": "q", "retryAttempt": 2, '
        '"outcome": "Canceled"}]}')
    put(cache, "20230101/03.json", '{"data": [{"id": "q4", "originalId": "q", "retryAttempt": 1e0, '
        '"outcome": "Success"}, {"id": "q0", "originalId": "q", "retryAttempt": -1, '
        '"outcome": "Success"}]}')
    rm.run(cache, dt.date(2023, 1, 1), dt.date(2023, 1, 1), "UTC", out)
    o = lines(os.path.join(out, "outcomes.csv"))
    assert ",".join(["ALL", "Canceled", "1", "1"]) in o, o
    assert ",".join(["ALL", "Success", "3", "0"]) in o, o
    s = lines(os.path.join(out, "summary.csv"))
    # 5 attempts, 1 request, 0 success; retries = 4 (2.0, 2, 2, 1e0; -1 is a first attempt)
    assert s[-1].startswith("ALL,All call targets,5,1,0,0,0,0,4,"), s[-1]
    print("retry tie-break: ok")


def check_range_and_labels():
    ny = ZoneInfo("America/New_York")
    days, hours = rm.covered_hours(dt.date(2023, 3, 12), dt.date(2023, 3, 12), ny)
    assert len(hours) == 23
    assert hours[0][0] == dt.datetime(2023, 3, 12, 5, tzinfo=dt.timezone.utc)
    assert hours[-1][0] == dt.datetime(2023, 3, 13, 3, tzinfo=dt.timezone.utc)
    days, hours = rm.covered_hours(dt.date(2023, 11, 5), dt.date(2023, 11, 5), ny)
    assert len(hours) == 25
    # half-hour zone: the day starts at 18:30Z, so the first whole UTC hour is 19:00Z
    days, hours = rm.covered_hours(dt.date(2023, 1, 1), dt.date(2023, 1, 1), ZoneInfo("Asia/Kolkata"))
    assert hours[0][0] == dt.datetime(2022, 12, 31, 19, tzinfo=dt.timezone.utc)
    assert hours[-1][0] == dt.datetime(2023, 1, 1, 18, tzinfo=dt.timezone.utc)
    assert len(hours) == 24
    # local midnight that does not exist (Santiago, 2023-09-03 00:00 -> 01:00): starts at 04:00Z
    assert rm.first_instant(dt.date(2023, 9, 3), ZoneInfo("America/Santiago")) == \
        dt.datetime(2023, 9, 3, 4, tzinfo=dt.timezone.utc)
    h = dt.datetime(2023, 3, 12, 23, tzinfo=dt.timezone.utc)
    assert rm.hour_path("C", h, "end") == os.path.join("C", "20230312", "24.json")
    assert rm.hour_path("C", h, "start") == os.path.join("C", "20230312", "23.json")
    h = dt.datetime(2023, 3, 12, 0, tzinfo=dt.timezone.utc)
    assert rm.hour_path("C", h, "end") == os.path.join("C", "20230312", "01.json")
    print("range and labels: ok")


def check_formatting():
    from fractions import Fraction as F
    assert rm.fmt_rate(F(8123, 10000)) == "0.8123"
    assert rm.fmt_rate(F(2, 3)) == "0.6667"
    assert rm.fmt_secs(12.5) == "12.5"
    assert rm.fmt_secs(40) == "40"
    assert rm.fmt_secs(F(-1, 1000)) == "0"  # -0.001 rounds to zero: written "0", not "-0"
    assert rm.fmt_secs(F(5, 8)) == "0.63"  # exact tie: half away from zero (documented choice)
    assert rm.fmt_secs(None) == ""
    assert rm.fmt_secs(1234567) == "1234567"
    assert rm.csv_field("@x") == "'@x"
    assert rm.csv_field("\tx") == "'\tx"
    assert rm.csv_field("a\nb") == '"a\nb"'
    assert rm.csv_field("\rb") == "\"'\rb\""
    assert rm.csv_field("x-1") == "x-1"
    print("formatting: ok")


def check_cli_and_generator():
    tmp = tempfile.mkdtemp(prefix="ref-cli-")
    cache, out = os.path.join(tmp, "cache"), os.path.join(tmp, "out")
    py = sys.executable
    subprocess.run([py, os.path.join(HERE, "make_hostile_cache.py"), cache, "1"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([py, os.path.join(HERE, "reference_metrics.py"), cache, "2023-03-11",
                    "2023-03-13", "America/New_York", out], check=True, stderr=subprocess.DEVNULL)
    for f in ("summary.csv", "outcomes.csv", "daily.csv"):
        assert os.path.getsize(os.path.join(out, f)) > 3
    d = lines(os.path.join(out, "daily.csv"))
    assert [x.split(",")[0] for x in d if ",ALL," in x] == ["2023-03-11", "2023-03-12", "2023-03-13"]
    print("generator + CLI: ok")


if __name__ == "__main__":
    check_formatting()
    check_range_and_labels()
    check_tiny()
    check_retry_ties()
    check_cli_and_generator()
    print("selfcheck passed")
