#!/usr/bin/env python3
"""Writes the import fixtures: the same letters in the encodings and forms people
have them in, and bad files. Run from this folder; the outputs are committed, so
the tests do not depend on this script or on Python's codecs.

  tea-*     tests/letters/01 (Simplified) as UTF-8, UTF-8 with BOM, GB18030, GBK,
            UTF-16 LE/BE with and without BOM, a GBK web page with scripts and a
            footer, a UTF-8 page whose <meta> wrongly says GBK, a JSON record
  raoping-* tests/letters/17 (Traditional) as UTF-8, Big5, UTF-16BE with BOM
  bad/      files import must refuse, each for one reason
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LETTERS = os.path.join(HERE, "..", "letters")


def read(name):
    with open(os.path.join(LETTERS, name), encoding="utf-8") as f:
        return f.read()


def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


tea = read("01-hubei-province-tea.txt")
write("tea-utf8.txt", tea.encode("utf-8"))
write("tea-utf8-bom.txt", b"\xef\xbb\xbf" + tea.encode("utf-8"))
write("tea-gbk.txt", tea.encode("gbk"))
# GB18030 beyond GBK: a character of CJK Extension A (four bytes in GB18030).
write("tea-gb18030.txt", tea.replace("推动区域公用品牌整合。", "推动区域公用品牌整合（䶮）。").encode("gb18030"))
write("tea-utf16le-bom.txt", b"\xff\xfe" + tea.encode("utf-16-le"))
write("tea-utf16be-bom.txt", b"\xfe\xff" + tea.encode("utf-16-be"))
write("tea-utf16le.txt", tea.encode("utf-16-le"))
write("tea-utf16be.txt", tea.encode("utf-16-be"))

lines = tea.rstrip("\n").split("\n")
body = "\n".join("<p>%s</p>" % l.replace("　", "&#12288;") for l in lines[3:] if l)
page = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%(charset)s" />
<title>%(title)s_湖北省农业农村厅</title>
<style type="text/css">body { font-family: "宋体"; } .zoom p { text-indent: 2em; }</style>
<script type="text/javascript">var title = "关于省十四届人大一次会议第9999号建议的答复";</script>
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 建议提案办理</div>
<div class="article">
<h1>%(title)s</h1>
<div class="info">发布时间：2023-07-05 09:30&nbsp;&nbsp;来源：湖北省农业农村厅</div>
<div class="zoom" id="zoom">
%(body)s
</div>
<div style="display: none">澳门赌场 在线娱乐 注册送彩金 第8888号建议</div>
</div>
<div class="share">分享到：微信 微博</div>
<footer>
<p>主办单位：湖北省农业农村厅　版权所有 Copyright 2023</p>
<p>鄂ICP备05003333号</p>
</footer>
<script>(function(){ var s = document.createElement("script"); s.src = "stat.js"; })();</script>
</body>
</html>
"""
args = {"title": lines[1], "body": body}
write("tea-gbk.html", (page % dict(args, charset="gb2312")).encode("gbk"))
write("tea-utf8-says-gbk.html", (page % dict(args, charset="gbk")).encode("utf-8"))

with open(os.path.join(HERE, "..", "expect", "01-hubei-province-tea.json"), encoding="utf-8") as f:
    record = json.load(f)
record["text"] = tea
write("tea.json", (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

raoping = read("17-traditional-raoping-cppcc.txt")
write("raoping-utf8.txt", raoping.encode("utf-8"))
write("raoping-big5.txt", raoping.encode("big5"))
write("raoping-utf16be-bom.txt", b"\xfe\xff" + raoping.encode("utf-16-be"))

# Bad files.
write("bad/empty.txt", b"")
write("bad/binary.txt", bytes((i * 7919 + 13) % 256 for i in range(4096)))
write("bad/cut-utf8.txt", tea.rstrip("\n").encode("utf-8")[:-1])
write("bad/cut-gbk.txt", tea.rstrip("\n").encode("gbk")[:-1])
write("bad/not-a-letter.txt", "今天天气很好，我们去公园散步。\n".encode("utf-8"))
write("bad/broken.jsonl", (json.dumps(dict(record, number="0216"), ensure_ascii=False) + "\n" +
                           '{"number": "0217", "text": "正文" "title": null}\n').encode("utf-8"))
write("bad/garbled.txt", tea.encode("utf-8").decode("gbk", errors="replace").encode("utf-8"))
