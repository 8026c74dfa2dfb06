#!/usr/bin/env python3
"""Measures `claimcheck lsp`'s latency from a didChange to its publishDiagnostics:
opens a fixture, then sends N edits one at a time (each inserting a line at the
top, then removing it), waiting for each edit's diagnostics before the next.
Prints p50, p90, p99 and max in milliseconds.

    scripts/lsp/latency.py .build/release/claimcheck Fixtures/overclaim.md --edits 200
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import time

parser = argparse.ArgumentParser()
parser.add_argument("claimcheck")
parser.add_argument("fixture")
parser.add_argument("--edits", type=int, default=100)
arguments = parser.parse_args()

server = subprocess.Popen([arguments.claimcheck, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def receive():
    length = None
    while True:
        line = server.stdout.readline()
        if not line:
            raise SystemExit("latency: the server closed its output")
        if line == b"\r\n":
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(server.stdout.read(length))


def wait_for_diagnostics(version):
    while True:
        message = receive()
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"].get("version") == version:
            return message["params"]["diagnostics"]


path = pathlib.Path(arguments.fixture).resolve()
uri = path.as_uri()
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}, "rootUri": None}})
receive()
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
opened = time.perf_counter()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": path.read_text()}}})
count = len(wait_for_diagnostics(1))
first = (time.perf_counter() - opened) * 1000
top = {"line": 0, "character": 0}
samples = []
for version in range(2, arguments.edits + 2):
    change = ({"range": {"start": top, "end": top}, "text": "A line added above.\n"} if version % 2 == 0
              else {"range": {"start": top, "end": {"line": 1, "character": 0}}, "text": ""})
    started = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange",
          "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
    diagnostics = wait_for_diagnostics(version)
    samples.append((time.perf_counter() - started) * 1000)
    if len(diagnostics) != count:
        raise SystemExit(f"latency: edit {version} gave {len(diagnostics)} diagnostics, not {count}")
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
receive()
send({"jsonrpc": "2.0", "method": "exit"})
code = server.wait(timeout=10)
samples.sort()


def percentile(share):
    return samples[min(len(samples) - 1, int(share * len(samples)))]


print(f"latency didChange -> publishDiagnostics, {path.name} ({path.stat().st_size} bytes, {count} diagnostics), "
      f"{len(samples)} edits: p50 {statistics.median(samples):.2f} ms, p90 {percentile(0.9):.2f} ms, "
      f"p99 {percentile(0.99):.2f} ms, max {samples[-1]:.2f} ms; first diagnostics {first:.0f} ms after didOpen "
      f"(rules and registry loaded then); exit code {code}")
if code != 0:
    raise SystemExit("latency: the server did not exit 0 after shutdown and exit")
