#!/usr/bin/env python3
"""ClaimCheck on Spark: audit a folder of pages across executors.

The driver lists the input files and spreads them over partitions. Each
partition is turned into JSON Lines documents ({"id", "content", "format"}) and
piped through `claimcheck audit --input-format jsonl -` (RDD.pipe), so every
executor runs the same binary a single machine would. The reports come back as
JSONL; the driver writes them, one file, sorted by document id, and merges the
summary with `claimcheck summary`.

    spark-submit examples/spark/audit_job.py PAGES_FOLDER OUT_FOLDER --claimcheck .build/release/claimcheck
    python3 examples/spark/audit_job.py PAGES_FOLDER OUT_FOLDER --master 'local[2]'

Output: OUT_FOLDER/reports.jsonl and OUT_FOLDER/summary.json.
"""
import argparse, json, os, shlex, subprocess, sys

from pyspark.sql import SparkSession

EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def to_documents(paths):
    """One JSON line per input file; a file that cannot be read becomes a line that says so."""
    for path in paths:
        fmt = EXTENSIONS.get(os.path.splitext(path)[1].lower())
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
            text = raw.decode("utf-8", errors="surrogateescape").encode("utf-8", errors="replace").decode("utf-8")
            yield json.dumps({"id": path, "content": text, "format": fmt})
        except OSError as error:
            yield json.dumps({"id": path, "error": str(error)})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", help="folder of .html, .md and .txt files (searched recursively)")
    parser.add_argument("out", help="folder for reports.jsonl and summary.json")
    parser.add_argument("--claimcheck", default=os.environ.get("CLAIMCHECK", "claimcheck"), help="path of the claimcheck binary on every executor")
    parser.add_argument("--rules", default=None, help="rules folder, if the binary cannot find its own")
    parser.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: from spark-submit)")
    parser.add_argument("--partitions", type=int, default=None, help="number of partitions (default: 2 per core)")
    args = parser.parse_args()

    paths = sorted(
        os.path.abspath(os.path.join(root, name))
        for root, _, names in os.walk(args.pages)
        for name in names
        if os.path.splitext(name)[1].lower() in EXTENSIONS
    )
    if not paths:
        sys.exit("no .html, .md or .txt files in %s" % args.pages)

    builder = SparkSession.builder.appName("claimcheck-audit")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    partitions = args.partitions or max(2, 2 * sc.defaultParallelism)

    command = [os.path.abspath(args.claimcheck), "audit", "--input-format", "jsonl", "-", "--quiet", "--jobs", "1"]
    if args.rules:
        command += ["--rules", os.path.abspath(args.rules)]
    reports = (
        sc.parallelize(paths, partitions)
        .mapPartitions(to_documents)
        .pipe(" ".join(shlex.quote(part) for part in command))
        .collect()
    )
    spark.stop()

    os.makedirs(args.out, exist_ok=True)
    reports.sort(key=lambda line: json.loads(line)["source"])
    merged = os.path.join(args.out, "reports.jsonl")
    with open(merged, "w", encoding="utf-8") as handle:
        for line in reports:
            handle.write(line + "\n")
    summary = os.path.join(args.out, "summary.json")
    subprocess.run([os.path.abspath(args.claimcheck), "summary", merged, "--summary", summary], check=True)
    print("%d reports in %s; summary in %s" % (len(reports), merged, summary))


if __name__ == "__main__":
    main()
