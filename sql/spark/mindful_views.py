#!/usr/bin/env python3
"""Creates the mindful-report SQL views (views.sql beside this file) in a Spark session.

As a library:
    from mindful_views import create_views
    create_views(spark, "s3a://bucket/mindful-cache")
    spark.sql("SELECT * FROM summary").show()

As a command (prints the query's rows as CSV; local mode, or the cluster spark-submit names):
    python sql/spark/mindful_views.py CACHE [--hour-labels end|start] [--query SQL]
    spark-submit --master yarn sql/spark/mindful_views.py --cluster s3a://bucket/cache
"""
import argparse
import csv
import os
import re
import sys

VIEWS_SQL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "views.sql")


def statements(text):
    """The statements of views.sql: split at a `;` that ends a line, comment-only parts dropped."""
    out = []
    for part in re.split(r";[ \t]*\r?\n", text):
        code = "\n".join(line for line in part.splitlines() if not line.lstrip().startswith("--"))
        if code.strip():
            out.append(part.strip().rstrip(";"))
    return out


def create_views(spark, cache, hour_labels="end"):
    """Creates (or replaces) the temporary views hour_files, records, requests and summary over
    the cache folder `cache` (any path Spark reads: local, hdfs://, s3a:// ...)."""
    if hour_labels not in ("end", "start"):
        raise ValueError("hour_labels must be 'end' or 'start'")
    if "`" in cache or "${" in cache:
        raise ValueError("the cache path may not contain ` or ${")
    spark.conf.set("spark.sql.variable.substitute", "true")
    spark.conf.set("cache", cache.rstrip("/") or "/")
    spark.conf.set("hour_labels", hour_labels)
    with open(VIEWS_SQL, encoding="utf-8") as fh:
        for statement in statements(fh.read()):
            spark.sql(statement)


def local_session(app_name="mindful-report-sql", master="local[*]"):
    """A Spark session (local mode unless `master` is None: then the master spark-submit was
    given) with UTC as its time zone, no UI and quiet logs."""
    from pyspark.sql import SparkSession
    builder = SparkSession.builder if master is None else SparkSession.builder.master(master)
    spark = (builder.appName(app_name)
             .config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", os.environ.get("MINDFUL_SPARK_PARTITIONS", "8"))
             # hour files are small: pack many into one task instead of one task per file
             .config("spark.sql.files.openCostInBytes", "65536")
             .config("spark.driver.memory", os.environ.get("MINDFUL_SPARK_MEMORY", "2g"))
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv=None):
    ap = argparse.ArgumentParser(description="Query the mindful-report cache with Spark SQL.")
    ap.add_argument("cache")
    ap.add_argument("--hour-labels", choices=["end", "start"], default="end")
    ap.add_argument("--query", default="SELECT * FROM summary")
    ap.add_argument("--cluster", action="store_true",
                    help="use the master spark-submit was given instead of local mode")
    a = ap.parse_args(argv)
    spark = local_session(master=None if a.cluster else "local[*]")
    try:
        create_views(spark, os.path.abspath(a.cache) if "://" not in a.cache else a.cache,
                     a.hour_labels)
        df = spark.sql(a.query)
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(df.columns)
        for row in df.toLocalIterator():
            w.writerow(["" if v is None else v for v in row])
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
