#!/usr/bin/env python3
"""Times the SQL views' `summary` over a cache and checks it against the report's summary.csv.

usage: bench_views.py CACHE SUMMARY_CSV [--engine duckdb|spark|all] [--rounds N]
Prints one line per engine: records, seconds (the best of N rounds, views created and summary
read), and whether every required column agrees with the report.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_views  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cache")
    ap.add_argument("summary_csv")
    ap.add_argument("--engine", choices=["duckdb", "spark", "all"], default="duckdb")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--parquet", metavar="FILE",
                    help="DuckDB: also write `records` to this Parquet file and time `summary` over it")
    a = ap.parse_args(argv)
    report, _ = test_views.read_csv(a.summary_csv)
    for name in (["duckdb", "spark"] if a.engine == "all" else [a.engine]):
        started = time.monotonic()
        engine = test_views.DuckDBEngine() if name == "duckdb" else test_views.SparkEngine()
        startup = time.monotonic() - started
        best, rows = None, None
        for _ in range(a.rounds):
            t = time.monotonic()
            rows = engine.query(a.cache, "SELECT * FROM summary")
            best = min(best or 1e9, time.monotonic() - t)
        problems = test_views.compare_summary(report, rows)
        n = rows[-1]["attempts"]
        print("%s: summary over %d records in %.2f s (best of %d; engine start %.1f s, not counted): %s"
              % (name, n, best, a.rounds, startup,
                 "same as summary.csv" if not problems else "DIFFERS: " + "; ".join(problems[:5])))
        if name == "duckdb" and a.parquet:
            con = engine.connect(a.cache)
            t = time.monotonic()
            con.execute("COPY (FROM records) TO '%s' (FORMAT parquet)" % a.parquet.replace("'", "''"))
            copy = time.monotonic() - t
            con.execute("CREATE OR REPLACE VIEW records AS FROM read_parquet('%s')" % a.parquet.replace("'", "''"))
            best = None
            for _ in range(a.rounds):
                t = time.monotonic()
                rel = con.sql("SELECT * FROM summary")
                cols, got = rel.columns, rel.fetchall()
                best = min(best or 1e9, time.monotonic() - t)
            problems = test_views.compare_summary(report, [dict(zip(cols, r)) for r in got])
            print("duckdb: records written to Parquet in %.2f s (%.1f MB); summary over it in %.2f s: %s"
                  % (copy, os.path.getsize(a.parquet) / 1e6, best,
                     "same as summary.csv" if not problems else "DIFFERS: " + "; ".join(problems[:5])))
            con.close()
        engine.close()
        if problems:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
