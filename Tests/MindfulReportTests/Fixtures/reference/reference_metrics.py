#!/usr/bin/env python3
"""Independent reference implementation of the mindful-report metrics contract (the rules the
repository's README states under "Hours, time zones and the cache" and "Metric definitions"),
written from the contract's text only, not from the Swift sources. Python 3.9+, stdlib only.

usage: reference_metrics.py CACHE_DIR FROM TO TIMEZONE OUT_DIR [--hour-labels end|start]
                            [--empty-id-dedup yes|no]

Writes OUT_DIR/summary.csv, outcomes.csv, daily.csv (the required columns, in order) plus
OUT_DIR/reference_meta.json (missing hours, counters, unrounded figures) for diagnostics.
See README.md in this folder for the decisions taken where the contract is silent.
"""
import argparse
import datetime as dt
import json
import math
import os
import sys
from fractions import Fraction
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
HOUR = dt.timedelta(hours=1)

# JSON types of every documented field (from the API's example record; fields whose example value
# is null take the type their description implies).
NUMBER_FIELDS = {
    "activeDuration", "actualCallbackTime", "agentDelay", "agentWaitDuration", "customerDelay",
    "customerWaitDuration", "estimatedCallbackTime", "estimatePercentAccuracy", "punctuality",
    "registrationDuration", "retryAttempt", "talkDuration", "waitlistDelay",
}
BOOL_FIELDS = {
    "agentBusy", "agentHangup", "agentLegError", "agentLegRejected", "agentLegTimeout",
    "choseToHold", "customerBusy", "customerHangup", "customerLegError", "customerLegRejected",
    "customerLegTimeout", "customerRescheduled", "disconnectRescue", "duplicateCallback",
    "earlyHangup", "endOfBusinessDay", "hasRetry", "leaveVoicemail", "maxEcbtExceeded",
    "maxScheduledCallsExceeded", "maxTollRateExceeded", "nextDayCallbackOffered",
    "nextDayCallbackScheduled", "outsideHours", "priorityQueueTimedOut", "systemHangup",
    "wasPunctual",
}
STRING_FIELDS = {
    "ani", "callTargetId", "callTargetName", "createdAt", "endedAt", "estimatedFor",
    "firstPartyCalled", "id", "originalId", "outcome", "phoneNumber", "processedAt",
    "segmentName", "source", "type",
}
OBJECT_FIELDS = {"metadata"}

AGENT_FAIL = ("agentBusy", "agentLegError", "agentLegRejected", "agentLegTimeout",
              "priorityQueueTimedOut")
CUSTOMER_FAIL = ("customerBusy", "customerLegError", "customerLegRejected", "customerLegTimeout")

SUMMARY_COLUMNS = [
    "call_target_id", "call_target_name", "attempts", "requests", "success", "success_rate",
    "asap", "scheduled", "retries", "response_mean_s", "response_p50_s", "response_p90_s",
    "punctuality_mean_s", "on_time_rate", "ecbt_accuracy_mean", "hold_mean_s", "talk_mean_s",
    "talk_total_s", "agent_leg_failures", "customer_leg_failures", "duplicates",
    "outside_hours", "next_day_offered", "next_day_scheduled",
]
OUTCOME_COLUMNS = ["call_target_id", "outcome", "attempts", "final_requests"]
DAILY_COLUMNS = ["local_date", "call_target_id", "attempts", "success_attempts",
                 "response_mean_s"]

ALL_ID = "ALL"
ALL_NAME = "All call targets"
UNASSIGNED_NAME = "Unassigned"


# ----------------------------------------------------------------------------------------------
# Typing helpers
def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def type_ok(field, v):
    """True if v (not None) has the field's JSON type (a number out of the range of a double,
    even inside an object, makes it of the wrong type)."""
    if holds_out_of_range(v):
        return field not in (NUMBER_FIELDS | BOOL_FIELDS | STRING_FIELDS | OBJECT_FIELDS)
    if field in NUMBER_FIELDS:
        return is_number(v)
    if field in BOOL_FIELDS:
        return isinstance(v, bool)
    if field in STRING_FIELDS:
        return isinstance(v, str)
    if field in OBJECT_FIELDS:
        return isinstance(v, dict)
    return True  # unknown field: ignored


def exact(v):
    """Exact rational value of a JSON number (floats are taken at their exact binary value)."""
    return Fraction(v)


# ----------------------------------------------------------------------------------------------
# Strict JSON hour files
def _reject_constant(name):
    raise ValueError("non-standard JSON constant %s" % name)


class OutOfRange:
    """A JSON number a double cannot hold: it overflows (1e400) or non-zero digits round to zero
    (1e-400). Valid JSON; the field holding it has the wrong type."""


OUT_OF_RANGE = OutOfRange()


def _strict_float(text):
    f = float(text)
    if not math.isfinite(f):
        return OUT_OF_RANGE
    if f == 0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        return OUT_OF_RANGE
    return f


def _strict_int(text):
    # Python keeps any integer exactly; a double cannot hold one past its range (310+ digits).
    return int(text) if math.isfinite(float(text)) else OUT_OF_RANGE


def holds_out_of_range(v):
    if v is OUT_OF_RANGE:
        return True
    if isinstance(v, dict):
        return any(holds_out_of_range(x) for x in v.values())
    if isinstance(v, list):
        return any(holds_out_of_range(x) for x in v)
    return False


def _replace_surrogates(v):
    """Lone surrogates can only come from \\uXXXX escapes (strict UTF-8 has none, and json joins
    valid pairs): each reads as U+FFFD, in keys and values alike."""
    if isinstance(v, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in v)
    if isinstance(v, dict):
        return {_replace_surrogates(k): _replace_surrogates(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_replace_surrogates(x) for x in v]
    return v


def load_hour(path):
    """Return the hour's `data` list, or None when the hour is missing (absent file, not strict
    JSON, BOM, not UTF-8, or no `data` array)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return None
    except OSError:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        text = raw.decode("utf-8", errors="strict")
        doc = _replace_surrogates(json.loads(text, parse_constant=_reject_constant, parse_float=_strict_float,
                                             parse_int=_strict_int))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(doc, dict):
        return None
    data = doc.get("data")
    if not isinstance(data, list):
        return None
    return data


# ----------------------------------------------------------------------------------------------
# Range and time zone
def first_instant(day, tz):
    """First UTC instant whose local date (in tz) is >= day. Handles nonexistent and repeated
    local midnights: the day starts at its first instant."""
    naive = dt.datetime(day.year, day.month, day.day)
    lo = (naive - dt.timedelta(hours=30)).replace(tzinfo=UTC)

    def local_date(t):
        return t.astimezone(tz).date()

    # coarse scan in 5-minute steps, then bisect to the second
    t = lo
    step = dt.timedelta(minutes=5)
    prev = None
    for _ in range(12 * 60):
        if local_date(t) >= day:
            break
        prev = t
        t += step
    else:
        raise RuntimeError("could not locate start of %s in %s" % (day, tz))
    if prev is None:
        raise RuntimeError("scan window too late for %s" % day)
    a = int(prev.timestamp())
    b = int(t.timestamp())
    while b - a > 1:
        m = (a + b) // 2
        if local_date(dt.datetime.fromtimestamp(m, UTC)) >= day:
            b = m
        else:
            a = m
    return dt.datetime.fromtimestamp(b, UTC)


def covered_hours(d_from, d_to, tz):
    """List of (utc_hour_start, local_date) for every UTC hour whose start lies in
    [first_instant(from), first_instant(to+1)); each hour belongs to the local day d with
    first_instant(d) <= start < first_instant(d+1)."""
    days = []
    d = d_from
    while d <= d_to:
        days.append(d)
        d += dt.timedelta(days=1)
    bounds = [first_instant(x, tz) for x in days] + [first_instant(d_to + dt.timedelta(days=1), tz)]
    start = bounds[0]
    h = start.replace(minute=0, second=0, microsecond=0)
    if h < start:
        h += HOUR
    out = []
    di = 0
    while h < bounds[-1]:
        while h >= bounds[di + 1]:
            di += 1
        out.append((h, days[di]))
        h += HOUR
    return days, out


def hour_path(cache, h, labels):
    if labels == "end":
        return os.path.join(cache, h.strftime("%Y%m%d"), "%02d.json" % (h.hour + 1))
    return os.path.join(cache, h.strftime("%Y%m%d"), "%02d.json" % h.hour)


# ----------------------------------------------------------------------------------------------
# Formatting
def round_half_away(x, places):
    """Exact rational x rounded to `places` decimals, ties away from zero -> Fraction."""
    scale = 10 ** places
    y = x * scale
    sign = -1 if y < 0 else 1
    y = abs(y)
    n = y.numerator // y.denominator
    rem = y - n
    if rem * 2 >= 1:
        n += 1
    return Fraction(sign * n, scale)


def fmt_dec(x, places):
    if x is None:
        return ""
    r = round_half_away(Fraction(x), places)
    if r == 0:
        return "0"
    neg = r < 0
    r = abs(r)
    scale = 10 ** places
    units = r * scale
    assert units.denominator == 1
    units = units.numerator
    ip, fp = divmod(units, scale)
    s = str(ip)
    if places:
        frac = str(fp).rjust(places, "0").rstrip("0")
        if frac:
            s += "." + frac
    return ("-" if neg else "") + s


def fmt_rate(x):
    return fmt_dec(x, 4)


def fmt_secs(x):
    return fmt_dec(x, 2)


def clean_text(s):
    # lone surrogates (possible via \ud800 escapes) cannot be encoded in UTF-8: U+FFFD
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def text_cell(s):
    s = clean_text(s)
    if s and s[0] in "=+-@\t\r":
        s = "'" + s
    return s


def csv_field(v):
    if isinstance(v, bool):
        raise TypeError("bool in CSV")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Num):
        s = v.s
    else:
        s = text_cell(v)
    if any(c in s for c in ',"\r\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


class Num:
    """Already formatted number (written bare, no formula guard)."""

    def __init__(self, s):
        self.s = s


def write_csv(path, header, rows):
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(csv_field(v) for v in row))
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(b"\xef\xbb\xbf" + data)


# ----------------------------------------------------------------------------------------------
# Metrics
def percentile(sorted_vals, p):
    n = len(sorted_vals)
    if n == 0:
        return None
    k = max(1, -(-(p * n) // 100))  # ceil(p*n/100), at least 1
    return sorted_vals[k - 1]


def mean(vals):
    if not vals:
        return None
    return sum(vals, Fraction(0)) / len(vals)


class Group:
    def __init__(self, gid):
        self.gid = gid
        self.name = ""
        self.name_seq = None
        self.attempts = 0
        self.requests = {}  # key -> (retry_value, seq, outcome)
        self.asap = 0
        self.scheduled = 0
        self.retries = 0
        self.response = []
        self.punctuality = []
        self.punct_true = 0
        self.punct_known = 0
        self.ecbt = []
        self.hold = []
        self.talk_pos = []
        self.talk_total = Fraction(0)
        self.agent_fail = 0
        self.customer_fail = 0
        self.duplicates = 0
        self.outside = 0
        self.nd_offered = 0
        self.nd_scheduled = 0
        self.attempt_outcomes = {}

    def add(self, r, req_key):
        self.attempts += 1
        if r["callTargetName"]:  # latest non-empty name (records arrive in seq order)
            self.name = r["callTargetName"]
        cand = (r["retry_value"], r["seq"], r["outcome_norm"])
        cur = self.requests.get(req_key)
        if cur is None or (cand[0], cand[1]) > (cur[0], cur[1]):
            self.requests[req_key] = cand
        if r["type"] == "asap":
            self.asap += 1
        if r["type"] == "scheduled":
            self.scheduled += 1
        ra = r["retryAttempt"]
        if ra is not None and ra > 0:
            self.retries += 1
        if r["first_attempt"] and r["actualCallbackTime"] is not None:
            self.response.append(exact(r["actualCallbackTime"]))
        if r["punctuality"] is not None:
            self.punctuality.append(exact(r["punctuality"]))
        if r["wasPunctual"] is not None:
            self.punct_known += 1
            if r["wasPunctual"] is True:
                self.punct_true += 1
        if r["estimatePercentAccuracy"] is not None:
            self.ecbt.append(exact(r["estimatePercentAccuracy"]))
        if r["outcome"] == "Success" and r["agentDelay"] is not None:
            self.hold.append(exact(r["agentDelay"]))
        td = r["talkDuration"]
        if td is not None:
            self.talk_total += exact(td)
            if td > 0:
                self.talk_pos.append(exact(td))
        if any(r[f] is True for f in AGENT_FAIL):
            self.agent_fail += 1
        if any(r[f] is True for f in CUSTOMER_FAIL):
            self.customer_fail += 1
        if r["duplicateCallback"] is True:
            self.duplicates += 1
        if r["outsideHours"] is True:
            self.outside += 1
        if r["nextDayCallbackOffered"] is True:
            self.nd_offered += 1
        if r["nextDayCallbackScheduled"] is True:
            self.nd_scheduled += 1
        o = r["outcome_norm"]
        self.attempt_outcomes[o] = self.attempt_outcomes.get(o, 0) + 1

    def final_outcomes(self):
        out = {}
        for (_, _, o) in self.requests.values():
            out[o] = out.get(o, 0) + 1
        return out

    def figures(self):
        resp = sorted(self.response)
        nreq = len(self.requests)
        success = sum(1 for v in self.requests.values() if v[2] == "Success")
        return {
            "attempts": self.attempts,
            "requests": nreq,
            "success": success,
            "success_rate": Fraction(success, nreq) if nreq else None,
            "asap": self.asap,
            "scheduled": self.scheduled,
            "retries": self.retries,
            "response_mean_s": mean(resp),
            "response_p50_s": percentile(resp, 50),
            "response_p90_s": percentile(resp, 90),
            "punctuality_mean_s": mean(self.punctuality),
            "on_time_rate": Fraction(self.punct_true, self.punct_known) if self.punct_known else None,
            "ecbt_accuracy_mean": mean(self.ecbt),
            "hold_mean_s": mean(self.hold),
            "talk_mean_s": mean(self.talk_pos),
            "talk_total_s": self.talk_total,
            "agent_leg_failures": self.agent_fail,
            "customer_leg_failures": self.customer_fail,
            "duplicates": self.duplicates,
            "outside_hours": self.outside,
            "next_day_offered": self.nd_offered,
            "next_day_scheduled": self.nd_scheduled,
        }


RATE_COLS = {"success_rate", "on_time_rate", "ecbt_accuracy_mean"}
SECS_COLS = {"response_mean_s", "response_p50_s", "response_p90_s", "punctuality_mean_s",
             "hold_mean_s", "talk_mean_s", "talk_total_s"}


def cell(col, v):
    if col in RATE_COLS:
        return Num(fmt_rate(v))
    if col in SECS_COLS:
        return Num(fmt_secs(v))
    return v


def normalise(rec, counters):
    """Typed view of a record: wrong-typed fields become None (and are counted)."""
    out = {}
    for f in NUMBER_FIELDS | BOOL_FIELDS | STRING_FIELDS | OBJECT_FIELDS:
        v = rec.get(f)
        if v is not None and not type_ok(f, v):
            counters["wrong_typed_fields"] += 1
            counters["wrong_typed_by_field"][f] = counters["wrong_typed_by_field"].get(f, 0) + 1
            v = None
        out[f] = v
    return out


def run(cache, d_from, d_to, tzname, out_dir, labels="end", empty_id_dedup=True):
    tz = ZoneInfo(tzname)
    days, hours = covered_hours(d_from, d_to, tz)
    counters = {"wrong_typed_fields": 0, "wrong_typed_by_field": {}, "non_object_elements": 0,
                "duplicates_dropped": 0, "elements_read": 0}
    missing = []
    hours_read = 0
    # Pass 1: read everything (this is a reference, not a streaming implementation).
    records = []  # in processing order: hour ascending, then file order
    for hi, (h, local_day) in enumerate(hours):
        data = load_hour(hour_path(cache, h, labels))
        if data is None:
            missing.append(os.path.relpath(hour_path(cache, h, labels), cache).replace(os.sep, "/"))
            continue
        hours_read += 1
        for pos, el in enumerate(data):
            counters["elements_read"] += 1
            if not isinstance(el, dict):
                counters["non_object_elements"] += 1
                continue
            r = normalise(el, counters)
            r["seq"] = (hi, pos)
            r["local_date"] = local_day
            r["hour_utc"] = h
            records.append(r)
    # Dedup by id: latest hour wins, then last in file order. null id: never deduplicated.
    keep = [True] * len(records)
    last_by_id = {}
    for i, r in enumerate(records):
        rid = r["id"]
        if rid is None or (rid == "" and not empty_id_dedup):
            continue
        if rid in last_by_id:
            keep[last_by_id[rid]] = False
            counters["duplicates_dropped"] += 1
        last_by_id[rid] = i
    kept = [r for i, r in enumerate(records) if keep[i]]

    groups = {}
    all_group = Group(ALL_ID)
    daily = {}  # (date, gid) -> [attempts, success_attempts, response values]
    own = 0
    for r in kept:
        gid = r["callTargetId"] if r["callTargetId"] else ""
        ra = r["retryAttempt"]
        r["retry_value"] = exact(ra) if ra is not None else Fraction(0)
        r["first_attempt"] = ra is None or ra <= 0
        o = r["outcome"]
        r["outcome_norm"] = o if isinstance(o, str) and o != "" else "Unknown"
        if r["originalId"]:
            key = ("k", r["originalId"])
        elif r["id"]:
            key = ("k", r["id"])
        else:
            own += 1
            key = ("own", own)
        g = groups.get(gid)
        if g is None:
            g = groups[gid] = Group(gid)
        g.add(r, key)
        all_group.add(r, key)
        for dk in ((r["local_date"], gid), (r["local_date"], None)):
            d = daily.setdefault(dk, [0, 0, []])
            d[0] += 1
            if r["outcome"] == "Success":
                d[1] += 1
            if r["first_attempt"] and r["actualCallbackTime"] is not None:
                d[2].append(exact(r["actualCallbackTime"]))
    if "" in groups:
        groups[""].name = UNASSIGNED_NAME
    all_group.name = ALL_NAME

    ordered = sorted(groups.values(), key=lambda g: (g.name, g.gid))
    os.makedirs(out_dir, exist_ok=True)

    raw = {"summary": [], "daily": []}
    rows = []
    for g in ordered + [all_group]:
        fig = g.figures()
        rows.append([g.gid, g.name] + [cell(c, fig[c]) for c in SUMMARY_COLUMNS[2:]])
        raw["summary"].append(dict({"call_target_id": g.gid, "call_target_name": g.name},
                                   **{k: (float(v) if isinstance(v, Fraction) else v)
                                      for k, v in fig.items()}))
    write_csv(os.path.join(out_dir, "summary.csv"), SUMMARY_COLUMNS, rows)

    rows = []
    for g in ordered + [all_group]:
        att = g.attempt_outcomes
        fin = g.final_outcomes()
        for o in sorted(set(att) | set(fin)):
            rows.append([g.gid, o, att.get(o, 0), fin.get(o, 0)])
    write_csv(os.path.join(out_dir, "outcomes.csv"), OUTCOME_COLUMNS, rows)

    rows = []
    for day in days:
        ds = day.isoformat()
        for g in ordered:
            d = daily.get((day, g.gid))
            if d:
                m = mean(d[2])
                rows.append([Num(ds), g.gid, d[0], d[1], Num(fmt_secs(m))])
                raw["daily"].append([ds, g.gid, d[0], d[1], None if m is None else float(m)])
        d = daily.get((day, None), [0, 0, []])
        m = mean(d[2])
        rows.append([Num(ds), ALL_ID, d[0], d[1], Num(fmt_secs(m))])
        raw["daily"].append([ds, ALL_ID, d[0], d[1], None if m is None else float(m)])
    write_csv(os.path.join(out_dir, "daily.csv"), DAILY_COLUMNS, rows)

    meta = {
        "from": d_from.isoformat(), "to": d_to.isoformat(), "timezone": tzname,
        "hour_labels": labels, "empty_id_dedup": empty_id_dedup,
        "hours_in_range": len(hours), "hours_read": hours_read, "missing_hours": missing,
        "records_read": len(records), "records_kept": len(kept),
        "complete": not missing,
    }
    meta.update(counters)
    meta["raw"] = raw
    with open(os.path.join(out_dir, "reference_meta.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cache")
    ap.add_argument("date_from")
    ap.add_argument("date_to")
    ap.add_argument("timezone")
    ap.add_argument("out_dir")
    ap.add_argument("--hour-labels", choices=["end", "start"], default="end")
    ap.add_argument("--empty-id-dedup", choices=["yes", "no"], default="yes",
                    help="whether records whose id is the empty string are deduplicated "
                         "against each other (default yes: only null ids are exempt)")
    a = ap.parse_args(argv)
    d_from = dt.date.fromisoformat(a.date_from)
    d_to = dt.date.fromisoformat(a.date_to)
    if d_to < d_from:
        ap.error("TO is before FROM")
    meta = run(a.cache, d_from, d_to, a.timezone, a.out_dir, a.hour_labels,
               a.empty_id_dedup == "yes")
    print("hours %d, read %d, missing %d; records %d kept %d; duplicates dropped %d; "
          "wrong-typed fields %d; non-object elements %d"
          % (meta["hours_in_range"], meta["hours_read"], len(meta["missing_hours"]),
             meta["records_read"], meta["records_kept"], meta["duplicates_dropped"],
             meta["wrong_typed_fields"], meta["non_object_elements"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
