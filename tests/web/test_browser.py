#!/usr/bin/env python3
"""Browser test of `dafu serve` in real headless Chromium.

Usage: test_browser.py DAFU SOURCE_DIR

Imports the fixture letters and the shared seed letters, starts the server, and
walks it as a reader would, each page rendered by Chromium (--dump-dom): the
search form at /, submitted with 有色金属 as the form would submit it; the seed
letter opened from the results through the link found in the page; its
delegate's page through the letter's link; and the statistics page. Each page's
rendered content is checked.

Skips (exit 77) when chromium or ../shared/seed is absent.
"""
import html.parser
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

DAFU = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
SHARED = os.path.realpath(os.environ.get("DAFU_SHARED") or os.path.join(SRC, "..", "shared"))
SEED = os.path.join(SHARED, "seed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL: " + what, flush=True)


class Page(html.parser.HTMLParser):
    """What a test needs of a rendered page: links, form fields, text, marks."""

    def __init__(self, dom):
        super().__init__(convert_charrefs=True)
        self.links = []   # (href, class, text)
        self.fields = []  # (tag, name, value) of the search form
        self.marks = []
        self.h1 = ""
        self.title = ""
        self.text = []
        self._a = None
        self._in = []
        self._form = False
        self.action = None
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in.append(tag)
        if tag == "a":
            self._a = [a.get("href"), a.get("class"), ""]
        elif tag == "form" and "search" in (a.get("class") or ""):
            self._form = True
            self.action = a.get("action")
        elif self._form and tag in ("input", "select") and a.get("name"):
            self.fields.append((tag, a["name"], a.get("value", "")))
        elif tag == "mark":
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self._a:
            self.links.append(tuple(self._a))
            self._a = None
        elif tag == "form":
            self._form = False
        while self._in:
            if self._in.pop() == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        if self._a is not None:
            self._a[2] += data
        if "mark" in self._in and self.marks:
            self.marks[-1] += data
        if self._in and self._in[-1] == "h1":
            self.h1 += data
        if self._in and self._in[-1] == "title":
            self.title += data

    def all_text(self):
        return "".join(self.text)


def dump(base, path, profile):
    """The DOM Chromium renders for base+path."""
    url = base + path
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
           "--dump-dom", url]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    check(r.returncode == 0 and "</html>" in r.stdout,
          "chromium --dump-dom %s: exit %d, %d bytes\n%s" % (path, r.returncode, len(r.stdout),
                                                            r.stderr[-2000:]))
    return Page(r.stdout)


def main():
    if not CHROMIUM:
        print("skip: chromium is not installed (apt-get install chromium)")
        return 77
    if not os.path.isdir(SEED):
        print("skip: the browser test needs %s (the shared letters), which is not present" % SEED)
        return 77
    tmp = tempfile.mkdtemp(prefix="dafu-browser-")
    srv = None
    try:
        db = os.path.join(tmp, "web.db")
        r = subprocess.run([DAFU, "import", "--db", db, os.path.join(SRC, "tests", "letters"), SEED],
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, "import: " + r.stderr)
        srv = subprocess.Popen([DAFU, "serve", "--db", db, "--port", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        first = srv.stderr.readline()
        m = re.search(r"on (http://127\.0\.0\.1:\d+)/$", first.strip())
        if not m:
            print("dafu serve did not start: %r" % first)
            return 1
        walk(m.group(1), os.path.join(tmp, "profile"))
    finally:
        if srv:
            srv.send_signal(signal.SIGTERM)
            try:
                rc = srv.wait(timeout=60)
            except subprocess.TimeoutExpired:
                srv.kill()
                rc = "timeout"
            check(rc == 0, "dafu serve stopped with %r" % rc)
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


def walk(base, profile):
    # 1. The search page, and its form submitted as a browser submits a GET form.
    home = dump(base, "/", profile)
    names = [f[1] for f in home.fields]
    check(home.action == "/" and "q" in names and "delegate" in names and "year" in names,
          "/: the search form, got %r" % names)
    query = urllib.parse.urlencode([(n, "有色金属" if n == "q" else v) for _, n, v in home.fields])
    results = dump(base, "/?" + query, profile)
    check("有色金属" in results.title, "search: the title names the query, got %r" % results.title)
    check(("q", "有色金属") in [(f[1], f[2]) for f in results.fields], "search: the box keeps 有色金属")
    check(any("有色金属" in mk for mk in results.marks), "search: 有色金属 highlighted, got %r"
          % results.marks[:5])

    # 2. The seed letter, opened from the results.
    hit = [l for l in results.links if l[1] == "t" and "郴州有色金属" in l[2]]
    check(len(hit) == 1 and re.fullmatch(r"/reply/\d+", hit[0][0] or ""),
          "search: one result links the seed letter, got %r" % hit)
    if not hit:
        return
    letter = dump(base, hit[0][0], profile)
    text = letter.all_text()
    check(letter.h1 == "关于加大对郴州有色金属产业扶持力度的建议", "letter: h1 %r" % letter.h1)
    for want in ("何如球", "湖南省工业和信息化厅", "0831", "湘工信建议函[2023]266号", "2023-05-12",
                 "湖南省人大14届1次", "有色金属产业是我省的重要传统产业"):
        check(want in text, "letter: shows %s" % want)

    # 3. The delegate's page, through the letter's link.
    dele = [l for l in letter.links if l[2] == "何如球"]
    check(len(dele) == 1 and dele[0][0] == "/delegate/" + urllib.parse.quote("何如球"),
          "letter: links its delegate, got %r" % dele)
    if not dele:
        return
    person = dump(base, dele[0][0], profile)
    check(person.h1 == "何如球", "delegate: h1 %r" % person.h1)
    check("he ru qiu" in person.all_text(), "delegate: pinyin shown")
    check(any(l[0] == hit[0][0] for l in person.links), "delegate: lists the seed letter")

    # 4. The department's page and the statistics, as rendered.
    dept = [l for l in letter.links if l[2] == "湖南省工业和信息化厅"]
    check(len(dept) == 1, "letter: links its department")
    if dept:
        page = dump(base, dept[0][0], profile)
        check(page.h1 == "湖南省工业和信息化厅" and any(l[0] == hit[0][0] for l in page.links),
              "department: lists the seed letter")
    stats = dump(base, "/stats", profile)
    check("每年的答复" in stats.all_text() and "办理结果类别" in stats.all_text(),
          "stats: the charts' captions")
    check(any((l[0] or "").startswith("/delegate/") for l in stats.links),
          "stats: the delegates' bars link their pages")


if __name__ == "__main__":
    sys.exit(main())
