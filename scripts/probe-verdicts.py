#!/usr/bin/env python3
"""Measure ClaimCheck's evidence weighing on the probe articles in docs/probes/.

Each probe is a short article in our own words, `docs/probes/<pack>.md`, with its
expectations beside it in `docs/probes/<pack>.expected.tsv`: one row per line that
makes (or must not be read as making) a claim, with the columns

    line    expected verdict    expected intervention id (or -)    why

where the verdict is supported | overstated | contradicted | unsupported |
unverifiable | none, and `none` means the line must carry no `evidence.strength`
verdict at all. Rows starting with `#` and the header row are skipped.

The script runs `claimcheck check <probe> --format json --fail-on never` on each
probe, keeps the verdicts that rule `evidence.strength` contributes to, and compares
them line by line with the expectations. A claim line is right when one of its
evidence verdicts has the expected verdict and cites the expected intervention.
It prints, per pack and overall, right/expected for claims with counts per verdict
class, every miss (line, sentence, expected, what the tool gave and the entry it
cited), false flags on `none` lines, and evidence verdicts on lines the expectations
do not list.

It is a measure, not a test: it always exits 0.

    scripts/probe-verdicts.py [--binary .build/release/claimcheck] [--probes docs/probes]
                              [--pack hair-loss] [--rules FOLDER] [--json results.json]
"""

import argparse
import collections
import json
import os
import subprocess
import sys

RULE = "evidence.strength"
VERDICTS = ("supported", "overstated", "contradicted", "unsupported", "unverifiable")
EXPECTABLE = VERDICTS + ("none",)


def read_expectations(path):
    """Rows of a .expected.tsv file as dicts; malformed rows are reported, not fatal."""
    rows, problems = [], []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.rstrip("\n")
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            cells = text.split("\t")
            if cells[0].strip() == "line":
                continue
            if len(cells) < 3 or not cells[0].strip().isdigit():
                problems.append(f"{path}:{number}: expected 'line<TAB>verdict<TAB>id<TAB>why', got {text!r}")
                continue
            verdict = cells[1].strip()
            if verdict not in EXPECTABLE:
                problems.append(f"{path}:{number}: unknown verdict {verdict!r} (one of {', '.join(EXPECTABLE)})")
                continue
            rows.append({
                "line": int(cells[0]),
                "expected": verdict,
                "id": cells[2].strip() or "-",
                "why": cells[3].strip() if len(cells) > 3 else "",
            })
    return rows, problems


def run_check(binary, probe, rules=None):
    """The evidence verdicts of one probe, keyed by line, or an error message."""
    command = [binary, "check", probe, "--format", "json", "--fail-on", "never"]
    if rules:
        command += ["--rules", rules]
    try:
        result = subprocess.run(command,
            capture_output=True, text=True, timeout=300)
    except OSError as error:
        return None, f"cannot run {binary}: {error}"
    except subprocess.TimeoutExpired:
        return None, f"{binary} check {probe} took longer than 300 s"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        message = (result.stderr or result.stdout).strip().splitlines()
        # A crash prints a backtrace: quote the line that says what failed, not the banner.
        failure = next((line.strip(" *") for line in message if "failure" in line or "error:" in line.lower()),
                       message[0] if message else "no output")
        return None, f"{binary} check {probe} gave no JSON (exit {result.returncode}): {failure}"
    by_line = collections.defaultdict(list)
    for verdict in report.get("verdicts", []):
        if not any(reason.get("rule") == RULE for reason in verdict.get("reasons", [])):
            continue
        entries = verdict.get("evidence", [])
        by_line[verdict["location"]["line"]].append({
            "verdict": verdict.get("verdict"),
            "severity": verdict.get("severity"),
            "ids": [entry.get("id") for entry in entries],
            "cited": [f"{entry.get('id')} / {entry.get('condition')} / {entry.get('grade')}" for entry in entries],
            "rules": [reason.get("rule") for reason in verdict.get("reasons", [])],
            "message": next((reason.get("message") for reason in verdict.get("reasons", [])
                             if reason.get("rule") == RULE), ""),
            "claim": verdict.get("claim", ""),
        })
    return by_line, None


def describe(got):
    if not got:
        return "no evidence verdict"
    return "; ".join(f"{item['verdict']} citing {', '.join(item['cited']) or 'no entry'}" for item in got)


def matches(row, item):
    return item["verdict"] == row["expected"] and (row["id"] == "-" or row["id"] in item["ids"])


def measure(pack, probe, expectations, binary, rules=None):
    rows, problems = read_expectations(expectations)
    with open(probe, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    by_line, error = run_check(binary, probe, rules)
    outcome = {"pack": pack, "problems": problems, "error": error, "classes": {},
               "right": 0, "claims": 0, "misses": [], "false_flags": [], "unlisted": [], "none_lines": 0}
    if error:
        return outcome
    classes = collections.OrderedDict((name, [0, 0]) for name in VERDICTS)
    listed = set()
    for row in rows:
        listed.add(row["line"])
        got = by_line.get(row["line"], [])
        sentence = lines[row["line"] - 1].strip() if 0 < row["line"] <= len(lines) else "(no such line)"
        if row["expected"] == "none":
            outcome["none_lines"] += 1
            if got:
                outcome["false_flags"].append({"line": row["line"], "sentence": sentence, "got": describe(got),
                                               "why": row["why"]})
            continue
        outcome["claims"] += 1
        classes[row["expected"]][1] += 1
        if any(matches(row, item) for item in got):
            outcome["right"] += 1
            classes[row["expected"]][0] += 1
            continue
        right_verdict_wrong_entry = any(item["verdict"] == row["expected"] for item in got)
        outcome["misses"].append({
            "line": row["line"], "sentence": sentence,
            "expected": f"{row['expected']} {row['id']}",
            "got": describe(got) + ("  [right verdict, wrong entry]" if right_verdict_wrong_entry else ""),
            "message": "; ".join(item["message"] for item in got),
            "why": row["why"],
        })
    for line in sorted(set(by_line) - listed):
        outcome["unlisted"].append({"line": line, "sentence": lines[line - 1].strip() if line <= len(lines) else "",
                                    "got": describe(by_line[line])})
    outcome["classes"] = {name: {"right": right, "expected": total} for name, (right, total) in classes.items() if total}
    return outcome


def print_outcome(outcome):
    pack = outcome["pack"]
    print(f"== {pack}")
    for problem in outcome["problems"]:
        print(f"  expectation problem: {problem}")
    if outcome["error"]:
        print(f"  not measured: {outcome['error']}")
        return
    classes = ", ".join(f"{name} {count['right']}/{count['expected']}" for name, count in outcome["classes"].items())
    print(f"  claims right: {outcome['right']}/{outcome['claims']}  ({classes})")
    print(f"  false flags on clean lines: {len(outcome['false_flags'])}/{outcome['none_lines']}")
    for miss in outcome["misses"]:
        print(f"  MISS line {miss['line']}: {miss['sentence']}")
        print(f"       expected {miss['expected']} ({miss['why']})")
        print(f"       got      {miss['got']}")
        if miss["message"]:
            print(f"       reason   {miss['message']}")
    for flag in outcome["false_flags"]:
        print(f"  FALSE FLAG line {flag['line']}: {flag['sentence']}")
        print(f"       must stay clean ({flag['why']}); got {flag['got']}")
    for extra in outcome["unlisted"]:
        print(f"  UNLISTED line {extra['line']}: {extra['sentence']}")
        print(f"       got {extra['got']} (no expectation on this line)")


def main():
    parser = argparse.ArgumentParser(description="Measure evidence verdicts on the probe articles (always exits 0).")
    parser.add_argument("--binary", default=".build/release/claimcheck", help="claimcheck binary (default: %(default)s)")
    parser.add_argument("--probes", default="docs/probes", help="folder of <pack>.md and <pack>.expected.tsv (default: %(default)s)")
    parser.add_argument("--pack", action="append", help="measure only this pack (repeatable)")
    parser.add_argument("--rules", metavar="FOLDER",
                        help="rules folder to check with (default: the binary's own), to measure a data change before committing it")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH, for comparing runs")
    options = parser.parse_args()

    if not (os.path.isfile(options.binary) and os.access(options.binary, os.X_OK)):
        print(f"no claimcheck binary at {options.binary}: build one with "
              "'swift build -c release --product claimcheck' or pass --binary PATH", file=sys.stderr)
        return 0
    probes = sorted(name[:-3] for name in os.listdir(options.probes) if name.endswith(".md")) \
        if os.path.isdir(options.probes) else []
    if options.pack:
        probes = [pack for pack in probes if pack in options.pack]
    if not probes:
        print(f"no probe articles (*.md) in {options.probes}", file=sys.stderr)
        return 0

    outcomes = []
    for pack in probes:
        probe = os.path.join(options.probes, pack + ".md")
        expectations = os.path.join(options.probes, pack + ".expected.tsv")
        if not os.path.isfile(expectations):
            print(f"== {pack}\n  not measured: {expectations} is missing")
            continue
        outcome = measure(pack, probe, expectations, options.binary, options.rules)
        outcomes.append(outcome)
        print_outcome(outcome)

    measured = [outcome for outcome in outcomes if not outcome["error"]]
    right = sum(outcome["right"] for outcome in measured)
    claims = sum(outcome["claims"] for outcome in measured)
    flags = sum(len(outcome["false_flags"]) for outcome in measured)
    clean = sum(outcome["none_lines"] for outcome in measured)
    unlisted = sum(len(outcome["unlisted"]) for outcome in measured)
    totals = collections.OrderedDict((name, [0, 0]) for name in VERDICTS)
    for outcome in measured:
        for name, count in outcome["classes"].items():
            totals[name][0] += count["right"]
            totals[name][1] += count["expected"]
    print("== overall")
    print(f"  packs measured: {len(measured)}/{len(outcomes)}")
    print(f"  claims right: {right}/{claims}" + (f" ({100 * right / claims:.0f}%)" if claims else ""))
    print("  by expected verdict: " + ", ".join(f"{name} {r}/{t}" for name, (r, t) in totals.items() if t))
    print(f"  false flags on clean lines: {flags}/{clean}")
    print(f"  evidence verdicts on unlisted lines: {unlisted}")
    print("  per pack: " + ", ".join(f"{o['pack']} {o['right']}/{o['claims']}" for o in measured))
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump({"binary": options.binary, "packs": outcomes,
                       "overall": {"right": right, "claims": claims, "false_flags": flags, "clean_lines": clean,
                                   "unlisted": unlisted}}, handle, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
