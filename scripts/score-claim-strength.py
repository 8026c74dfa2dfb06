#!/usr/bin/env python3
"""Scores `claimcheck classify` on the causal-language set of PubMed conclusions.

The dataset (pubmed-conclusions.csv: `sentence`, `label`; see its README) holds
3,061 conclusion sentences labelled 0 no relationship, 1 correlational,
2 conditional causal, 3 direct causal. Every sentence is written one a line to a
temporary file (line breaks inside a sentence become spaces), `claimcheck
classify` runs once over it, and its labels are compared with the dataset's:
none = 0, correlational = 1, conditional = 2, causal = 3 and proven = 3 (the
dataset has no class above direct causation).

Prints, for all rows and separately for the even- and odd-numbered rows (row 0
is the first after the header), per-class precision, recall and F1 with their
counts, the confusion matrix and the macro-F1 (the unweighted mean of the four
F1s). Cue lists are tuned on the errors of one half; the other half's figure is
the honest one. `--errors GOLD:PRED` prints up to --limit sentences of --half
that were labelled GOLD and classified PRED, to read on screen: the dataset is
measurement data, never copied into the repository.

Examples:
  scripts/score-claim-strength.py
  scripts/score-claim-strength.py --binary .build/release/claimcheck --json /tmp/strength.json
  scripts/score-claim-strength.py --errors causal:none --half even --limit 30
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

LABELS = ["none", "correlational", "conditional", "causal"]
DATASET_LABELS = {"0": "none", "1": "correlational", "2": "conditional", "3": "causal"}


def read_rows(path):
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        rows = [(" ".join(row["sentence"].split()), DATASET_LABELS[row["label"].strip()]) for row in csv.DictReader(handle)]
    return rows


def classify(binary, rules, sentences):
    with tempfile.TemporaryDirectory(prefix="claimcheck-strength-") as folder:
        path = os.path.join(folder, "sentences.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("".join(sentence + "\n" for sentence in sentences))
        command = [binary, "classify", path, "--rules", rules]
        result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode(errors='replace').strip()}")
    lines = result.stdout.decode("utf-8").split("\n")[:-1]
    if len(lines) != len(sentences):
        sys.exit(f"classify printed {len(lines)} lines for {len(sentences)} sentences")
    labels = []
    for line, sentence in zip(lines, sentences):
        label, _, echoed = line.partition("\t")
        if echoed != sentence:
            sys.exit(f"classify echoed a different sentence: {echoed[:80]!r} for {sentence[:80]!r}")
        labels.append("causal" if label == "proven" else label)
    return labels


def score(pairs):
    confusion = {gold: {predicted: 0 for predicted in LABELS} for gold in LABELS}
    for gold, predicted in pairs:
        confusion[gold][predicted] += 1
    classes = {}
    for label in LABELS:
        tp = confusion[label][label]
        predicted = sum(confusion[gold][label] for gold in LABELS)
        support = sum(confusion[label].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support, "predicted": predicted, "correct": tp}
    macro = sum(value["f1"] for value in classes.values()) / len(LABELS)
    return {"rows": len(pairs), "macroF1": macro, "classes": classes, "confusion": confusion}


def show(name, result):
    print(f"== {name}: {result['rows']} rows, macro-F1 {result['macroF1']:.3f}")
    print(f"   {'class':<14} {'P':>6} {'R':>6} {'F1':>6} {'rows':>6} {'said':>6} {'right':>6}")
    for label, value in result["classes"].items():
        print(f"   {label:<14} {value['precision']:6.3f} {value['recall']:6.3f} {value['f1']:6.3f} "
              f"{value['support']:6d} {value['predicted']:6d} {value['correct']:6d}")
    print(f"   confusion (rows: dataset label, columns: classify)")
    print("   " + " " * 14 + "".join(f"{label[:6]:>8}" for label in LABELS))
    for gold in LABELS:
        print(f"   {gold:<14}" + "".join(f"{result['confusion'][gold][predicted]:8d}" for predicted in LABELS))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(root, ".build", "release", "claimcheck"))
    parser.add_argument("--rules", default=os.path.join(root, "Rules"), help="rules folder (default: this checkout's Rules)")
    parser.add_argument("--dataset", default="/work/shared/datasets/causal-language/pubmed-conclusions.csv")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--errors", help="GOLD:PRED, e.g. causal:none, to print such sentences")
    parser.add_argument("--half", choices=["even", "odd", "all"], default="even", help="rows --errors draws from")
    parser.add_argument("--limit", type=int, default=25)
    arguments = parser.parse_args()
    if not os.access(arguments.binary, os.X_OK):
        sys.exit(f"{arguments.binary} is not an executable; build it (swift build -c release --product claimcheck) or pass --binary")
    rows = read_rows(arguments.dataset)
    predicted = classify(arguments.binary, arguments.rules, [sentence for sentence, _ in rows])
    pairs = [(gold, label) for (_, gold), label in zip(rows, predicted)]
    results = {
        "all rows": score(pairs),
        "even rows": score(pairs[0::2]),
        "odd rows": score(pairs[1::2]),
    }
    for name, result in results.items():
        show(name, result)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
    if arguments.errors:
        gold, _, wanted = arguments.errors.partition(":")
        start, step = {"even": (0, 2), "odd": (1, 2), "all": (0, 1)}[arguments.half]
        shown = 0
        for index in range(start, len(rows), step):
            if rows[index][1] == gold and predicted[index] == wanted and shown < arguments.limit:
                print(f"- [{index}] {rows[index][0]}")
                shown += 1


if __name__ == "__main__":
    main()
