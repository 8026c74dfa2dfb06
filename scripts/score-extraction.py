#!/usr/bin/env python3
"""Scores ClaimCheck's main-content extraction on the article-extraction benchmark.

Every page of the dataset (html/<id>.html.gz) is decompressed once into a
temporary folder, `claimcheck extract --format json` runs once over that folder,
and the body blocks' text, joined by newlines, is compared with the page's
ground-truth articleBody by the dataset README's metric:

  * words are the `\\w+` tokens of each text (case kept); a text's shingles are
    the multiset of its runs of 4 consecutive words (a text of 1-3 words has
    one shingle of all of them, an empty text none);
  * per page, tp = shingles in both (with multiplicity), fp = extracted only,
    fn = true only; precision = tp/(tp+fp), recall = tp/(tp+fn), both 1 when
    fp = fn = 0, and 0 when their denominator is 0 (nothing extracted, or
    nothing true); a page where both texts are empty is left out;
  * precision and recall are averaged over the pages, and F1 = 2PR/(P+R) of
    the two means.

Prints the means, the pages whose body came out empty, and the pages with the
lowest F1 (ties broken by the most true words missed). The dataset is measurement data: nothing of it is written anywhere
but the temporary folder (or --pages-dir) and the --json file.

Examples:
  scripts/score-extraction.py
  scripts/score-extraction.py --binary .build-extract/release/claimcheck --json /tmp/scores.json
  scripts/score-extraction.py --pages 042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856
  scripts/score-extraction.py --pages-dir /tmp/pages    # keep the decompressed pages to look at
"""

import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

DEFAULT_DATASET = "/work/shared/datasets/article-extraction"
WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text):
    """The multiset of 4-word shingles of a text (one of all its words when it has fewer)."""
    words = WORD.findall(text)
    if not words:
        return collections.Counter()
    if len(words) < SHINGLE:
        return collections.Counter([tuple(words)])
    return collections.Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def score_page(extracted, truth):
    """(precision, recall, tp, fp, fn) of one page, or None when both texts are empty."""
    found, true = shingles(extracted), shingles(truth)
    if not found and not true:
        return None
    tp = sum((found & true).values())
    fp = sum(found.values()) - tp
    fn = sum(true.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0, tp, fp, fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def f1(precision, recall):
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def page_id(source):
    name = os.path.basename(source)
    return name[:-len(".html")] if name.endswith(".html") else name


def run_extract(binary, folder):
    """One `claimcheck extract` over the whole folder: {id: document}."""
    command = [binary, "extract", folder, "--format", "json", "--regions", "body"]
    started = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - started
    if result.returncode not in (0, 2):
        sys.stderr.write(result.stderr.decode("utf-8", "replace"))
        sys.exit(f"score-extraction: {' '.join(command)} exited {result.returncode}")
    if result.returncode == 2:
        sys.stderr.write("score-extraction: some pages could not be read (scored as empty):\n")
        sys.stderr.write(result.stderr.decode("utf-8", "replace"))
    try:
        documents = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        sys.exit(f"score-extraction: claimcheck extract did not print JSON ({error})")
    if isinstance(documents, dict):
        documents = [documents]
    return {page_id(document["source"]): document for document in documents}, elapsed


def decompress(dataset, ids, folder):
    for identifier in ids:
        with gzip.open(os.path.join(dataset, "html", identifier + ".html.gz"), "rb") as source:
            data = source.read()
        with open(os.path.join(folder, identifier + ".html"), "wb") as target:
            target.write(data)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/claimcheck", help="the claimcheck executable (default: %(default)s)")
    parser.add_argument("--dataset", default=DEFAULT_DATASET, help="the dataset folder (default: %(default)s)")
    parser.add_argument("--json", metavar="OUT", help="write per-page figures to this file")
    parser.add_argument("--pages", metavar="ID,...", help="score only these page ids")
    parser.add_argument("--pages-dir", metavar="DIR", help="decompress the pages here and keep them (default: a temporary folder)")
    parser.add_argument("--worst", type=int, default=15, metavar="N", help="how many of the lowest-F1 pages to list (default: %(default)s)")
    options = parser.parse_args()

    if not os.access(options.binary, os.X_OK):
        sys.exit(f"score-extraction: no executable at {options.binary}; build it first "
                 "(swift build -c release --product claimcheck) or pass --binary")
    with open(os.path.join(options.dataset, "ground-truth.json"), encoding="utf-8") as file:
        truth = json.load(file)
    available = sorted(name[:-len(".html.gz")] for name in os.listdir(os.path.join(options.dataset, "html"))
                       if name.endswith(".html.gz"))
    missing_truth = [identifier for identifier in available if identifier not in truth]
    if missing_truth:
        sys.stderr.write(f"score-extraction: {len(missing_truth)} pages have no ground truth and are skipped: "
                         f"{', '.join(missing_truth)}\n")
    ids = [identifier for identifier in available if identifier in truth]
    if options.pages:
        wanted = [identifier.strip() for identifier in options.pages.split(",") if identifier.strip()]
        unknown = [identifier for identifier in wanted if identifier not in ids]
        if unknown:
            sys.exit(f"score-extraction: no such page: {', '.join(unknown)}")
        ids = wanted

    if options.pages_dir:
        os.makedirs(options.pages_dir, exist_ok=True)
        decompress(options.dataset, ids, options.pages_dir)
        documents, elapsed = run_extract(options.binary, options.pages_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="score-extraction-") as folder:
            decompress(options.dataset, ids, folder)
            documents, elapsed = run_extract(options.binary, folder)

    pages = []
    for identifier in ids:
        document = documents.get(identifier)
        error = "not in claimcheck's output" if document is None else document.get("error")
        blocks = [] if document is None else [block for block in document["blocks"] if block["region"] == "body"]
        extracted = "\n".join(block["text"] for block in blocks)
        expected = truth[identifier].get("articleBody") or ""
        scored = score_page(extracted, expected)
        page = {
            "id": identifier,
            "url": truth[identifier].get("url"),
            "extractedWords": len(WORD.findall(extracted)),
            "trueWords": len(WORD.findall(expected)),
            "bodyBlocks": len(blocks),
            "emptyBody": not extracted.strip(),
            "error": error,
            "scored": scored is not None,
        }
        if scored is not None:
            precision, recall, tp, fp, fn = scored
            page.update(precision=precision, recall=recall, f1=f1(precision, recall), tp=tp, fp=fp, fn=fn)
        pages.append(page)

    scored_pages = [page for page in pages if page["scored"]]
    if not scored_pages:
        sys.exit("score-extraction: no page could be scored")
    mean_precision = sum(page["precision"] for page in scored_pages) / len(scored_pages)
    mean_recall = sum(page["recall"] for page in scored_pages) / len(scored_pages)
    overall = f1(mean_precision, mean_recall)
    empty = [page for page in pages if page["emptyBody"]]
    errors = [page for page in pages if page["error"]]

    print(f"pages scored: {len(scored_pages)} of {len(pages)} (extract: {elapsed:.1f} s, one process)")
    print(f"precision: {mean_precision:.3f}")
    print(f"recall:    {mean_recall:.3f}")
    print(f"F1:        {overall:.3f}")
    print(f"empty body: {len(empty)}" + (": " + ", ".join(page["id"] for page in empty) if empty else ""))
    if errors:
        print(f"input errors: {len(errors)}: " + ", ".join(f"{page['id']} ({page['error']})" for page in errors))
    zero = [page for page in scored_pages if page["f1"] == 0]
    print(f"F1 = 0: {len(zero)} pages ({sum(page['emptyBody'] for page in zero)} of them with an empty body)")
    # Ties (many pages at 0) are broken by the most true words missed, then by id.
    worst = sorted(scored_pages, key=lambda page: (page["f1"], -page["trueWords"], page["id"]))[:options.worst]
    print(f"\nlowest F1 ({len(worst)}):")
    print(f"{'id':<64}  {'P':>5}  {'R':>5}  {'F1':>5}  {'words':>13}  host")
    for page in worst:
        host = urllib.parse.urlparse(page["url"] or "").netloc
        words = f"{page['extractedWords']}/{page['trueWords']}"
        print(f"{page['id']:<64}  {page['precision']:5.3f}  {page['recall']:5.3f}  {page['f1']:5.3f}  {words:>13}  {host}")
    print("(words: extracted / true)")

    if options.json:
        with open(options.json, "w", encoding="utf-8") as file:
            json.dump({"precision": mean_precision, "recall": mean_recall, "f1": overall,
                       "pagesScored": len(scored_pages), "emptyBody": [page["id"] for page in empty],
                       "pages": pages}, file, indent=1)
            file.write("\n")


if __name__ == "__main__":
    main()
