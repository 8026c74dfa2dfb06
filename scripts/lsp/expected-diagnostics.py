#!/usr/bin/env python3
"""Prints where a client should show each finding of `claimcheck check --format json`
(read on standard input): one line per verdict, "line col end_line end_col rule",
0-based, columns in UTF-8 bytes of their line (how Neovim stores diagnostics),
computed here from the report's byte offsets and the file itself, not by ClaimCheck."""
import json
import sys

source = open(sys.argv[1], "rb").read()
line_starts = [0] + [index + 1 for index, byte in enumerate(source) if byte == 0x0A]


def place(offset):
    line = max(index for index, start in enumerate(line_starts) if start <= offset)
    return line, offset - line_starts[line]


report = json.load(sys.stdin)
rows = []
for verdict in report["verdicts"]:
    location = verdict["location"]
    start = place(location["offset"])
    end = place(location["offset"] + location["length"])
    # The report's own 1-based line must agree with the byte offset.
    assert start[0] + 1 == location["line"], (start, location)
    rows.append((start[0], start[1], end[0], end[1], verdict["reasons"][0]["rule"]))
for row in sorted(rows):
    print(*row)
