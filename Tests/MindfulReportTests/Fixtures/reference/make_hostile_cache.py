#!/usr/bin/env python3
"""Write a small, adversarial Mindful hour cache (CACHE/YYYYMMDD/HH.json) for differential tests.

usage: make_hostile_cache.py OUT_DIR SEED [--hour-labels end|start]

The cache covers the local days 2023-03-11..2023-03-13 in America/New_York (spring-forward on
2023-03-12, so 24 + 23 + 24 = 71 UTC hours) plus one hour on each side outside the range. Files
are named by UTC date and hour label (default `end`: HH = UTC hour + 1, 01..24). Output is
deterministic for a given SEED (only `random.Random(SEED)` is used; no clock, no hashing).
Run the reference with:
    reference_metrics.py OUT_DIR 2023-03-11 2023-03-13 America/New_York REPORT_DIR
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys

UTC = dt.timezone.utc
TZ = "America/New_York"
FROM, TO = "2023-03-11", "2023-03-13"
# first and last UTC hour start of the range (EST -5 before 2023-03-12 07:00Z, EDT -4 after)
RANGE_START = dt.datetime(2023, 3, 11, 5, tzinfo=UTC)
RANGE_END = dt.datetime(2023, 3, 14, 4, tzinfo=UTC)  # exclusive


class Raw:
    """A JSON token written verbatim (lets us write 12.0, 1e2, -0.0, NaN ...)."""

    def __init__(self, text):
        self.text = text


def enc(v, rng):
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=rng.random() < 0.5)
    if isinstance(v, dict):
        return "{" + ",".join(enc(k, rng) + ":" + enc(x, rng) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(enc(x, rng) for x in v) + "]"
    return json.dumps(v)


TARGET_IDS = ["T1", "T2", "5298", "../../etc/passwd", "\u00e9", "e\u0301", "=cmd|' /C calc'!A0",
              "-42", " T1", "T1 ", "\u05e2\u05d1\u05e8\u05d9\u05ea", "\U0001F600"]
# values that must all end up in the unassigned group ""
UNASSIGNED_IDS = [None, "", Raw("5298"), Raw("true"), Raw("{}"), Raw("[]")]
NAMES = ['<b>A & B</b> "quoted" \'single\'', '=HYPERLINK("http://x","y")', "+SUM(A1:A2)",
         "-1 minus", "@mention", "\tleading tab", "line\nbreak", "cr\rinside", "Calls, test",
         "\U0001F4DE Support \U0001F600", "\u05e9\u05d9\u05e8\u05d5\u05ea \u202eRTL\u202c",
         "caf\u00e9", "cafe\u0301", "Sales", "Billing", "  spaced  "]
BAD_NAMES = [None, "", Raw("12"), Raw("false")]
OUTCOMES = ["Success", "Success", "Success", "Canceled", "Unavailable", "Not Completed",
            "Chose Hold", "Abandoned", "Unknown", "Failure", "Chose Messaging", "Text Scheduling"]
ODD_OUTCOMES = [None, "", "success", "Weird Outcome \u2603", "=1+1", Raw("5"), Raw("true"),
                Raw("{}"), " Success"]
NUMBER_TOKENS = ["0", "1", "12", "12.0", "1e2", "1E1", "-5", "3.25", "2.5e-1", "-0.0", "0.125",
                 "7", "30", "45.5", "600", "0.005", "1.005"]
BAD_NUMBERS = ["null", "true", "false", '"12"', '""', "[]", "{}"]
BOOL_FLAGS = ["agentBusy", "agentLegError", "agentLegRejected", "agentLegTimeout",
              "priorityQueueTimedOut", "customerBusy", "customerLegError", "customerLegRejected",
              "customerLegTimeout", "duplicateCallback", "outsideHours", "nextDayCallbackOffered",
              "nextDayCallbackScheduled", "agentHangup", "hasRetry"]


def num_token(rng, bad=0.12, null=0.12):
    x = rng.random()
    if x < null:
        return Raw("null")
    if x < null + bad:
        return Raw(rng.choice(BAD_NUMBERS))
    return Raw(rng.choice(NUMBER_TOKENS))


def bool_token(rng):
    x = rng.random()
    if x < 0.55:
        return Raw("false")
    if x < 0.8:
        return Raw("true")
    if x < 0.88:
        return Raw("null")
    return Raw(rng.choice(['"true"', "1", "0", '"false"']))


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.n = 0
        self.emitted = []  # (hour, record dict) of every record written so far
        self.requests = []  # originalIds used so far
        self.target_names = {}

    def new_id(self):
        self.n += 1
        return "r%04d" % self.n

    def target(self):
        rng = self.rng
        if rng.random() < 0.15:
            return rng.choice(UNASSIGNED_IDS), rng.choice(NAMES + BAD_NAMES)
        tid = rng.choice(TARGET_IDS)
        if tid not in self.target_names or rng.random() < 0.15:
            self.target_names[tid] = rng.choice(NAMES)
        name = self.target_names[tid] if rng.random() < 0.8 else rng.choice(BAD_NAMES + NAMES)
        return tid, name

    def record(self):
        rng = self.rng
        rec = {}
        # id
        x = rng.random()
        if x < 0.05:
            rid = None
        elif x < 0.08:
            rid = ""
        elif x < 0.10:
            rid = Raw(rng.choice(["17", "true", "{}"]))
        elif x < 0.12:
            rid = rng.choice(["\u00e9", "e\u0301"])
        else:
            rid = self.new_id()
        # request / retry chain
        x = rng.random()
        if x < 0.35 and self.requests:
            orig = rng.choice(self.requests)
            retry = Raw(rng.choice(["1", "2", "2", "1.0", "1e0", "3", "0.5", "null", "0", "-1",
                                    "true", '"2"']))
        else:
            y = rng.random()
            if y < 0.6:
                orig = rid if isinstance(rid, str) else None
            elif y < 0.75:
                orig = None
            elif y < 0.82:
                orig = ""
            elif y < 0.88:
                orig = Raw(rng.choice(["99", "false"]))
            else:
                orig = "o%04d" % rng.randrange(10000)
            retry = Raw(rng.choice(["0", "0", "0", "null", "-1", "0.0", "false", "1"]))
            if isinstance(orig, str) and orig:
                self.requests.append(orig)
        tid, name = self.target()
        outcome = rng.choice(OUTCOMES) if rng.random() < 0.8 else rng.choice(ODD_OUTCOMES)
        fields = [
            ("activeDuration", num_token(rng)),
            ("actualCallbackTime", num_token(rng)),
            ("agentDelay", num_token(rng)),
            ("ani", rng.choice(["13125551212", "+44 20 7946 0958", None, Raw("13125551212")])),
            ("callTargetId", tid),
            ("callTargetName", name),
            ("createdAt", "2023-03-12T06:30:00.000Z"),
            ("estimatePercentAccuracy", Raw(rng.choice(["0.85111", "1", "0", "-0.25", "1.5",
                                                        "null", "true", '"0.9"', "0.33333"]))),
            ("id", rid),
            ("metadata", rng.choice([{}, {"k": "v"}, {"nested": {"a": [1, 2]}}, Raw("null"),
                                     Raw('"not an object"'), Raw("[]")])),
            ("originalId", orig),
            ("outcome", outcome),
            ("phoneNumber", rng.choice(["+13307526714", "", None])),
            ("punctuality", num_token(rng)),
            ("retryAttempt", retry),
            ("talkDuration", num_token(rng)),
            ("type", rng.choice(["asap", "asap", "scheduled", "unknown", "ASAP", "", None,
                                 Raw("1")])),
            ("wasPunctual", bool_token(rng)),
            ("someFutureField", rng.choice([1, "x", None, {"y": 2}])),
        ]
        for f in BOOL_FLAGS:
            fields.append((f, bool_token(rng)))
        rng.shuffle(fields)
        # drop a few fields entirely (absent == null)
        for f, v in fields:
            if rng.random() < 0.06:
                continue
            rec[f] = v
        return rec

    def mutate_copy(self, rec):
        """A later copy of an existing record (same id), with some fields changed."""
        rng = self.rng
        c = dict(rec)
        if rng.random() < 0.5:
            c["outcome"] = rng.choice(OUTCOMES + ODD_OUTCOMES)
        if rng.random() < 0.3:
            tid, name = self.target()
            c["callTargetId"] = tid
            c["callTargetName"] = name
        if rng.random() < 0.4:
            c["actualCallbackTime"] = num_token(rng)
        if rng.random() < 0.3:
            c["retryAttempt"] = Raw(rng.choice(["0", "1", "2"]))
        return c

    def hour_records(self, h):
        rng = self.rng
        out = []
        for _ in range(rng.randrange(0, 9)):
            x = rng.random()
            if x < 0.12 and self.emitted:
                out.append(self.mutate_copy(rng.choice(self.emitted)[1]))
            elif x < 0.18 and out:
                # duplicate within the same file (maybe changed)
                src = rng.choice(out)
                if isinstance(src, dict):
                    out.append(self.mutate_copy(src) if rng.random() < 0.5 else dict(src))
            elif x < 0.22:
                out.append(Raw(rng.choice(["1", '"string"', "null", "[]", "true", "[{}]"])))
            else:
                out.append(self.record())
        for r in out:
            if isinstance(r, dict):
                self.emitted.append((h, r))
        return out


def path_for(root, h, labels):
    hh = h.hour + 1 if labels == "end" else h.hour
    return os.path.join(root, h.strftime("%Y%m%d"), "%02d.json" % hh)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def build(out_dir, seed, labels="end"):
    g = Gen(seed)
    rng = g.rng
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    hours = []
    h = RANGE_START
    while h < RANGE_END:
        hours.append(h)
        h += dt.timedelta(hours=1)
    assert len(hours) == 71
    # Fixed special hours (by index into the 71 in-range hours); index 1 (06:00Z 03-11) ...
    special = {
        3: "missing", 27: "missing", 50: "missing",
        8: b'{"data": null}',
        12: b'[{"id": "top-level-array", "outcome": "Success"}]',
        16: b'{"data": [{"id": "nan-file", "actualCallbackTime": NaN, "outcome": "Success"}]}',
        20: b'{"data": []}',
        24: b'\xef\xbb\xbf{"data": [{"id": "bom-file", "outcome": "Success"}]}',
        30: b'{"data": {"id": "data-is-object"}}',
        34: b'{"data": [{"id": "truncated", "outcome": "Succ',
        40: b'{"data": [{"id": "inf-file", "talkDuration": Infinity}]}',
        44: b'{"nodata": [{"id": "no-data-key"}]}',
        46: b'{"data": [{"id": "latin1-\xe9"}]}',  # not UTF-8
        # A surrogate encoded in UTF-8 (CESU-8): not UTF-8, the hour is missing.
        48: b'{"data": [{"id": "cesu-\xed\xa0\x80", "outcome": "Success"}]}',
        # Lone surrogate escapes read as U+FFFD (two target ids become one); numbers out of the
        # range of a double are fields of the wrong type (also inside metadata); the hour is kept.
        52: (b'{"data": [{"id": "lone-\\ud800", "callTargetId": "t-\\udc00", "callTargetName": "lone \\ud800 name",'
             b' "outcome": "Success", "talkDuration": 1e400, "actualCallbackTime": 30, "retryAttempt": 0},'
             b' {"id": "lone-\\udbff", "callTargetId": "t-\\udfff", "outcome": "Succ\\ud800ess", "agentDelay": -1e400,'
             b' "actualCallbackTime": 12, "metadata": {"x": [1e999]}, "retryAttempt": 1e-400},'
             b' {"id": "huge-int", "callTargetId": "t-\\ud83d\\ude00", "retryAttempt": 123.456e-789, "talkDuration": 1'
             + b"0" * 400 + b', "outcome": "Success", "zzz": -1e400},'
             b' 1e400, {"id": "pair-\\ud83d\\ude00", "callTargetId": "t-\\ud800", "outcome": "Success", "talkDuration": 5}]}'),
    }
    for i, h in enumerate(hours):
        kind = special.get(i)
        if kind == "missing":
            continue
        if isinstance(kind, bytes):
            write(path_for(out_dir, h, labels), kind)
            continue
        recs = g.hour_records(h)
        extra = ',"meta":{"page":1}' if i % 17 == 5 else ""
        body = '{"data":[' + ",\n".join(enc(r, rng) for r in recs) + "]" + extra + "}"
        write(path_for(out_dir, h, labels), body.encode("utf-8"))
    # Hours just outside the range: later copies of in-range ids that must NOT displace them.
    outside = [RANGE_START - dt.timedelta(hours=1), RANGE_END]
    for h in outside:
        recs = []
        for _, r in g.emitted[:40:4]:
            c = dict(r)
            c["outcome"] = "OUT OF RANGE COPY"
            recs.append(c)
        body = '{"data":[' + ",\n".join(enc(r, rng) for r in recs) + "]}"
        write(path_for(out_dir, h, labels), body.encode("utf-8"))


def main(argv=None):
    ap = argparse.ArgumentParser(description="write an adversarial Mindful hour cache")
    ap.add_argument("out_dir")
    ap.add_argument("seed", type=int)
    ap.add_argument("--hour-labels", choices=["end", "start"], default="end")
    a = ap.parse_args(argv)
    build(a.out_dir, a.seed, a.hour_labels)
    print("reference_metrics.py %s %s %s %s REPORT_DIR --hour-labels %s"
          % (a.out_dir, FROM, TO, TZ, a.hour_labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
