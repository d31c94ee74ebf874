#ifndef DAFU_JSON_LETTER_H
#define DAFU_JSON_LETTER_H
/*
 * json_letter: a letter that reached dafu as data, not as a page: a site's API
 * answer holding the letter's HTML in a JSON string
 * ({"code":0,"data":{"title":"…","content":"<p>…</p>","pubDate":"…","deptName":"…"}}).
 *
 * The letter's body is the longest string under a key that names content
 * (content, articleContent, html, docHtmlCon, body, 正文, 答复内容 …; not htmlUrl,
 * which names where a page is), at any depth; when no key names it, the longest
 * text of a letter's length that speaks of a proposal and of answering it
 * (建议/提案/议案 and 收悉/答复/办理), under whatever key (qw, 全文 …). A list of
 * strings is a body given line by line: a number among them is a line of its
 * text as JSON writes it (14, 2.5), a null an empty line; a list holding
 * anything else (true, an object) is no body. As HTML (a tag
 * in it, or escaped as &lt;p&gt;) it is reduced to its text (html.h). The strings
 * beside it become the metadata lines a page shows above a letter, which the
 * parser reads: a key in Chinese is its own label (标题:…, 来源:…, 发布时间:…),
 * the usual English keys are given theirs (title → 标题, pubDate → 发布时间,
 * deptName → 发布机构, source → 来源, docNo → 发文字号), and a date given as a
 * count of seconds or milliseconds is written as the day it is in China.
 */
#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/diag.h"

/* Called with the text of each letter: its metadata lines, an empty line, its
 * body; `where` is the body's place ("data.list[1].content"). Returns 0, or -1
 * with d set, which stops the walk. */
typedef int (*json_letter_cb)(void *ctx, const char *text, size_t len, const char *where,
                              struct diag *d);

/* Hands each letter v holds to `each`: in a list of items, each item that holds
 * a body is a letter; else v holds one, its longest body. Returns how many, 0
 * when it holds none, or -1 with d set (memory ran out, or `each` failed). */
int json_letters(const cJSON *v, json_letter_cb each, void *ctx, struct diag *d);

/* When v holds a list of lines under a key that names content (a list with a
 * string) with an item no line is (true, an object, a list), which json_letters
 * then reads as no letter, writes why into why[0..cap) and returns 1; else 0. */
int json_letter_odd_line(const cJSON *v, char *why, size_t cap);

/* The metadata lines the fields of the object obj beside its body make, as
 * json_letters writes them above a letter (title → 标题:, date → 发布时间: …),
 * the key `skip` (if not NULL) left out; appended to out. Returns 0, or -1 when
 * memory ran out. */
int json_letter_meta(const cJSON *obj, const cJSON *body, const char *skip, struct buf *out);

#endif
