#!/usr/bin/env python3
"""Precision of ClaimCheck's flags on the press-release corpus, against the labels
an editor gave them (docs/precision/corpus-labels.tsv).

Each release of ../shared/corpus/healthrelease/*.json is read as one plain-text
document: its `title` (stripped), a blank line, then its `text` exactly as stored
(only the text when the title is empty). The documents are fed to the built tool as
JSON Lines (`claimcheck audit - --input-format jsonl`, format `text`), so an offset
is the flag's `location.offset`: a UTF-8 byte offset into that document. A flag is a
body verdict at warning or above, named by its deciding rule (its first reason), and
matched to the record by (file, offset, rule).

    scripts/precision-record.py --binary .build/release/claimcheck      # figures
    scripts/precision-record.py --unlabelled                             # flags to label, with their claim
    scripts/precision-record.py --gone                                   # labelled flags that no longer fire
    scripts/precision-record.py --enable 'study.*'                       # rules that are off by default too
    scripts/precision-record.py --show news_reviews_00042.json           # a release as ClaimCheck reads it
    scripts/precision-record.py --check                                  # the record is well formed
    scripts/precision-record.py --sort                                   # rewrite the record in key order

Sentences are printed to the terminal for labelling only; the record keeps
references and a why in the labeller's own words, never the release's text.

Exit status: 0 figures printed (or the record is well formed), 1 `--check` found
problems, 2 bad usage (a missing binary, corpus or record, a record that does not
parse, a failed run of the tool).
"""
import argparse, collections, fnmatch, json, os, re, signal, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_RECORD = os.path.join(ROOT, "docs", "precision", "corpus-labels.tsv")
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "healthrelease")
COLUMNS = ["file", "offset", "rule", "label", "why"]
LABELS = ("right", "wrong")
FLAG_SEVERITIES = ("warning", "error")
FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.json$")
# A why that repeats this many consecutive words of its release is copied text.
COPIED_WORDS = 8


class UsageError(Exception):
    pass


Label = collections.namedtuple("Label", "file offset rule label why line")
Flag = collections.namedtuple("Flag", "file offset rule severity verdict claim")


def document_text(article):
    """The text ClaimCheck reads for one release: title, blank line, text."""
    title = (article.get("title") or "").strip()
    text = article.get("text") or ""
    return title + "\n\n" + text if title else text


def load_corpus(folder):
    if not os.path.isdir(folder):
        raise UsageError("no corpus folder %s; give it with --corpus" % folder)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    if not names:
        raise UsageError("no .json files in %s" % folder)
    documents = collections.OrderedDict()
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            documents[name] = document_text(json.load(handle))
    return documents


def parse_record(path):
    """The labels and the problems found while reading them (line numbers 1-based)."""
    if not os.path.isfile(path):
        raise UsageError("no precision record at %s; give it with --record" % path)
    labels, problems, header = [], [], None
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                if fields != COLUMNS:
                    problems.append((number, "the first row must be the header %s" % "\\t".join(COLUMNS)))
                continue
            if len(fields) != len(COLUMNS):
                problems.append((number, "%d tab-separated fields, expected %d (%s)" % (len(fields), len(COLUMNS), ", ".join(COLUMNS))))
                continue
            file, offset, rule, label, why = fields
            if not FILE_NAME.match(file):
                problems.append((number, "file %r is not a corpus file name (news_reviews_NNNNN.json)" % file))
            if not re.fullmatch(r"[0-9]+", offset):
                problems.append((number, "offset %r is not a non-negative integer" % offset))
                continue
            if label not in LABELS:
                problems.append((number, "label %r is neither right nor wrong" % label))
            if not why.strip():
                problems.append((number, "no why: say in a few words of your own why the flag is right or wrong"))
            labels.append(Label(file, int(offset), rule, label, why.strip(), number))
    if header is None:
        problems.append((0, "the record has no header row"))
    return labels, problems


def shown(path):
    """A path as short as it can be said from here."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def key(item):
    return (item.file, item.offset, item.rule)


def rule_catalog(binary, rules):
    """Every rule id, and the ids of the rules that are off by default."""
    run = subprocess.run([binary, "rules", "list", "--rules", rules], capture_output=True, text=True)
    if run.returncode != 0:
        raise UsageError("`claimcheck rules list` failed: %s" % run.stderr.strip())
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return {line.split()[0] for line in lines}, {line.split()[0] for line in lines if line.split()[1:2] == ["(off"]}


def inactive_rules(off, enabled):
    """The rules off by default that this run does not turn on (`--enable`, ids or namespace.*)."""
    return {rule for rule in off if not any(fnmatch.fnmatchcase(rule, pattern) for pattern in enabled)}


def check_record(labels, problems, catalog, documents):
    """Every problem of the record: its own, unknown rules, duplicates, order, offsets, copied text."""
    problems = list(problems)
    seen = {}
    for index, label in enumerate(labels):
        if catalog is not None and label.rule not in catalog:
            problems.append((label.line, "rule %s is not in the rule catalog (claimcheck rules list)" % label.rule))
        if key(label) in seen:
            problems.append((label.line, "the same file, offset and rule as line %d" % seen[key(label)]))
        seen.setdefault(key(label), label.line)
        if index and key(labels[index - 1]) > key(label):
            problems.append((label.line, "out of order: keep the record sorted by file, offset, rule (run with --sort)"))
        if documents is not None:
            text = documents.get(label.file)
            if text is None:
                problems.append((label.line, "%s is not in the corpus" % label.file))
                continue
            data = text.encode("utf-8")
            if label.offset >= len(data) or (data[label.offset] & 0xC0) == 0x80:
                problems.append((label.line, "offset %d is not the start of a character of %s (%d bytes)" % (label.offset, label.file, len(data))))
            copied = copied_run(label.why, text)
            if copied:
                problems.append((label.line, "the why repeats the release's words (%r…); write it in your own words" % copied))
    return sorted(problems)


def copied_run(why, text):
    words = re.findall(r"\w+", why.lower())
    haystack = " " + " ".join(re.findall(r"\w+", text.lower())) + " "
    for start in range(len(words) - COPIED_WORDS + 1):
        run = " ".join(words[start:start + COPIED_WORDS])
        if " " + run + " " in haystack:
            return run
    return None


def current_flags(binary, rules, documents, jobs, enabled=()):
    lines = "".join(json.dumps({"id": name, "content": text, "format": "text"}) + "\n" for name, text in documents.items())
    with tempfile.TemporaryDirectory(prefix="precision-record-") as folder:
        # An empty config of our own, so that no .claimcheck.yml of the checkout changes the figures.
        config = os.path.join(folder, "claimcheck.yml")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write("enable: [%s]\n" % ", ".join(json.dumps(rule) for rule in enabled) if enabled else "{}\n")
        command = [binary, "audit", "-", "--input-format", "jsonl", "--quiet", "--rules", rules, "--config", config]
        if jobs:
            command += ["--jobs", str(jobs)]
        run = subprocess.run(command, input=lines.encode("utf-8"), capture_output=True, cwd=ROOT)
    if run.returncode != 0:
        raise UsageError("`%s` exited with %d: %s" % (" ".join(command), run.returncode, run.stderr.decode("utf-8", "replace").strip()))
    flags, errors = [], []
    for line in run.stdout.decode("utf-8").splitlines():
        report = json.loads(line)
        if report.get("error"):
            errors.append("%s: %s" % (report.get("source"), report["error"]))
        for verdict in report.get("verdicts", []):
            if verdict.get("region") != "body" or verdict.get("severity") not in FLAG_SEVERITIES:
                continue
            reasons = verdict.get("reasons") or [{"rule": "(none)"}]
            flags.append(Flag(report["source"], verdict["location"]["offset"], reasons[0]["rule"],
                              verdict["severity"], verdict["verdict"], verdict["claim"]))
    if errors:
        raise UsageError("the tool could not read %d documents: %s" % (len(errors), "; ".join(errors[:3])))
    return flags


def figures(flags, labels, documents, inactive=frozenset()):
    """Counts per rule; labels of rules that are off in this run are counted apart, not as gone."""
    off_labels = [label for label in labels if label.rule in inactive]
    labels = [label for label in labels if label.rule not in inactive]
    by_key = {key(label): label for label in labels}
    firing = {key(flag) for flag in flags}
    rows = collections.OrderedDict()

    def row(rule):
        return rows.setdefault(rule, collections.Counter())

    for flag in flags:
        counts = row(flag.rule)
        counts["flags"] += 1
        label = by_key.get(key(flag))
        counts[label.label if label else "unlabelled"] += 1
    for label in labels:
        if key(label) not in firing:
            row(label.rule)["gone " + label.label] += 1
    per_document = collections.Counter(flag.file for flag in flags)
    return {
        "documents": len(documents),
        "flags": len(flags),
        "flagsPerDocument": round(len(flags) / len(documents), 3) if documents else 0,
        "documentsWithFlags": len(per_document),
        "labels": len(labels) + len(off_labels),
        "labelsOfRulesOff": len(off_labels),
        "rules": {rule: {name: rows[rule][name] for name in ("flags", "right", "wrong", "unlabelled", "gone right", "gone wrong")}
                  for rule in sorted(rows)},
    }


def precision(right, wrong):
    return "%.3f" % (right / (right + wrong)) if right + wrong else "-"


def print_figures(result, record, binary):
    print("Precision record %s: %d labels%s" % (shown(record), result["labels"],
          "; %d of them for rules off in this run (not counted; turn them on with --enable)" % result["labelsOfRulesOff"]
          if result["labelsOfRulesOff"] else ""))
    print("Corpus: %d releases; %d body flags at warning or above (%s)" % (result["documents"], result["flags"], binary))
    share = result["documentsWithFlags"] / result["documents"] if result["documents"] else 0
    print("Flags per release: mean %.3f; %d of %d releases (%.1f%%) have at least one" %
          (result["flagsPerDocument"], result["documentsWithFlags"], result["documents"], 100 * share))
    print()
    header = ("rule", "flags", "right", "wrong", "precision", "unlabelled", "gone right", "gone wrong")
    print("%-34s %6s %6s %6s %10s %11s %11s %11s" % header)
    total = collections.Counter()
    for rule, counts in result["rules"].items():
        total.update(counts)
        print("%-34s %6d %6d %6d %10s %11d %11d %11d" % (rule, counts["flags"], counts["right"], counts["wrong"],
              precision(counts["right"], counts["wrong"]), counts["unlabelled"], counts["gone right"], counts["gone wrong"]))
    print("%-34s %6d %6d %6d %10s %11d %11d %11d" % ("overall", total["flags"], total["right"], total["wrong"],
          precision(total["right"], total["wrong"]), total["unlabelled"], total["gone right"], total["gone wrong"]))
    print()
    print("precision = right / (right + wrong) over the flags that fire now; gone = labelled flags that no longer fire")


def print_unlabelled(flags, labels):
    labelled = {key(label) for label in labels}
    waiting = sorted((flag for flag in flags if key(flag) not in labelled), key=key)
    for flag in waiting:
        print("%s\t%d\t%s\t%s %s\n    %s" % (flag.file, flag.offset, flag.rule, flag.severity, flag.verdict, flag.claim))
    print("%d flags without a label" % len(waiting), file=sys.stderr)


def print_gone(flags, labels, documents, inactive=frozenset()):
    firing = {key(flag) for flag in flags}
    gone = [label for label in labels if key(label) not in firing and label.rule not in inactive]
    for label in gone:
        data = documents.get(label.file, "").encode("utf-8")
        start = data[label.offset:label.offset + 160].decode("utf-8", "replace").replace("\n", " ")
        print("%s\t%d\t%s\t%s\t%s\n    %s…" % (label.file, label.offset, label.rule, label.label, label.why, start))
    counts = collections.Counter(label.label for label in gone)
    print("%d labelled flags no longer fire (%d right, %d wrong)" % (len(gone), counts["right"], counts["wrong"]), file=sys.stderr)


def show(name, documents, flags, labels):
    if name not in documents:
        raise UsageError("%s is not in the corpus" % name)
    data = documents[name].encode("utf-8")
    by_key = {key(label): label for label in labels}
    marks = sorted((flag for flag in flags if flag.file == name), key=key)
    for flag in marks:
        label = by_key.get(key(flag))
        print(">> %d %s %s%s" % (flag.offset, flag.rule, label.label if label else "unlabelled",
                                 " (" + label.why + ")" if label else ""))
    print()
    cursor = 0
    for flag in marks:
        print(data[cursor:flag.offset].decode("utf-8"), end="")
        print("⟦%d %s⟧" % (flag.offset, flag.rule), end="")
        cursor = flag.offset
    print(data[cursor:].decode("utf-8"))


def sort_record(path):
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    head, rows, seen_header = [], [], False
    for line in lines:
        if not seen_header:
            head.append(line)
            seen_header = line.split("\t") == COLUMNS
        elif line.strip() and not line.startswith("#"):
            rows.append(line)
    if not seen_header:
        raise UsageError("the record has no header row %s" % "\\t".join(COLUMNS))

    def row_key(line):
        fields = line.split("\t")
        return (fields[0], int(fields[1]) if fields[1:] and fields[1].isdigit() else -1, fields[2] if fields[2:] else "")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(head + sorted(set(rows), key=row_key)) + "\n")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.environ.get("CLAIMCHECK", os.path.join(ROOT, ".build", "release", "claimcheck")),
                        help="the built claimcheck (default $CLAIMCHECK or .build/release/claimcheck)")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder of the releases (default ../shared/corpus/healthrelease)")
    parser.add_argument("--record", default=DEFAULT_RECORD, help="the labels (default docs/precision/corpus-labels.tsv)")
    parser.add_argument("--rules", default=os.path.join(ROOT, "Rules"), help="rules folder (default Rules)")
    parser.add_argument("--jobs", type=int, default=0, help="documents checked in parallel (default: the tool's)")
    parser.add_argument("--enable", metavar="RULES", action="append", default=[],
                        help="also run rules that are off by default (ids or namespace.*, comma-separated, repeatable)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--unlabelled", action="store_true", help="list the flags with no label: file, offset, rule and claim")
    mode.add_argument("--gone", action="store_true", help="list the labelled flags that no longer fire, with the text at their offset")
    mode.add_argument("--show", metavar="FILE", help="print one release as ClaimCheck reads it, its flags marked")
    mode.add_argument("--check", action="store_true", help="check that the record is well formed; exit 1 if not")
    mode.add_argument("--sort", action="store_true", help="rewrite the record sorted by file, offset, rule")
    args = parser.parse_args()
    try:
        if args.sort:
            sort_record(args.record)
            return 0
        labels, problems = parse_record(args.record)
        if not os.access(args.binary, os.X_OK):
            raise UsageError("no claimcheck at %s: build it (swift build -c release --product claimcheck) or give --binary" % args.binary)
        if args.check:
            documents = load_corpus(args.corpus) if os.path.isdir(args.corpus) else None
            problems = check_record(labels, problems, rule_catalog(args.binary, args.rules)[0], documents)
            for number, message in problems:
                print("%s:%d: %s" % (shown(args.record), number, message))
            print("%d labels, %d problems%s" % (len(labels), len(problems), "" if documents is not None else " (corpus not found: offsets and copied text not checked)"))
            return 1 if problems else 0
        if problems:
            number, message = problems[0]
            raise UsageError("%s:%d: %s (run with --check for every problem)" % (args.record, number, message))
        documents = load_corpus(args.corpus)
        enabled = [rule.strip() for value in args.enable for rule in value.split(",") if rule.strip()]
        catalog, off = rule_catalog(args.binary, args.rules)
        unknown = [rule for rule in enabled if not any(fnmatch.fnmatchcase(known, rule) for known in catalog)]
        if unknown:
            raise UsageError("--enable names no rule: %s (see claimcheck rules list)" % ", ".join(unknown))
        inactive = inactive_rules(off, enabled)
        flags = current_flags(args.binary, args.rules, documents, args.jobs, enabled)
        if args.unlabelled:
            print_unlabelled(flags, labels)
        elif args.gone:
            print_gone(flags, labels, documents, inactive)
        elif args.show:
            show(args.show, documents, flags, labels)
        else:
            result = figures(flags, labels, documents, inactive)
            print_figures(result, args.record, args.binary)
            if args.json:
                with open(args.json, "w", encoding="utf-8") as handle:
                    json.dump(result, handle, indent=2)
                    handle.write("\n")
        return 0
    except UsageError as error:
        print("precision-record: error: %s" % error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
