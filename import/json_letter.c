/* json_letter: a letter held in a site's JSON answer (see json_letter.h). */
#include "import/json_letter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/html.h"
#include "text/text.h"

/* How deep objects and arrays are looked into. */
#define MAX_DEPTH 8
/* A body shorter than this (in bytes) is a field, not a letter. */
#define MIN_BODY 60
/* Under a key that does not name content, a text shorter than this (in bytes,
 * about 150 characters) is a note or a summary, however it reads. */
#define MIN_LETTER 450
/* A metadata value longer than this (in bytes) is a summary, not a field. */
#define MAX_META 200

/* The key, ASCII letters lowered and '_' '-' left out ("pub_date" → "pubdate"). */
static void key_norm(const char *k, char *out, size_t cap)
{
    size_t n = 0;
    for (; *k && n + 1 < cap; k++) {
        char c = *k;
        if (c == '_' || c == '-')
            continue;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[n] = 0;
}

/* Is k (normalised) a key of up to four lower-case letters ending in the pinyin
 * initials `tail`, as portals abbreviate a label (wznr 文章内容, xxnr 信息内容,
 * wzbt 文章标题, lydw 来源单位)? */
static int initials_key(const char *k, const char *tail)
{
    size_t n = strlen(k), t = strlen(tail);
    if (n < t || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (k[i] < 'a' || k[i] > 'z')
            return 0;
    return !strcmp(k + n - t, tail);
}

/* Does the normalised key end in `tail`? */
static int ends_with(const char *k, const char *tail)
{
    size_t n = strlen(k), t = strlen(tail);
    return n >= t && !strcmp(k + n - t, tail);
}

/* Does the key name a letter's content (content, articleContent, html, docHtmlCon,
 * htmlBody, body, 正文, 答复内容, zw, nr, wznr, neirong, zhengwen …)? A key naming where the page
 * is (htmlUrl, staticHtmlPath) holds no content. */
static int body_key(const char *key)
{
    char k[64];
    key_norm(key, k, sizeof k);
    static const char *const han[] = {"正文", "内容", "答复", "回复", NULL};
    for (int i = 0; han[i]; i++)
        if (strstr(key, han[i]))
            return 1;
    static const char *const place[] = {"url", "path", "link", "href", "file", NULL};
    int html = strstr(k, "html") != NULL;
    for (int i = 0; html && place[i]; i++)
        html = !strstr(k, place[i]);
    return strstr(k, "content") || html || ends_with(k, "body") || !strcmp(k, "text") ||
           initials_key(k, "zw") || initials_key(k, "nr") || !strcmp(k, "detail") ||
           ends_with(k, "neirong") || ends_with(k, "zhengwen");
}

struct found {
    const cJSON *body;                 /* a string, or an array of lines (line_text) */
    const cJSON *chain[MAX_DEPTH + 1]; /* the values holding it, outermost first */
    int depth;
    size_t len; /* the body's bytes */
};

/* The room a number's text takes (line_text). */
#define NUM_CAP 32

/* The text of a body's line it: a string's; a number's as JSON writes it (a
 * count among the words, "共检查市场", 14, "个"), in num; a null's none (an
 * empty line, as ""). NULL for anything else (true, an object, a list), which
 * is no line of a letter. */
static const char *line_text(const cJSON *it, char num[NUM_CAP])
{
    if (cJSON_IsString(it))
        return it->valuestring;
    if (cJSON_IsNull(it))
        return "";
    if (!cJSON_IsNumber(it))
        return NULL;
    /* the shortest of 15 or 17 digits that reads back as the same number */
    snprintf(num, NUM_CAP, "%.15g", it->valuedouble);
    if (strtod(num, NULL) != it->valuedouble)
        snprintf(num, NUM_CAP, "%.17g", it->valuedouble);
    return num;
}

/* The bytes of v as a body: a string's, or the lines' of an array of lines
 * (line_text, each with its line break); 0 when v is neither, or an array holds
 * anything else or nothing. */
static size_t body_len(const cJSON *v)
{
    if (cJSON_IsString(v))
        return strlen(v->valuestring);
    if (!cJSON_IsArray(v) || !v->child)
        return 0;
    size_t n = 0;
    char num[NUM_CAP];
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        const char *line = line_text(it, num);
        if (!line)
            return 0;
        n += strlen(line) + 1;
    }
    return n;
}

/* Does v's text read as a reply letter: it speaks of a proposal (建议, 提案,
 * 议案) and of answering it (收悉, 答复, 办理), and writes as a letter does
 * (收悉, 如下, a salutation 代表： or 委员：), which a list of titles does not? Used when no key
 * names the content, so that a portal's own words for it (qw, 全文, wenben …) still give the letter
 * while a summary, a link or a list of names does not. */
static int letter_like(const cJSON *v)
{
    static const char *const item[] = {"建议", "提案", "议案", NULL};
    static const char *const reply[] = {"收悉", "答复", "办理", NULL};
    static const char *const letter[] = {"收悉", "如下", "代表：", "委员：", NULL};
    int has_item = 0, has_reply = 0, has_letter = 0;
    char num[NUM_CAP];
    const cJSON *it = cJSON_IsArray(v) ? v->child : v;
    for (; it; it = cJSON_IsArray(v) ? it->next : NULL) {
        const char *line = line_text(it, num); /* (a body: never NULL) */
        for (int i = 0; item[i]; i++)
            has_item |= strstr(line, item[i]) != NULL;
        for (int i = 0; reply[i]; i++)
            has_reply |= strstr(line, reply[i]) != NULL;
        for (int i = 0; letter[i]; i++)
            has_letter |= strstr(line, letter[i]) != NULL;
    }
    return has_item && has_reply && has_letter;
}

/* The longest body in v, with the values above it (chain[0..depth) are those
 * above v): a value under a key that names content, or, when by_text, any
 * value under a key whose text reads as a letter. */
static void find_body(const cJSON *v, const cJSON **chain, int depth, int by_text, struct found *f)
{
    if (depth > MAX_DEPTH)
        return;
    chain[depth] = v;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        size_t len = cJSON_IsObject(v) ? body_len(it) : 0;
        if (len >= (by_text ? MIN_LETTER : MIN_BODY) && len > f->len &&
            (by_text ? letter_like(it) : body_key(it->string))) {
            f->body = it;
            f->len = len;
            f->depth = depth;
            memcpy(f->chain, chain, (size_t)(depth + 1) * sizeof *chain);
        } else if (cJSON_IsObject(it) || (cJSON_IsArray(it) && !len)) {
            find_body(it, chain, depth + 1, by_text, f);
        }
    }
}

/* What a JSON value is, as a message names it. */
static const char *json_kind(const cJSON *v)
{
    return cJSON_IsBool(v) ? "a true or false" : cJSON_IsObject(v) ? "an object" : "a list";
}

/* json_letter_odd_line at depth: the first list of v under a key that names content
 * whose items but one or more are lines (line_text). */
static int odd_line(const cJSON *v, int depth, char *why, size_t cap)
{
    if (depth > MAX_DEPTH)
        return 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        if (cJSON_IsArray(it) && it->string && body_key(it->string)) {
            char num[NUM_CAP];
            const cJSON *odd = NULL, *line;
            int k = 0, at = 0, strings = 0;
            cJSON_ArrayForEach(line, it)
            {
                if (!line_text(line, num) && !odd) {
                    odd = line;
                    at = k;
                }
                strings += cJSON_IsString(line);
                k++;
            }
            if (odd && strings) {
                snprintf(why, cap,
                         "its list of lines under '%s' holds %s (item %d), which is no line of "
                         "a letter: not read as one",
                         it->string, json_kind(odd), at + 1);
                return 1;
            }
        }
        if ((cJSON_IsObject(it) || cJSON_IsArray(it)) && odd_line(it, depth + 1, why, cap))
            return 1;
    }
    return 0;
}

/* Where the body stands: "data.list[1].content". */
static void body_path(const struct found *f, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (int l = 0; l <= f->depth && n < cap; l++) {
        const cJSON *child = l < f->depth ? f->chain[l + 1] : f->body;
        if (cJSON_IsArray(f->chain[l])) {
            long k = 0;
            for (const cJSON *it = f->chain[l]->child; it && it != child; it = it->next)
                k++;
            n += (size_t)snprintf(out + n, cap - n, "[%ld]", k);
        } else {
            n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? "." : "", child->string);
        }
    }
}

/* The label a page shows for the key's value, or NULL: a key in Chinese is its
 * own label, the usual English ones are given theirs. *date: the value is a day. */
static const char *meta_label(const char *key, int *date)
{
    static const struct {
        const char *label;
        const char *keys[18];
    } labels[] = {
        {"标题", {"title", "maintitle", "subject", "biaoti", NULL}},
        {"发布时间",
         {"pubdate", "pubtime", "publishdate", "publishtime", "publishedat", "publishat",
          "releasedate", "releasetime", "issuedate", "date", "fabushijian", "faburiqi", NULL}},
        {"成文日期", {"signdate", "writedate", "writtendate", "docdate", "chengwenriqi", NULL}},
        {"发布机构",
         {"deptname", "department", "dept", "orgname", "organname", "organization", "unitname",
          "unit", "publisher", "publishorg", "publishdept", "agency", "issuer", "fabujigou", NULL}},
        {"来源", {"source", "sourcename", "from", "origin", "laiyuan", NULL}},
        {"发文字号",
         {"docno", "docnum", "docnumber", "documentnumber", "fileno", "filenum", "wh", "wenhao",
          "fawenzihao", NULL}},
        {"索引号", {"indexno", "indexnum", "indexnumber", "syh", "suoyinhao", NULL}},
    };
    size_t klen = strlen(key);
    int chinese = klen > 0 && klen <= 8 * 3;
    for (size_t i = 0; i < klen && chinese;) {
        uint32_t c = utf8_next(key, klen, &i);
        chinese = text_is_han(c);
    }
    const char *label = chinese ? key : NULL;
    char k[64];
    key_norm(key, k, sizeof k);
    /* a portal's word for the item before the label's word (infoTitle, infoSource,
     * articleDate, xinxiLaiyuan): the key the rest is, when the whole key is none */
    static const char *const items[] = {"info", "article", "document", "doc", "news",
                                        "item", "xinxi",   "wenzhang", NULL};
    const char *rest = NULL;
    for (int i = 0; items[i] && !rest; i++)
        if (!strncmp(k, items[i], strlen(items[i])))
            rest = k + strlen(items[i]);
    for (int pass = 0; pass < 2 && !label; pass++) {
        const char *w = pass ? rest : k;
        for (size_t i = 0; w && !label && i < sizeof labels / sizeof labels[0]; i++)
            for (int j = 0; !label && labels[i].keys[j]; j++)
                if (!strcmp(w, labels[i].keys[j]))
                    label = labels[i].label;
    }
    /* the pinyin initials of a label, after a word's own (wzbt 文章标题, xxly 信息来源) */
    static const struct {
        const char *label, *tail;
    } initials[] = {{"标题", "bt"},       {"发布时间", "fbrq"}, {"发布时间", "fbsj"},
                    {"成文日期", "cwrq"}, {"发布机构", "fbjg"}, {"发布机构", "fbdw"},
                    {"来源", "lydw"},     {"来源", "ly"},       {"发文字号", "fwzh"},
                    {"索引号", "syh"},    {"发文机关", "fwjg"}, {"发文单位", "fwdw"},
                    {"发文日期", "fwrq"}};
    for (size_t i = 0; !label && i < sizeof initials / sizeof initials[0]; i++)
        if (initials_key(k, initials[i].tail))
            label = initials[i].label;
    *date = label && (strstr(label, "日期") || strstr(label, "时间"));
    return label;
}

/* Days since 1970-01-01 → year, month, day (the proleptic Gregorian calendar). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A date given as a count of seconds or milliseconds since 1970 (all digits,
 * from 1973 on), written as the day it is in China (UTC+8). 0 when it is not. */
static int epoch_day(const char *s, double num, char *out, size_t cap)
{
    double v = num;
    if (s) {
        size_t n = strlen(s);
        if (n < 9 || n > 13 || strspn(s, "0123456789") != n)
            return 0;
        v = 0;
        for (size_t i = 0; i < n; i++)
            v = v * 10 + (s[i] - '0');
    }
    if (v >= 1e11)
        v /= 1000; /* milliseconds */
    if (v < 1e8 || v >= 1e11)
        return 0;
    long long secs = (long long)v + 8 * 3600;
    int y, m, d;
    civil_from_days(secs / 86400, &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return 1;
}

/* Does the key name a neighbour of the letter rather than the letter (prev, nextArticle,
 * related, 上一篇, 相关文章, syp/xyp: 上一篇/下一篇 by their initials)? */
static int neighbour_key(const char *key)
{
    char k[64];
    key_norm(key, k, sizeof k);
    static const char *const words[] = {
        "prev", "pre",  "next", "last", "related", "recommend", "nav",       "link",    "list",
        "上一", "下一", "相关", "推荐", "shangyi", "xiayi",     "xiangguan", "tuijian", NULL};
    for (int i = 0; words[i]; i++)
        if (strstr(k, words[i]))
            return 1;
    return initials_key(k, "syp") || initials_key(k, "xyp") || initials_key(k, "syt") ||
           initials_key(k, "xyt");
}

/* One "label:value" line for the field it, unless its label is in seen already. */
static void meta_line(const cJSON *it, char (*seen)[32], int *nseen, int cap, struct buf *out)
{
    int date = 0;
    const char *label = meta_label(it->string, &date);
    if (!label || strlen(label) >= sizeof seen[0])
        return;
    int dup = 0;
    for (int i = 0; i < *nseen && !dup; i++)
        dup = !strcmp(seen[i], label);
    char day[16];
    const char *val = cJSON_IsString(it) ? it->valuestring : NULL;
    if (date && epoch_day(val, it->valuedouble, day, sizeof day))
        val = day;
    if (dup || !val)
        return;
    size_t a = 0;
    size_t n = strlen(val);
    while (a < n && strchr(" \t\r\n", val[a]))
        a++;
    while (n > a && strchr(" \t\r\n", val[n - 1]))
        n--;
    if (n == a || n - a > MAX_META)
        return;
    buf_printf(out, "%s\xEF\xBC\x9A", label); /* the full-width colon pages use */
    for (size_t i = a; i < n; i++)
        buf_addch(out, val[i] == '\n' || val[i] == '\r' || val[i] == '\t' ? ' ' : val[i]);
    buf_addch(out, '\n');
    if (*nseen < cap)
        snprintf(seen[(*nseen)++], sizeof seen[0], "%s", label);
}

/* Is it a field (a string or a number under a key), not `skip`? */
static int meta_field(const cJSON *it, const char *skip)
{
    return it->string && (cJSON_IsString(it) || cJSON_IsNumber(it)) &&
           !(skip && !strcmp(it->string, skip));
}

/* "label:value" for each field of the objects above the body, nearest first,
 * each label once; the key `skip` (if any) left out. After the fields beside the
 * body come those of an object beside it, as a portal keeps its catalogue apart
 * from the text ({xxgk:{fwjg,wh,cwrq},zw}); an object that names a neighbour
 * (prev, related, 上一篇) is not the letter's. */
static int meta_lines(const struct found *f, const char *skip, struct buf *out)
{
    char seen[16][32];
    int nseen = 0;
    int cap = (int)(sizeof seen / sizeof seen[0]);
    for (int level = f->depth; level >= 0; level--) {
        const cJSON *it;
        cJSON_ArrayForEach(it, f->chain[level])
        {
            if (it != f->body && meta_field(it, skip))
                meta_line(it, seen, &nseen, cap, out);
        }
        const cJSON *beside = level == f->depth ? f->chain[level] : NULL;
        cJSON_ArrayForEach(it, beside)
        {
            if (it == f->body || !cJSON_IsObject(it) || !it->string || neighbour_key(it->string))
                continue;
            const cJSON *field;
            cJSON_ArrayForEach(field, it)
            {
                if (meta_field(field, skip))
                    meta_line(field, seen, &nseen, cap, out);
            }
        }
    }
    return buf_failed(out) ? -1 : 0;
}

/* The text of the letter f found, handed to each. */
static int emit(const struct found *f, json_letter_cb each, void *ctx, struct diag *d)
{
    char where[128];
    body_path(f, where, sizeof where);
    struct buf out = BUF_INIT;
    int rc = -1;
    if (meta_lines(f, NULL, &out) || (out.len && buf_addch(&out, '\n'))) {
        diag_error(d, "out of memory");
        goto done;
    }
    /* a string, or each of its lines on a line of its own */
    char num[NUM_CAP];
    const cJSON *it = cJSON_IsArray(f->body) ? f->body->child : f->body;
    for (; it; it = cJSON_IsArray(f->body) ? it->next : NULL) {
        const char *line = line_text(it, num);
        if (html_fragment_to_text(line, strlen(line), &out, d))
            goto done;
        if (cJSON_IsArray(f->body) && buf_addch(&out, '\n')) {
            diag_error(d, "out of memory");
            goto done;
        }
    }
    rc = each(ctx, out.data ? out.data : "", out.len, where, d);
done:
    buf_release(&out);
    return rc;
}

int json_letter_odd_line(const cJSON *v, char *why, size_t cap)
{
    return odd_line(v, 0, why, cap);
}

int json_letter_meta(const cJSON *obj, const cJSON *body, const char *skip, struct buf *out)
{
    struct found f;
    memset(&f, 0, sizeof f);
    f.body = body;
    f.chain[0] = obj;
    return meta_lines(&f, skip, out);
}

int json_letters(const cJSON *v, json_letter_cb each, void *ctx, struct diag *d)
{
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return 0;
    const cJSON *chain[MAX_DEPTH + 1];
    struct found f;
    memset(&f, 0, sizeof f);
    int by_text = 0;
    find_body(v, chain, 0, by_text, &f);
    if (!f.body)
        find_body(v, chain, 0, by_text = 1, &f);
    if (!f.body)
        return 0;
    /* in a list, each item that holds a body is a letter */
    int list = f.depth;
    while (list >= 0 && !cJSON_IsArray(f.chain[list]))
        list--;
    if (list < 0)
        return emit(&f, each, ctx, d) ? -1 : 1;
    memcpy(chain, f.chain, (size_t)(list + 1) * sizeof *chain);
    const cJSON *items = f.chain[list];
    const cJSON *it;
    int n = 0;
    cJSON_ArrayForEach(it, items)
    {
        memset(&f, 0, sizeof f);
        find_body(it, chain, list + 1, by_text, &f);
        if (f.body && emit(&f, each, ctx, d))
            return -1;
        n += f.body != NULL;
    }
    return n;
}
