#!/usr/bin/env python3
"""Compare two JSONL report files document for document (by `source`).

    python3 examples/spark/compare_reports.py spark/reports.jsonl single/reports.jsonl

Exits 1 and names the differing documents when they are not equal.
"""
import json, sys


def load(path):
    reports = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                report = json.loads(line)
                if report["source"] in reports:
                    sys.exit("%s:%d: %s appears twice" % (path, number, report["source"]))
                reports[report["source"]] = report
    return reports


def main(left_path, right_path):
    left, right = load(left_path), load(right_path)
    problems = []
    for source in sorted(set(left) | set(right)):
        if source not in left or source not in right:
            problems.append("%s: only in %s" % (source, right_path if source not in left else left_path))
        elif left[source] != right[source]:
            problems.append("%s: reports differ" % source)
    for problem in problems[:20]:
        print(problem)
    print("%d documents compared, %d differ" % (len(set(left) | set(right)), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
