#!/usr/bin/env python3
"""HTTP tests of `dafu serve`: every page and API route, bad parameters, unknown
IDs, markup in queries and in letters, oversized requests, an import while it
serves, and a clean stop on SIGTERM.

Usage: test_http.py DAFU SOURCE_DIR

Starts `dafu serve --port 0` on an archive of the fixture letters plus two
hostile letters written here, reads the port from its first line on stderr, and
talks to it with http.client. Exits 0 when every check passes, 1 otherwise.
"""
import http.client
import json
import random
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

DAFU = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
TIMEOUT = 60  # seconds; generous for sanitizer builds

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL: " + what, flush=True)


def q(s):
    """Percent-encodes a path segment or a query value."""
    return urllib.parse.quote(s, safe="")


XSS_LETTER = """湖南省测试厅关于省十四届人大一次会议第0999号建议的答复
湘测建〔2023〕1号

何测试代表：
　　您提出的《关于<script>alert(1)</script>防范的建议》收悉。现答复如下：
　　一是加强管理<script>alert(2)</script>，二是 & "引号" 'single' 持续推进。
　　感谢您的关心和支持。

湖南省测试厅
2023年6月18日
"""

XSS_RECORD = {
    "body": "政协", "level": "市", "region": "<i>测试市</i>", "term": 13, "session": 2,
    "kind": "提案", "number": "<b>77</b>", "department": "测试局<script>alert(3)</script>",
    "delegates": ["<img src=x onerror=alert(4)>", "李\"四'"],
    "title": "关于<script>alert(5)</script>的提案", "doc_number": "<svg onload=alert(6)>",
    "date": "2022-03-04", "category": "B",
    "text": "正文 <script>alert(7)</script> 与 &amp; 和 </div></main> 结束",
    "source": "javascript:alert(8)",
}

LATE_LETTER = """湖南省后来厅关于省十四届人大一次会议第0998号建议的答复
湘后建〔2023〕2号

晚到代表：
　　您提出的《关于服务中导入测试的建议》收悉。现答复如下：
　　这封信在服务运行时导入，用来检验读写并行。
　　感谢您的关心和支持。

湖南省后来厅
2023年7月1日
"""


def run(args, **kw):
    return subprocess.run([DAFU] + args, capture_output=True, text=True, timeout=TIMEOUT, **kw)


class Server:
    def __init__(self, db, extra=()):
        self.proc = subprocess.Popen([DAFU, "serve", "--db", db, "--port", "0", "--threads", "4"]
                                     + list(extra), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.first = self.proc.stderr.readline()
        m = re.match(r"dafu: serving '(.*)' on http://127\.0\.0\.1:(\d+)/$", self.first.strip())
        if not m:
            self.proc.kill()
            raise SystemExit("dafu serve did not start: %r %s" % (self.first,
                                                                 self.proc.stderr.read()))
        self.port = int(m.group(2))
        self.rest = []
        self.reader = threading.Thread(target=lambda: self.rest.extend(self.proc.stderr), daemon=True)
        self.reader.start()

    def request(self, method, path, headers=None, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            if body is not None:
                c.putheader("Content-Length", str(len(body)))
            c.endheaders(body)
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def page(self, path):
        status, h, data = self.get(path)
        return status, h.get("content-type", ""), data.decode("utf-8")

    def api(self, path):
        status, h, data = self.get(path)
        check(h.get("content-type") == "application/json; charset=utf-8",
              "%s: JSON content type, got %r" % (path, h.get("content-type")))
        return status, json.loads(data.decode("utf-8"))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "timeout"
        self.reader.join(timeout=5)
        return rc, "".join(self.rest)


def cli_json(db, args):
    r = run(args + ["--db", db, "--format", "json"])
    return json.loads(r.stdout)


def no_markup_from_data(body, where):
    """The page holds no element that came from a letter or the request."""
    for bad in ("<script", "<img", "<svg onload", "<i>", "<b>", "href=\"javascript:"):
        check(bad not in body, "%s: %r appears unescaped" % (where, bad))


def main():
    tmp = tempfile.mkdtemp(prefix="dafu-http-")
    try:
        return tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# One department's template answer to three proposals, for the near-duplicate routes.
TEMPLATE = """青山县交通运输局关于县十八届人大二次会议第{n}号建议的答复

{who}代表：
你提出的《{title}》收悉，现答复如下：
收到你提出的建议后，我局高度重视，立即组织业务科室开展调研。目前全县已经建成乡村公路二百余条，覆盖大部分行政村。针对道路破损问题，我们安排了专项养护资金35万元。今年汛期前将完成沿线排水沟的清理和边坡加固工作。
{middle}我们将积极争取省级交通专项资金，逐步改善通行条件。同时督促施工单位落实质量责任制，严把材料进场关口。
下一步将建立路长制，明确每条道路的管护责任人员。感谢你对交通运输工作的关心和支持。

青山县交通运输局
{date}
"""
TEMPLATES = [
    dict(n=12, who="王晓明", title="关于修复白石村通村公路的建议", date="2023年7月3日",
         middle="由于上级补助标准偏低，部分路段拓宽工程暂时难以实施。"),
    dict(n=27, who="刘春华", title="关于拓宽柳溪至桥头公路的建议", date="2023年7月9日",
         middle="鉴于本年度预算已经下达，新增项目只能列入明年计划统筹考虑。"),
    dict(n=41, who="陈志刚", title="关于加强农村公路养护的建议", date="2023年8月1日",
         middle="由于上级补助标准偏低，部分路段拓宽工程暂时难以实施。"),
]


def tests(tmp):
    db = os.path.join(tmp, "web.db")
    for i, t in enumerate(TEMPLATES):
        with open(os.path.join(tmp, "template%d.txt" % i), "w", encoding="utf-8") as f:
            f.write(TEMPLATE.format(**t))
    with open(os.path.join(tmp, "xss.txt"), "w", encoding="utf-8") as f:
        f.write(XSS_LETTER)
    with open(os.path.join(tmp, "xss.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps(XSS_RECORD, ensure_ascii=False) + "\n")
    r = run(["import", "--db", db, os.path.join(SRC, "tests", "letters"),
             os.path.join(tmp, "xss.txt"), os.path.join(tmp, "xss.jsonl")]
            + [os.path.join(tmp, "template%d.txt" % i) for i in range(len(TEMPLATES))])
    check(r.returncode == 0, "import: %s" % r.stderr)
    xss_text_id = cli_json(db, ["search", "--number", "0999"])[0]["id"]
    xss_rec_id = cli_json(db, ["search", "--delegate", "<img src=x onerror=alert(4)>"])[0]["id"]

    # A missing archive is an error before anything listens.
    r = run(["serve", "--db", os.path.join(tmp, "missing.db"), "--port", "0"])
    check(r.returncode == 2 and "missing.db" in r.stderr, "serve without archive: %r" % r.stderr)

    srv = Server(db)
    try:
        pages(srv, db)
        api(srv, db)
        similar(srv, db)
        bad_requests(srv)
        xss(srv, xss_text_id, xss_rec_id)
        limits(srv)
        concurrency(srv)
        import_while_serving(srv, db, tmp)
    finally:
        rc, err = srv.stop()
    check(rc == 0, "SIGTERM: exit status %r" % rc)
    rc2, err2 = time_limit(tmp)
    err += err2
    check("AddressSanitizer" not in err and "runtime error" not in err,
          "sanitizer report on stderr:\n" + err)
    if failures:
        print("server stderr:\n" + srv.first + err)
    print("%d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


def pages(srv, db):
    status, ctype, body = srv.page("/")
    check(status == 200 and ctype == "text/html; charset=utf-8", "/: %d %s" % (status, ctype))
    check('<meta name="viewport"' in body and '<form class="search"' in body, "/: form, viewport")
    check("档案共" in body and body.count('href="/reply/') == 20, "/: newest 20 replies")
    check("<script" not in body and "http://" not in body.replace("http://www.w3.org", ""),
          "/: no scripts, no external assets")

    status, _, body = srv.page("/?q=" + q("乡村振兴"))
    check(status == 200 and "<mark>" in body and "找到" in body, "/?q=乡村振兴: hits marked")
    check('value="乡村振兴"' in body, "/?q=: the box keeps the query")

    status, _, body = srv.page("/?q=&number=&delegate=" + q("郑美玲") + "&department=&year=&kind=&category=")
    check(status == 200 and "找到 <strong>3</strong>" in body, "/?delegate=郑美玲: 3 replies")

    status, _, body = srv.page("/?q=" + q("的"))
    check(status == 200 and 'rel="next"' in body and "page=2" in body, "/?q=的: a next page")
    status, _, body = srv.page("/?q=" + q("的") + "&page=2")
    check(status == 200 and 'rel="prev"' in body and "第 2 /" in body, "/?q=的&page=2")

    status, _, body = srv.page("/?kind=" + q("提案") + "&category=b&year=2023")
    check(status == 200 and "<option value=\"提案\" selected>" in body, "/?kind=提案: kept")

    # The letter page: every field, the full text, links to its people.
    rec = cli_json(db, ["search", "--delegate", "郑美玲", "--sort", "date"])[0]
    status, _, body = srv.page("/reply/%d" % rec["id"])
    check(status == 200, "/reply/%d: %d" % (rec["id"], status))
    for field in ("title", "number", "department", "doc_number", "date"):
        check(rec[field] is None or rec[field] in body, "/reply: field %s shown" % field)
    check('href="/delegate/%s"' % q("郑美玲") in body, "/reply: links the delegate")
    check('href="/department/%s"' % q(rec["department"]) in body, "/reply: links the department")
    check(rec["text"].splitlines()[-1] in body, "/reply: the full text")
    for path in ("/reply/99999", "/reply/abc", "/reply/0", "/reply/-1", "/reply/1x"):
        status, ctype, body = srv.page(path)
        check(status == 404 and ctype.startswith("text/html") and "错误 404" in body,
              "%s: 404 page, got %d" % (path, status))

    status, _, body = srv.page("/delegate/" + q("郑美玲"))
    check(status == 200 and body.count('class="t" href="/reply/') == 3, "/delegate/郑美玲")
    status, _, body = srv.page("/delegate/zhengmeiling")
    check(status == 200 and body.count('class="t" href="/reply/') == 3, "/delegate/ by pinyin")
    status, _, _ = srv.page("/delegate/" + q("没有这个人"))
    check(status == 404, "/delegate/unknown: %d" % status)
    status, _, body = srv.page("/department/" + q(rec["department"]))
    check(status == 200 and "/reply/%d\"" % rec["id"] in body, "/department/NAME")
    status, _, _ = srv.page("/department/" + q("没有这个单位"))
    check(status == 404, "/department/unknown: %d" % status)

    status, _, body = srv.page("/delegates")
    check(status == 200 and "<table>" in body and q("郑美玲") in body, "/delegates")
    # the list is paged (100 names a page): the department is on one of its pages
    pages_n = (len(cli_json(db, ["departments"])) + 99) // 100
    found = []
    for at in range(1, pages_n + 1):
        status, _, body = srv.page("/departments?page=%d" % at)
        check(status == 200, "/departments?page=%d: %d" % (at, status))
        if q(rec["department"]) in body:
            found.append(at)
    check(len(found) == 1, "/departments: %s on pages %s of %d" % (rec["department"], found, pages_n))
    status, _, body = srv.page("/stats")
    check(status == 200 and body.count("<svg") >= 3 and "每年的答复" in body
          and "承办单位" in body and "办理结果类别" in body, "/stats: charts")
    check('href="/?year=2023"' in body, "/stats: a year's bar links its search")

    # HEAD is GET without the body.
    status, h, data = srv.request("HEAD", "/stats")
    check(status == 200 and data == b"", "HEAD /stats: %d, %d bytes" % (status, len(data)))


def api(srv, db):
    status, j = srv.api("/api/search?q=" + q("乡村振兴"))
    want = cli_json(db, ["search", "乡村振兴", "--limit", "20"])
    check(status == 200 and j["total"] == len(cli_json(db, ["search", "乡村振兴"])),
          "/api/search: total")
    check(j["results"] == want, "/api/search: the records of dafu search --format json")
    check(all("snippet" in x and "rank" in x for x in j["results"]), "/api/search: snippet, rank")

    status, j = srv.api("/api/search?delegate=" + q("郑美玲") + "&limit=2&offset=1")
    check(status == 200 and j["total"] == 3 and len(j["results"]) == 2, "/api/search: paging")
    check(j["results"] == cli_json(db, ["search", "--delegate", "郑美玲", "--limit", "2",
                                        "--offset", "1"]), "/api/search: same page as the CLI")
    status, j = srv.api("/api/search?number=0215&kind=" + q("建议") + "&year=2023&category=A")
    check(status == 200 and j["results"] == cli_json(db, ["search", "--number", "0215", "--kind",
                                                          "建议", "--year", "2023",
                                                          "--category", "A"]),
          "/api/search: filters as the CLI")
    status, j = srv.api("/api/search?number=13")
    check(status == 200 and "12至15" in [x["number"] for x in j["results"]] and
          j["results"] == cli_json(db, ["search", "--number", "13"]),
          "/api/search: a number inside a range (12至15) finds it, as the CLI")

    rid = j["results"][0]["id"] if j["results"] else 1
    status, j = srv.api("/api/reply/%d" % rid)
    check(status == 200 and j == cli_json(db, ["show", str(rid)]), "/api/reply/ID = dafu show")

    status, j = srv.api("/api/delegates")
    check(status == 200 and j == cli_json(db, ["delegates"]), "/api/delegates = dafu delegates")
    status, j = srv.api("/api/departments")
    check(status == 200 and j == cli_json(db, ["departments"]), "/api/departments")
    status, j = srv.api("/api/departments?year=2023")
    check(status == 200 and j == cli_json(db, ["departments", "--year", "2023"]),
          "/api/departments?year=2023")
    status, j = srv.api("/api/stats")
    check(status == 200 and j == cli_json(db, ["stats"]), "/api/stats = dafu stats")

    for path in ("/api/reply/99999", "/api/reply/abc", "/api/nothing", "/api", "/api/"):
        status, j = srv.api(path)
        check(status == 404 and isinstance(j.get("error"), str), "%s: 404 JSON, %d" % (path, status))


def similar(srv, db):
    ids = [cli_json(db, ["search", "--number", str(t["n"]), "--department", "青山县交通运输局"])[0]["id"]
           for t in TEMPLATES]
    # The letter page lists the others, most similar first.
    status, _, body = srv.page("/reply/%d" % ids[0])
    check(status == 200 and "相似答复" in body, "/reply/ID: a similar replies section")
    block = body[body.find("相似答复"):]
    check('href="/reply/%d"' % ids[2] in block and 'href="/reply/%d"' % ids[1] in block
          and block.find("/reply/%d\"" % ids[2]) < block.find("/reply/%d\"" % ids[1]),
          "/reply/ID: both template mates, the closer first")
    other = cli_json(db, ["search", "--delegate", "郑美玲"])[0]["id"]
    status, _, body = srv.page("/reply/%d" % other)
    check(status == 200 and "相似答复" not in body, "/reply/ID: no section without similar replies")
    # The JSON API says what dafu similar says.
    status, j = srv.api("/api/similar/%d" % ids[0])
    want = cli_json(db, ["similar", str(ids[0])])
    check(status == 200 and j["id"] == ids[0] and j["similar"] == want,
          "/api/similar/ID = dafu similar --format json")
    check([x["id"] for x in j["similar"]] == [ids[2], ids[1]]
          and all(0 < x["similarity"] <= 1 for x in j["similar"]), "/api/similar/ID: order, similarity")
    status, j = srv.api("/api/similar/%d?min=0.9" % ids[1])
    check(status == 200 and j["similar"] == [], "/api/similar/ID?min=0.9: none")
    status, j = srv.api("/api/similar/%d?by=title&min=0.1" % ids[0])
    check(status == 200 and j["by"] == "title", "/api/similar?by=title")
    # Boilerplate: the group of three, on the page and in the API.
    status, j = srv.api("/api/boilerplate")
    check(status == 200 and j["groups"] == cli_json(db, ["boilerplate"]), "/api/boilerplate = CLI")
    check(len(j["groups"]) == 1 and j["groups"][0]["ids"] == sorted(ids)
          and j["groups"][0]["departments"] == ["青山县交通运输局"], "/api/boilerplate: the group")
    status, j = srv.api("/api/boilerplate?year=2022")
    check(status == 200 and j["groups"] == [], "/api/boilerplate?year=2022: none")
    status, _, body = srv.page("/boilerplate")
    check(status == 200 and "3 件答复" in body and all('href="/reply/%d"' % i in body for i in ids),
          "/boilerplate: the group and its letters")
    status, _, body = srv.page("/boilerplate?department=" + q("没有这个单位"))
    check(status == 200 and "没有找到模板答复" in body, "/boilerplate: none for another department")
    for path in ("/api/similar/%d?min=2" % ids[0], "/api/similar/%d?by=x" % ids[0],
                 "/api/boilerplate?min_size=1", "/api/boilerplate?min=abc"):
        status, j = srv.api(path)
        check(status == 400 and isinstance(j.get("error"), str), "%s: 400, got %d" % (path, status))
    status, j = srv.api("/api/similar/99999")
    check(status == 404, "/api/similar/99999: %d" % status)
    status, _, _ = srv.page("/boilerplate?min_size=x")
    check(status == 400, "/boilerplate?min_size=x: %d" % status)


def bad_requests(srv):
    bad = {
        "year=abc": "year", "year=1800": "year", "kind=x": "kind", "category=D": "category",
        "limit=100000": "limit", "limit=-1": "limit", "offset=x": "offset", "sort=up": "sort",
        "from=2023-13-01": "from", "q=%ZZ": "escape", "q=%E4%B8": "UTF-8", "q=%FF": "UTF-8",
        "q=a%00b": "NUL", "q=" + q("-金属"): "", "q=" + q("!!!"): "no letters",
        "number=" + q("第号"): "number", "%FF=1": "UTF-8",
    }
    for query, word in bad.items():
        status, j = srv.api("/api/search?" + query)
        check(status == 400 and word in j.get("error", ""),
              "/api/search?%s: 400 naming %r, got %d %r" % (query, word, status, j))
    status, ctype, body = srv.page("/?year=abc")
    check(status == 400 and ctype.startswith("text/html") and "class=\"err\"" in body
          and "value=\"abc\"" in body, "/?year=abc: 400 page keeping the form")
    status, _, body = srv.page("/?q=%FF")
    check(status == 400 and "UTF-8" in body, "/?q=%FF: 400 page")
    status, _, _ = srv.page("/delegate/%FF")
    check(status == 400, "/delegate/%FF: 400")
    for path in ("/nothing", "/../etc/passwd", "/static/../../etc/passwd", "/reply",
                 "/stats/", "/favicon.ico", "/%2e%2e/etc/passwd"):
        status, ctype, _ = srv.page(path)
        check(status == 404 and ctype.startswith("text/html"), "%s: 404, got %d" % (path, status))
    status, h, data = srv.request("POST", "/api/search", {"Content-Type": "text/plain"}, b"q=x")
    check(status == 405 and h.get("allow") == "GET, HEAD" and b'"error"' in data,
          "POST /api/search: 405 JSON, got %d" % status)
    status, h, _ = srv.request("DELETE", "/reply/1")
    check(status == 405, "DELETE /reply/1: 405, got %d" % status)


def xss(srv, text_id, rec_id):
    status, _, body = srv.page("/?q=" + q("<script>alert(1)</script>"))
    check(status == 200, "/?q=<script>: %d" % status)
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in body, "/?q=<script>: shown as text")
    no_markup_from_data(body, "/?q=<script>")
    status, _, body = srv.page("/?q=" + q('"><img src=x onerror=alert(1)>'))
    no_markup_from_data(body, "/?q=\"><img")
    check('value="&quot;&gt;&lt;img' in body, "/?q=\"><img: the attribute stays closed")

    # The letter parser drops tags left in a text letter; what remains is escaped.
    status, _, body = srv.page("/reply/%d" % text_id)
    check(status == 200 and "关于alert(1)防范的建议" in body,
          "letter with <script>: title without the tag")
    check("加强管理alert(2)" in body and "&amp; &quot;引号&quot; &#39;single&#39;" in body,
          "letter with <script>: text escaped")
    no_markup_from_data(body, "/reply/%d" % text_id)

    status, _, body = srv.page("/reply/%d" % rec_id)
    check(status == 200, "/reply/%d: %d" % (rec_id, status))
    no_markup_from_data(body, "/reply/%d" % rec_id)
    check("&lt;/div&gt;&lt;/main&gt;" in body, "record text: closing tags escaped")
    check('href="/delegate/%s"' % q("<img src=x onerror=alert(4)>") in body,
          "record: the delegate link is percent-encoded")
    check("<dd>javascript:alert(8)</dd>" in body, "record: the source shown as text")

    for path in ("/?q=" + q("防范"), "/?q=" + q("正文"), "/delegate/" + q("<img src=x onerror=alert(4)>"),
                 "/department/" + q("测试局<script>alert(3)</script>"), "/delegates", "/departments",
                 "/stats", "/delegate/" + q("李\"四'")):
        status, _, body = srv.page(path)
        check(status == 200, "%s: %d" % (path, status))
        no_markup_from_data(body, path)
    status, j = srv.api("/api/search?q=" + q("<script>alert(7)</script>"))
    check(status == 200 and j["total"] >= 1, "/api/search?q=<script>: JSON")


def raw(srv, data, read=65536):
    """Sends raw bytes; returns the status line's code (0 when the server closed)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=TIMEOUT)
    try:
        s.sendall(data)
        got = b""
        while b"\r\n" not in got:
            chunk = s.recv(read)
            if not chunk:
                break
            got += chunk
        m = re.match(rb"HTTP/1\.[01] (\d+)", got)
        return int(m.group(1)) if m else 0
    except (ConnectionResetError, BrokenPipeError):
        return 0
    finally:
        s.close()


def limits(srv):
    status, h, data = srv.get("/", {"X-Filler": "x" * 9000})
    check(status == 400 and "8192" in data.decode(), "9 KB header: 400, got %d" % status)
    status, _, _ = srv.get("/delegate/" + "a" * 9000)
    check(status == 400, "9 KB path: 400, got %d" % status)
    status, j = srv.api("/api/search?q=" + "a" * 1100)
    check(status == 400 and "1024" in j.get("error", ""), "1.1 KB query: 400, got %d" % status)
    status, _, _ = srv.get("/?q=" + "a" * 1000)
    check(status == 200, "1000-byte query: allowed, got %d" % status)
    # Far past the limit libmicrohttpd answers by itself, as the README says.
    status, _, _ = srv.get("/", {"X-Filler": "x" * 20000})
    check(status == 400, "20 KB header: 400, got %d" % status)
    code = raw(srv, b"GET / HTTP/1.1\r\nHost: x\r\nX-Filler: " + b"x" * 100000 + b"\r\n\r\n")
    check(code in (0, 431), "100 KB header: 431, got %d" % code)
    code = raw(srv, b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check(code in (0, 414), "100 KB URL: 414, got %d" % code)
    code = raw(srv, b"NONSENSE\r\n\r\n")
    check(code == 0 or 400 <= code < 500, "garbage request: refused, got %d" % code)
    # An absolute-form target is not a path.
    code = raw(srv, b"GET http://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n")
    check(code == 400, "absolute-form target: 400, got %d" % code)
    status, _, _ = srv.get("/")
    check(status == 200, "still serving after the oversized requests")


def concurrency(srv):
    paths = ["/?q=" + q("乡村振兴"), "/api/search?q=" + q("教育"), "/stats", "/delegates",
             "/api/stats", "/reply/1"]
    results = []

    def worker(n):
        for i in range(12):
            try:
                results.append(srv.get(paths[(n + i) % len(paths)])[0])
            except Exception as e:  # noqa: BLE001 - any failure counts
                results.append(repr(e))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(len(results) == 96 and all(r == 200 for r in results),
          "96 concurrent requests all 200: %r" % [r for r in results if r != 200][:5])


def import_while_serving(srv, db, tmp):
    path = os.path.join(tmp, "late.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(LATE_LETTER)
    status, j = srv.api("/api/search?q=" + q("读写并行"))
    check(status == 200 and j["total"] == 0, "before the import: not there")
    r = run(["import", "--db", db, path])
    check(r.returncode == 0, "import while serving: %s" % r.stderr)
    status, j = srv.api("/api/search?q=" + q("读写并行"))
    check(status == 200 and j["total"] == 1, "after the import: found, %r" % j.get("total"))


def time_limit(tmp):
    """A search that runs past its limit of work (--step-limit, counted by SQLite's
    engine, so the same whatever the machine's load) answers 503, as one past
    --time-limit does; a quick request still works under the same limit."""
    db = os.path.join(tmp, "slow.db")
    path = os.path.join(tmp, "slow.jsonl")
    # 300 long letters, each its own text (copies would collapse into one hit), all
    # with the keyword: its page ranks them and cuts a snippet from each
    chars = "产业发展答复内容农村道路教育卫生水利交通财政资金建设项目规划管理服务群众社区环境保护"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(300):
            rnd = random.Random(i)
            body = "。".join("".join(rnd.choice(chars) for _ in range(14)) for _ in range(400))
            rec = {"body": "人大", "kind": "建议", "number": str(5000 + i), "department": "测试厅",
                   "delegates": ["慢测试"], "title": "关于第%d项的建议" % i,
                   "text": body + "。有色金属%d nonferrous" % i}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    r = run(["import", "--db", db, path])
    check(r.returncode == 0, "slow archive import: %s" % r.stderr)
    # the search page ranks 300 hits and cuts 20 snippets (a thousand steps each):
    # tens of thousands of steps; a letter's page takes under a hundred
    srv = Server(db, ["--step-limit", "2000"])
    try:
        status, j = srv.api("/api/search?q=nonferrous&limit=500")
        check(status == 503 and "too long" in j.get("error", ""),
              "/api/search past the step limit: 503, got %d %r" % (status, j))
        status, ctype, body = srv.page("/?q=nonferrous")
        check(status == 503 and ctype.startswith("text/html"), "/?q= past the step limit: 503, %d"
              % status)
        status, _, _ = srv.page("/reply/1")
        check(status == 200, "a quick request under the same limit: 200, got %d" % status)
    finally:
        rc, err = srv.stop()
    check(rc == 0, "SIGTERM after the time limit test: exit status %r" % rc)
    return rc, err


if __name__ == "__main__":
    sys.exit(main())
