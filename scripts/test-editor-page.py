#!/usr/bin/env python3
"""Drives the editor's page of `claimcheck serve` in headless Chromium.

    scripts/test-editor-page.py --base-url http://127.0.0.1:PORT [--screenshots docs/screenshots]

Pastes fixtures, checks them, and asserts against the server's own JSON report
for the same text: every verdict is highlighted with its verdict's colour class
over exactly the report's span (UTF-8 byte offsets, with non-ASCII and emoji
before and inside claims), a highlight opens by click and by keyboard and shows
its note (verdict, severity, rules, reasons, evidence links), the filters hide
what they should, the suppression comment is right and, inserted, suppresses
its finding, a dropped file is read by its extension, the debounce sends one
request for a burst of typing, an error from the server is shown, and the
page logs no console errors and sends no request to another origin.
Exits non-zero on the first failure.
"""
import argparse
import json
import os
import sys
import time
import urllib.request
from urllib.parse import urlparse

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Fixtures")
# My own lines, inserted after a fixture's title: multi-byte characters (two-,
# three- and four-byte UTF-8, astral emoji) ahead of every claim.
NON_ASCII = "Notes 🧪💊 from a naïve café, Zürich ✓ — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍⚕️ first.\n\n"

failures = 0
passes = 0


def check(condition, what):
    global failures, passes
    if condition:
        passes += 1
        print(f"ok    {what}")
    else:
        failures += 1
        print(f"FAIL  {what}")
        raise SystemExit(f"editor page test failed: {what}")


class Page:
    def __init__(self, base_url, width=1400, height=1000):
        options = Options()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         f"--window-size={width},{height}", "--lang=en-US", "--disable-extensions",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-default-apps"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
        if os.path.exists(binary):
            options.binary_location = binary
        driver_path = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
        self.driver = webdriver.Chrome(service=Service(driver_path), options=options)
        self.base = base_url.rstrip("/")
        self.origin = "{0.scheme}://{0.netloc}".format(urlparse(self.base))
        self.requests = []
        self.console = []

    def load(self):
        self.driver.get(self.base + "/")
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")

    def wait(self, condition, timeout=15, what="the page"):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(condition)
        except TimeoutException:
            raise SystemExit(f"editor page test failed: timed out waiting for {what}")

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def el(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def drain_logs(self):
        """Collects network requests and console messages logged so far."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
        for entry in self.driver.get_log("browser"):
            self.console.append(entry)

    def checks_sent(self):
        self.drain_logs()
        return sum(1 for url in self.requests if url.endswith("/v1/check"))

    def paste(self, text):
        """Replaces the draft with `text` as a paste does (one insertion, any Unicode)."""
        draft = self.el("#draft")
        draft.click()
        self.js("arguments[0].select()", draft)
        self.driver.execute_cdp_cmd("Input.insertText", {"text": text})
        check(self.js("return document.getElementById('draft').value") == text, f"the draft holds the pasted text ({len(text)} characters)")

    def wait_for_report(self, sent_before, what):
        self.wait(lambda d: self.checks_sent() > sent_before, what=f"a request to /v1/check ({what})")
        self.wait(lambda d: d.execute_script(
            "return document.getElementById('busy').hidden && !document.getElementById('results').hidden"
            " && !document.getElementById('results').classList.contains('stale')"), what=f"the report ({what})")

    def check_now(self, what):
        before = self.checks_sent()
        self.el("#check").click()
        self.wait_for_report(before, what)

    def quit(self):
        self.driver.quit()


def server_report(base, text, fmt, name):
    body = json.dumps({"text": text, "format": fmt, "name": name}).encode()
    request = urllib.request.Request(base.rstrip("/") + "/v1/check", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def span(text, location):
    data = text.encode("utf-8")
    return data[location["offset"]:location["offset"] + location["length"]].decode("utf-8")


def assert_highlights(page, report, text, label):
    verdicts = report["verdicts"]
    check(len(verdicts) > 0, f"{label}: the server's report has verdicts ({len(verdicts)})")
    marks = page.js("""return [...document.querySelectorAll('#article mark.claim')].map(m => ({
        index: Number(m.dataset.index), text: m.textContent, classes: m.className,
        verdict: m.dataset.verdict, focusable: m.tabIndex === 0, role: m.getAttribute('role'),
        label: m.getAttribute('aria-label')}))""")
    check(len(marks) == len(verdicts), f"{label}: one highlight per verdict ({len(marks)} of {len(verdicts)})")
    by_index = {mark["index"]: mark for mark in marks}
    for index, verdict in enumerate(verdicts):
        mark = by_index.get(index)
        expected = span(text, verdict["location"])
        where = f"{label}: claim {index + 1} (line {verdict['location']['line']}, {verdict['verdict']})"
        check(mark is not None, f"{where} is highlighted")
        check(f"v-{verdict['verdict']}" in mark["classes"].split(), f"{where} has colour class v-{verdict['verdict']}")
        check(mark["text"] == expected, f"{where} covers exactly the report's span {expected[:50]!r}")
        check(" ".join(mark["text"].split()) == " ".join(verdict["claim"].split()) or "<" in expected or "&" in expected,
              f"{where} reads as the report's claim")
        check(mark["focusable"] and mark["role"] == "button" and verdict["verdict"] in mark["label"],
              f"{where} is a focusable button labelled with its verdict")
    return marks


def assert_note(page, report, index, label):
    verdict = report["verdicts"][index]
    page.wait(lambda d: d.execute_script("return !document.getElementById('note-view').hidden"), what="the note")
    note = page.js("""const n = document.querySelector('#note-body .note'); return {
        verdict: n.querySelector('.verdict').textContent, severity: n.querySelector('.head .sev').textContent,
        classes: n.className, rules: [...n.querySelectorAll('.reasons li')].map(li => li.dataset.rule),
        reasons: [...n.querySelectorAll('.reasons li')].map(li => li.textContent),
        links: [...n.querySelectorAll('.evidence a')].map(a => a.href), text: n.textContent,
        expanded: document.querySelector('#article mark.claim[data-index="' + arguments[0] + '"]').getAttribute('aria-expanded')}""", index)
    where = f"{label}: note of claim {index + 1}"
    check(note["verdict"] == verdict["verdict"] and note["severity"] == verdict["severity"], f"{where} shows verdict {verdict['verdict']} and severity {verdict['severity']}")
    check(f"v-{verdict['verdict']}" in note["classes"], f"{where} is in the verdict's colour")
    check(note["rules"] == [reason["rule"] for reason in verdict["reasons"]], f"{where} lists the rules {note['rules']}")
    for reason, shown in zip(verdict["reasons"], note["reasons"]):
        check(reason["message"] in shown, f"{where} gives the reason {reason['message'][:50]!r}")
    for evidence in verdict["evidence"]:
        check(evidence["citation"].split(". ")[0] in note["text"], f"{where} cites {evidence['citation'][:40]!r}")
        if "link" in evidence:
            check(evidence["link"] in note["links"], f"{where} links {evidence['link']}")
    check(note["expanded"] == "true", f"{where}: its highlight is marked expanded")
    return note


def assert_accessible(page, label):
    """axe-core (3.1, the copy axe-selenium-python ships) finds no WCAG 2.0 A/AA, 2.1 AA or best-practice violation."""
    if not page.js("return typeof axe === 'object'"):
        Axe(page.driver).inject()
    page.driver.set_script_timeout(60)
    result = page.driver.execute_async_script("""const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})
          .then(r => done({passes: r.passes.length, violations: r.violations.map(v => `${v.id} at ${v.nodes.slice(0, 3).map(n => n.target).join(', ')}`)}),
                e => done({passes: 0, violations: ['axe failed: ' + e]}))""")
    found = result["violations"]
    check(not found, f"{label}: axe finds no accessibility violation ({result['passes']} rules pass){': ' + '; '.join(found) if found else ''}")


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return handle.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--screenshots", help="folder to write editor-*.png into")
    parser.add_argument("--body-limit", type=int, default=2 * 1024 * 1024, help="the server's request body limit in bytes")
    arguments = parser.parse_args()
    started = time.time()
    page = Page(arguments.base_url)
    try:
        run(page, arguments)
    finally:
        page.quit()
    print(f"editor page: {passes} checks passed, {failures} failed, {time.time() - started:.1f} s")
    return 1 if failures else 0


def run(page, arguments):
    base = arguments.base_url
    page.load()
    check(page.driver.title.startswith("ClaimCheck"), "GET / serves the editor's page")
    assert_accessible(page, "the empty page")
    check(page.js("return document.querySelectorAll('script[src], link[rel=stylesheet], img, iframe, object, embed').length") == 0,
          "the page loads no external script, style sheet or image")

    # 1. Paste a Markdown fixture with non-ASCII lines ahead of its claims, press Check.
    text = fixture("overclaim.md")
    title_end = text.index("\n\n") + 2
    text = text[:title_end] + NON_ASCII + text[title_end:]
    page.paste(text)
    check(page.js("return document.getElementById('format').selectedOptions[0].textContent").startswith("Auto: Markdown"),
          "a pasted Markdown draft is read as Markdown")
    page.js("document.getElementById('live').click()")  # off: this check is by the button
    page.check_now("the pasted Markdown")
    report = server_report(base, text, "markdown", "draft.md")
    marks = assert_highlights(page, report, text, "overclaim.md + non-ASCII")
    check(any(ord(c) > 0xFFFF for mark in marks for c in mark["text"]), "a highlight holds an astral emoji, spans still exact")
    status = page.el("#status").text
    check(f"{len(report['verdicts'])} claims" in status and f"Gate {report['gate']}" in status, f"the live region announces the result: {status!r}")
    summary = page.el("#summary").text
    for kind, count in report["summary"]["byVerdict"].items():
        check(f"{count} {kind}" in summary, f"the summary bar counts {count} {kind}")
    checklist = page.js("return [...document.querySelectorAll('#checklist li')].map(li => [li.dataset.rule, li.className, li.textContent])")
    check([(rule, cls) for rule, cls, _ in checklist] == [(item["rule"], "pass" if item["passed"] else "fail") for item in report["checklist"]],
          f"the checklist shows the report's {len(report['checklist'])} items, met or not")

    # 2. Open a note by click, then by keyboard (Enter), close it with Escape.
    proven = next(i for i, v in enumerate(report["verdicts"]) if any(r["rule"] == "certainty.proven" for r in v["reasons"]))
    page.el(f'#article mark.claim[data-index="{proven}"]').click()
    assert_note(page, report, proven, "click")
    check(page.js("return document.activeElement.id") == "note-title", "opening a note moves focus to it")
    assert_accessible(page, "desktop, a note open")
    page.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    check(page.js("return document.getElementById('note-view').hidden"), "Escape closes the note")
    check(page.js("return document.activeElement.dataset.index") == str(proven), "Escape returns focus to the highlight")

    first = 0
    page.el("#check").send_keys("")  # focus the Check button
    page.js("document.getElementById('check').focus()")
    reached = None
    for _ in range(40):
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
        if page.js("return document.activeElement.matches('mark.claim')"):
            reached = page.js("return Number(document.activeElement.dataset.index)")
            break
    check(reached == first, "Tab from the Check button reaches the first highlight")
    outline = page.js("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]")
    check(outline[0] != "none" and outline[1] != "0px", f"the focused highlight has a visible focus ring {outline}")
    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert_note(page, report, first, "Enter")
    page.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    page.js(f"document.querySelector('#article mark.claim[data-index=\"{first}\"]').focus()")
    page.driver.switch_to.active_element.send_keys(Keys.SPACE)
    assert_note(page, report, first, "Space")
    page.el("#note-next").click()
    assert_note(page, report, first + 1, "Next")
    page.el("#note-back").click()
    check(page.js("return document.getElementById('note-view').hidden && !document.getElementById('findings-view').hidden"),
          "All findings closes the note and lists the findings")
    findings = page.js("return [...document.querySelectorAll('#findings .finding')].map(b => b.dataset.index)")
    check(findings == [str(i) for i in range(len(report["verdicts"]))], "the findings list has every verdict, in order")

    # 3. Filters hide what they should.
    regions = {v["region"] for v in report["verdicts"]}
    check("comments" in regions, "the fixture has a finding in reader comments")
    page.el('#filter-region input[value="comments"]').click()
    shown = page.js("return [...document.querySelectorAll('#article mark.claim')].map(m => Number(m.dataset.index))")
    expected = [i for i, v in enumerate(report["verdicts"]) if v["region"] != "comments"]
    check(shown == expected, f"unticking region comments hides its highlights ({len(report['verdicts']) - len(shown)} hidden)")
    check(len(page.all("#findings .finding")) == len(expected), "and its findings")
    page.el('#filter-severity input[value="info"]').click()
    shown = page.js("return [...document.querySelectorAll('#article mark.claim')].map(m => Number(m.dataset.index))")
    expected = [i for i, v in enumerate(report["verdicts"]) if v["region"] != "comments" and v["severity"] != "info"]
    check(shown == expected, f"unticking severity info hides the info findings too ({len(shown)} shown)")
    check("Showing" in page.el("#status").text, "the live region says how many findings are shown")
    page.el('#filter-region input[value="comments"]').click()
    page.el('#filter-severity input[value="info"]').click()
    check(len(page.all("#article mark.claim")) == len(report["verdicts"]), "ticking them again shows every highlight")

    # 4. Copy as suppression: the comment, then inserted, suppresses its finding.
    page.el(f'#article mark.claim[data-index="{proven}"]').click()
    rule_select = page.all("#supp-rule")
    if rule_select:
        Select(rule_select[0]).select_by_value("certainty.proven")
    comment = page.el("#supp-text").text
    check(comment == "<!-- claimcheck-disable-next-line certainty.proven -- reason: … -->", f"the suppression asks for its reason: {comment!r}")
    page.el("#supp-reason").send_keys("quoted to rebut it")
    comment = page.el("#supp-text").text
    check(comment == "<!-- claimcheck-disable-next-line certainty.proven -- quoted to rebut it -->", f"the suppression carries the reason typed: {comment!r}")
    page.driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": page.origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    page.el("#supp-copy").click()
    page.wait(lambda d: "Copied" in d.find_element(By.ID, "status").text, what="the copy to be announced")
    clipboard = page.driver.execute_async_script("navigator.clipboard.readText().then(arguments[0], () => arguments[0](null))")
    check(clipboard is None or clipboard == comment, f"the clipboard holds the comment ({'read back' if clipboard else 'not readable headless'})")
    line = report["verdicts"][proven]["location"]["line"]
    before = page.checks_sent()
    page.el("#supp-insert").click()
    page.wait_for_report(before, "after inserting the suppression")
    draft_lines = page.js("return document.getElementById('draft').value").split("\n")
    check(draft_lines[line - 1] == comment, f"Insert puts the comment on its own line above line {line}")
    suppressed = page.js("return [...document.querySelectorAll('#article mark.claim.suppressed')].map(m => m.textContent)")
    check(len(suppressed) == 1 and suppressed[0] == span(text, report["verdicts"][proven]["location"]),
          "the re-check reports that claim suppressed, and only it")
    check("1 suppressed" in page.el("#summary").text, "the summary bar counts it suppressed")
    page.el("#filter-suppressed").click()
    check(len(page.all("#article mark.claim.suppressed")) == 0 and len(page.all("#article mark.claim")) == len(report["verdicts"]) - 1,
          "unticking show suppressed hides it")
    page.el("#filter-suppressed").click()

    # 4b. The comment inserted with its placeholder left as it is suppresses nothing, and says so.
    page.paste(text)
    page.check_now("the draft again")
    page.el(f'#article mark.claim[data-index="{proven}"]').click()
    before = page.checks_sent()
    page.el("#supp-insert").click()
    page.wait_for_report(before, "after inserting the placeholder")
    diagnostics = page.el("#diagnostics").text
    check(f"line {line}:" in diagnostics and "no reason" in diagnostics and not page.all("#article mark.claim.suppressed"),
          f"left as 'reason: …' it suppresses nothing and the report says it gives no reason: {diagnostics[:90]!r}")
    page.paste(text)
    page.check_now("the draft once more")

    # 5. Check as I type: a burst of typing sends one request, after the pause.
    page.js("document.getElementById('live').click()")  # on again
    page.el('#article mark.claim[data-index="0"]').click()
    page.el("#supp-reason").send_keys("kept while typing")
    draft = page.el("#draft")
    page.js("const t = arguments[0]; t.focus(); t.setSelectionRange(t.value.length, t.value.length)", draft)
    before = page.checks_sent()
    added = "\n\nThis tonic is a miracle cure for tired skin."
    for chunk in (added[:12], added[12:24], added[24:]):
        draft.send_keys(chunk)
        time.sleep(0.15)
    check(page.js("return document.getElementById('results').classList.contains('stale')"), "typing marks the report stale at once")
    draft.send_keys(Keys.ESCAPE)
    check(page.js("return document.activeElement.id") == "draft" and not page.js("return document.getElementById('note-view').hidden"),
          "Escape while typing in the draft leaves the caret there and the note open")
    page.wait_for_report(before, "after typing")
    check(page.js("return document.querySelector('#note-body .note').dataset.index") == "0"
          and page.js("return document.getElementById('supp-reason').value") == "kept while typing",
          "the open note stays open across the re-check, the reason typed in it kept")
    time.sleep(0.8)
    check(page.checks_sent() - before == 1, f"a burst of typing sends one request after the pause ({page.checks_sent() - before})")
    typed = page.js("return document.getElementById('draft').value")
    live_report = server_report(base, typed, "markdown", "draft.md")
    assert_highlights(page, live_report, typed, "after typing")
    check(any(span(typed, v["location"]).startswith("This tonic is a miracle cure") for v in live_report["verdicts"]), "the typed claim is flagged and highlighted")

    # 5b. A check made stale by a newer one is cancelled and never shown: the first request is
    # held back 1.5 s (a slow network, simulated by wrapping fetch), the second goes at once.
    page.js("""const original = window.fetch; window.__held = {delayed: 0, aborted: 0};
        window.fetch = (url, options) => {
          if (window.__held.delayed++ > 0) return original(url, options);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => original(url, options).then(resolve, reject), 1500);
            options.signal.addEventListener('abort', () => { clearTimeout(timer); window.__held.aborted++;
              reject(new DOMException('The check was cancelled', 'AbortError')); });
          });
        };""")
    first_text, second_text = fixture("balanced.md"), fixture("domains/vaccines.md")
    page.paste(first_text)
    page.el("#check").click()
    time.sleep(0.2)
    page.paste(second_text)
    page.check_now("the newer of two checks")
    time.sleep(1.6)
    check(page.js("return window.__held.aborted") == 1, "starting a check cancels the one in flight")
    check(page.js("return document.getElementById('draft').value") == second_text, "the draft is the newer text")
    assert_highlights(page, server_report(base, second_text, "markdown", "draft.md"), second_text, "the newer check")
    check(page.el("#error").text.strip() == "", "a cancelled check shows no error")
    page.load()  # a fresh page, without the wrapped fetch

    # 6. Open an HTML file by the file picker: read by its extension, markup dimmed.
    page.js("document.getElementById('live').click()")  # off
    path = os.path.join(FIXTURES, "overclaim.html")
    before = page.checks_sent()
    page.el("#file").send_keys(path)
    page.wait_for_report(before, "the opened HTML file")
    html = fixture("overclaim.html")
    check(page.js("return document.getElementById('draft').value") == html, "the opened file is in the draft")
    check("overclaim.html" in page.el("#results-title").text, "the report is named after the file")
    html_report = server_report(base, html, "html", "overclaim.html")
    assert_highlights(page, html_report, html, "overclaim.html")
    check(len(page.all("#article .tag")) > 10, "the HTML source is shown with its markup dimmed")
    check("source" in page.el("#view-note").text, "the page says HTML is shown as its source")

    # 6b. Drop a file on the page: read by its extension; one ClaimCheck does not read is refused plainly.
    drop = """const [name, text] = arguments; const data = new DataTransfer();
        data.items.add(new File([text], name, {type: 'application/octet-stream'}));
        document.getElementById('drop').dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
        document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));"""
    dropped = fixture("domains/supplements.md")
    before = page.checks_sent()
    page.js(drop, "dropped-draft.md", dropped)
    page.wait_for_report(before, "the dropped file")
    page.wait(lambda d: "dropped-draft.md" in d.find_element(By.ID, "results-title").text, what="the dropped file's report")
    check(page.js("return document.getElementById('draft').value") == dropped, "a dropped .md file is in the draft")
    assert_highlights(page, server_report(base, dropped, "markdown", "dropped-draft.md"), dropped, "dropped supplements.md")
    page.js(drop, "notes.pdf", "%PDF-1.4")
    page.wait(lambda d: d.find_element(By.ID, "error").text.strip() != "", what="the refusal of a .pdf")
    check(".html, .md and .txt" in page.el("#error").text and page.js("return document.getElementById('draft').value") == dropped,
          "a dropped .pdf is refused with what the page reads, the draft kept")

    # 7. Plain text by the selector; the suppression says where it works.
    plain = fixture("overclaim.txt")
    page.paste(plain)
    Select(page.el("#format")).select_by_value("text")
    page.wait(lambda d: d.execute_script("return !document.getElementById('results').classList.contains('stale')"), what="the text report")
    page.wait(lambda d: "draft.txt" in d.find_element(By.ID, "results-title").text, what="the text report")
    text_report = server_report(base, plain, "text", "draft.txt")
    assert_highlights(page, text_report, plain, "overclaim.txt")
    page.all("#article mark.claim")[0].click()
    check("Plain text has no comments" in page.el("#supp-hint").text and not page.all("#supp-insert"),
          "for plain text the page says a suppression needs Markdown or HTML")
    page.el("#note-back").click()
    Select(page.el("#format")).select_by_value("auto")

    # 8. Narrow window and 200% zoom: one column, no horizontal scroll, the note as a sheet.
    page.paste(fixture("domains/alternative-remedies.md"))
    page.check_now("alternative-remedies.md")
    for width, height, scale in ((1280 // 2, 800 // 2, 2), (360, 740, 1)):
        page.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})
        time.sleep(0.3)
        overflow = page.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, f"at {width} CSS px ({'200% zoom' if scale == 2 else 'narrow'}) nothing scrolls sideways ({overflow})")
        columns = page.js("return getComputedStyle(document.querySelector('.workspace')).gridTemplateColumns.split(' ').length")
        check(columns == 1, f"at {width} CSS px the article and the findings stack in one column")
        page.all("#article mark.claim")[1].click()
        sheet = page.js("const r = document.getElementById('note-panel').getBoundingClientRect(); return [getComputedStyle(document.getElementById('note-panel')).position, r.bottom, r.top, innerHeight]")
        check(sheet[0] == "fixed" and abs(sheet[1] - sheet[3]) < 2 and sheet[2] > 0, f"at {width} CSS px the note opens as a sheet at the bottom {sheet}")
        mark = page.js("const r = document.querySelector('#article mark.claim[aria-expanded=true]').getBoundingClientRect(); return [r.top, r.bottom]")
        check(mark[0] < sheet[2], f"the highlight stays in view above the sheet {mark}")
        assert_accessible(page, f"{width} CSS px, the note sheet open")
        page.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    page.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # Console and network, before an error is provoked on purpose.
    page.drain_logs()
    errors = [entry for entry in page.console if entry["level"] == "SEVERE"]
    check(not errors, f"no console errors ({len(page.console)} console messages, {len(errors)} errors){': ' + str(errors) if errors else ''}")
    foreign = [url for url in page.requests if not (url.startswith(page.origin + "/") or url.startswith("data:"))]
    check(not foreign, f"every request goes to the page's own origin ({len(page.requests)} requests, {len(foreign)} elsewhere){': ' + str(foreign[:5]) if foreign else ''}")
    paths = {urlparse(url).path for url in page.requests if url.startswith(page.origin)}
    check(paths <= {"/", "/v1/check"}, f"the page requests only / and /v1/check ({sorted(paths)})")

    # 9. An error from the server is shown plainly, and the next check clears it.
    big = "Too long. " * (arguments.body_limit // 10 + 1024)
    page.js("const t = document.getElementById('draft'); t.value = arguments[0]; t.dispatchEvent(new Event('input'))", big)
    before = page.checks_sent()
    page.el("#check").click()
    page.wait(lambda d: d.find_element(By.ID, "error").text.strip() != "", what="the error to be shown")
    error = page.el("#error").text
    check("413" in error, f"a draft over the body limit shows the server's error: {error[:120]!r}")
    page.paste(fixture("balanced.md"))
    page.check_now("after the error")
    check(page.el("#error").text.strip() == "", "the next check clears the error")
    page.drain_logs()
    unexpected = [entry for entry in page.console if entry["level"] == "SEVERE" and "413" not in entry["message"]]
    check(not unexpected, "no console errors but the failed request's own line")

    if arguments.screenshots:
        screenshots(page, arguments.screenshots)


def screenshots(page, folder):
    """The README's pictures: a fixture as an editor sees it, at desktop width, with a note open, and at 200% zoom."""
    metrics = lambda width, height, scale: page.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})
    page.paste(fixture("overclaim.md"))
    if not page.js("return document.getElementById('live').checked"):
        page.js("document.getElementById('live').click()")
    page.check_now("the screenshots")
    page.js("const t = document.getElementById('draft'); t.style.height = '12rem'; t.setSelectionRange(0, 0); t.blur(); t.scrollTop = 0")
    metrics(1440, 1500, 1)
    shoot(page, folder, "editor-desktop.png", scroll_to="body")
    metrics(1440, 1000, 1)
    proven = page.js("return document.querySelector('#article mark.claim[data-severity=error]').dataset.index")
    page.el(f'#article mark.claim[data-index="{proven}"]').click()
    page.el("#supp-reason").send_keys("quoted to rebut it")
    shoot(page, folder, "editor-note.png", scroll_to=f'#article mark.claim[data-index="{proven}"]', block="center")
    page.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    metrics(640, 400, 2)
    shoot(page, folder, "editor-zoom200.png", scroll_to="#results-title")
    page.el(f'#article mark.claim[data-index="{proven}"]').click()
    shoot(page, folder, "editor-zoom200-note.png")
    page.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def shoot(page, folder, name, scroll_to=None, block="start"):
    os.makedirs(folder, exist_ok=True)
    if scroll_to:
        page.js("document.querySelector(arguments[0]).scrollIntoView({block: arguments[1]})", scroll_to, block)
        time.sleep(0.2)
    path = os.path.join(folder, name)
    page.driver.save_screenshot(path)
    print(f"      screenshot {path}")


if __name__ == "__main__":
    sys.exit(main())
