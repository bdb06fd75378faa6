#!/usr/bin/env python3
"""Every hostile cache the tests read, and the reference's report of each, in one run.

usage: make_fixtures.py OUT_DIR SEED:LABELS[:reference] ...

For each SEED:LABELS (LABELS is `end` or `start`), writes OUT_DIR/cache-SEED-LABELS as
`make_hostile_cache.py` does; with `:reference`, also OUT_DIR/reference-SEED-LABELS as
`reference_metrics.py CACHE 2023-03-11 2023-03-13 America/New_York REPORT_DIR` does. The Swift
tests run this once per test run (`SharedFixtures`) instead of one process per cache.
"""
import os
import sys

import make_hostile_cache
import reference_metrics


def main(argv):
    out_dir, specs = argv[0], argv[1:]
    for spec in specs:
        seed, labels, *extra = spec.split(":")
        cache = os.path.join(out_dir, "cache-%s-%s" % (seed, labels))
        make_hostile_cache.build(cache, int(seed), labels)
        if extra == ["reference"]:
            report = os.path.join(out_dir, "reference-%s-%s" % (seed, labels))
            reference_metrics.main([cache, make_hostile_cache.FROM, make_hostile_cache.TO, make_hostile_cache.TZ,
                                    report, "--hour-labels", labels])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
