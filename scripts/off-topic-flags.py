#!/usr/bin/env python3
"""Flags ClaimCheck raises on real pages that are mostly not about health.

The article-extraction benchmark (../shared/datasets/article-extraction) holds
181 real pages of general news, blogs, shops and sports sites. An editor reads
a health checker's flag on a trade deal or a race table as noise, so every body
flag at warning or above on a page that is not about health is a false alarm.
The script decompresses the pages into a temporary folder, runs
`claimcheck audit` on it with an empty config, and prints how many pages were
not weighed (`not weighed:` note: the body does not read as a health article),
the flags per rule, and each flag with its page's URL and its claim, so that
the ones on pages that are about health can be read and told apart by hand.

The dataset is measurement data: nothing of it is written anywhere but the
temporary folder.

Examples:
  scripts/off-topic-flags.py
  scripts/off-topic-flags.py --binary .build/release/claimcheck
  scripts/off-topic-flags.py --every-topic     # as if the topic test were off
"""

import argparse
import collections
import gzip
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASET = os.path.join(ROOT, "..", "shared", "datasets", "article-extraction")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "claimcheck"))
    parser.add_argument("--dataset", default=DATASET)
    parser.add_argument("--every-topic", action="store_true", help="weigh every page (every-topic: true)")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit("no claimcheck at %s; build it with `swift build -c release --product claimcheck`" % args.binary)
    truth_path = os.path.join(args.dataset, "ground-truth.json")
    if not os.path.isfile(truth_path):
        sys.exit("no dataset at %s (ground-truth.json missing)" % args.dataset)
    with open(truth_path, encoding="utf-8") as handle:
        urls = {key: value.get("url", "") for key, value in json.load(handle).items()}
    with tempfile.TemporaryDirectory(prefix="off-topic-") as folder:
        pages = os.path.join(folder, "pages")
        os.mkdir(pages)
        html = os.path.join(args.dataset, "html")
        for name in sorted(os.listdir(html)):
            if name.endswith(".html.gz"):
                with gzip.open(os.path.join(html, name)) as source, open(os.path.join(pages, name[:-3]), "wb") as target:
                    target.write(source.read())
        config = os.path.join(folder, "claimcheck.yml")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write("every-topic: true\n" if args.every_topic else "{}\n")
        run = subprocess.run([args.binary, "audit", pages, "--quiet", "--config", config], capture_output=True, cwd=ROOT)
    if run.returncode not in (0, 1):
        sys.exit("claimcheck audit exited with %d: %s" % (run.returncode, run.stderr.decode("utf-8", "replace").strip()))
    reports = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines() if line.strip()]
    flags, unweighed = [], 0
    for report in reports:
        if any(note.startswith("not weighed:") for note in report.get("notes", [])):
            unweighed += 1
        key = os.path.basename(report.get("source", ""))[:-len(".html")]
        for verdict in report.get("verdicts", []):
            if verdict.get("region") == "body" and verdict.get("severity") in ("warning", "error"):
                flags.append((verdict["reasons"][0]["rule"], urls.get(key, key), verdict["claim"]))
    print("%d pages; %d not weighed (not read as health articles); %d body flags at warning or above on %d pages"
          % (len(reports), unweighed, len(flags), len({url for _, url, _ in flags})))
    for rule, count in collections.Counter(rule for rule, _, _ in flags).most_common():
        print("  %-32s %d" % (rule, count))
    for rule, url, claim in flags:
        print("\n%s  %s\n    %s" % (rule, url, claim if len(claim) <= 200 else claim[:197] + "..."))


if __name__ == "__main__":
    main()
