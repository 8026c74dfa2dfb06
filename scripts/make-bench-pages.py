#!/usr/bin/env python3
"""Render the press-release corpus as scraped web pages for benchmarks.

Each JSON article of ../shared/corpus/healthrelease becomes an HTML page with the
chrome real pages carry: a cookie banner, header and menu, scripts and styles, a
sidebar, reader comments and a footer. With --megabytes N the set is repeated
(with numbered copies) until it reaches N MB. The output is not committed.

    python3 scripts/make-bench-pages.py ../shared/corpus/healthrelease bench-corpus/pages
    python3 scripts/make-bench-pages.py ../shared/corpus/healthrelease bench-corpus/big --megabytes 200
    python3 scripts/make-bench-pages.py ../shared/corpus/healthrelease bench-corpus/x8 --copies 8
"""
import argparse, html, json, os, sys

CHROME_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Health News</title>
<style>body{{font-family:Georgia,serif;max-width:46em;margin:auto}} .ad{{display:none}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}};gtag('js',new Date());</script>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">Health News</a><nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/research">Research</a></li><li><a href="/about">About</a></li></ul></nav></header>
<main><article class="post"><h1>{title}</h1>
<p class="byline">By {authors}</p>
<div class="entry-content">
"""
CHROME_TAIL = """</div></article>
<aside class="sidebar"><h3>Popular</h3><ul><li><a href="/a">This one trick melts fat</a></li><li><a href="/b">Doctors stunned by new cure</a></li></ul></aside>
<section class="comments-area" id="comments"><h2>2 Comments</h2><ol class="comment-list">
<li class="comment"><footer class="comment-meta"><b>Reader</b> <time>2019</time></footer><div class="comment-content"><p>Great news, I hope it works for everyone.</p></div></li>
<li class="comment"><footer class="comment-meta"><b>Skeptic</b> <time>2019</time></footer><div class="comment-content"><p>Studies show nothing of the sort.</p></div></li>
</ol></section></main>
<footer class="site-footer"><p>&copy; Health News. All rights reserved.</p><nav><a href="/privacy">Privacy</a></nav></footer>
<script src="https://cdn.example.org/analytics.js" async></script>
</body></html>
"""

def render(article):
    paragraphs = [p.strip() for p in article.get("text", "").split("\n\n") if p.strip()]
    body = "\n".join("<p>%s</p>" % html.escape(p, quote=False).replace("\n", " ") for p in paragraphs)
    authors = ", ".join(article.get("authors") or []) or "Staff"
    return CHROME_HEAD.format(title=html.escape(article.get("title") or "Untitled"), authors=html.escape(authors)) + body + CHROME_TAIL

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("output")
    parser.add_argument("--megabytes", type=float, default=0, help="repeat the pages until the set reaches this size")
    parser.add_argument("--copies", type=int, default=1, help="at least this many copies of every page (numbered)")
    args = parser.parse_args()
    names = sorted(n for n in os.listdir(args.corpus) if n.endswith(".json"))
    if not names:
        sys.exit("no .json files in %s" % args.corpus)
    pages = []
    for name in names:
        with open(os.path.join(args.corpus, name), encoding="utf-8") as handle:
            pages.append((name[:-5], render(json.load(handle)).encode("utf-8")))
    os.makedirs(args.output, exist_ok=True)
    written, copy = 0, 0
    target = args.megabytes * 1_000_000
    while True:
        for stem, page in pages:
            suffix = "" if copy == 0 else "-%03d" % copy
            with open(os.path.join(args.output, stem + suffix + ".html"), "wb") as handle:
                handle.write(page)
            written += len(page)
        copy += 1
        if written >= target and copy >= args.copies:
            break
    print("%d pages, %.2f MB in %s" % (len(pages) * copy, written / 1e6, args.output))

if __name__ == "__main__":
    main()
