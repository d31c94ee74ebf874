/*
 * Cleaning: HTML comments, stray tags and entities out, line ends unified, lines
 * trimmed, blank runs collapsed, spam of mirror sites cut out (its line dropped when
 * none of the letter's words are left on it).
 */
#include "import/parse/parse_int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* Decodes an HTML character reference at s[i] ("&nbsp;", "&#20320;", "&#x4F60;")
 * left over from a page. Returns its length in bytes with *cp set, or 0. */
static size_t html_entity(const char *s, size_t len, size_t i, uint32_t *cp)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {{"&nbsp;", ' '},     {"&ensp;", ' '},    {"&emsp;", ' '},    {"&amp;", '&'},
                 {"&lt;", '<'},       {"&gt;", '>'},      {"&quot;", '"'},    {"&ldquo;", 0x201C},
                 {"&rdquo;", 0x201D}, {"&middot;", 0xB7}, {"&mdash;", 0x2014}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t nl = strlen(named[k].name);
        if (i + nl <= len && !memcmp(s + i, named[k].name, nl)) {
            *cp = named[k].cp;
            return nl;
        }
    }
    if (i + 3 >= len || s[i + 1] != '#')
        return 0;
    size_t p = i + 2;
    int hex = s[p] == 'x' || s[p] == 'X';
    if (hex)
        p++;
    uint32_t v = 0;
    size_t digits = 0;
    while (p < len && digits < 7) {
        char c = s[p];
        int d = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0)
            break;
        v = v * (hex ? 16 : 10) + (uint32_t)d;
        digits++;
        p++;
    }
    if (!digits || p >= len || s[p] != ';' || v == 0 || v > 0x10FFFF ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return p + 1 - i;
}

/* Length in bytes of a stray HTML tag at s[i] ("<p>", "</span>", "<br />"), or 0.
 * Only a '<' directly followed by a tag name counts, closed within the line. */
static size_t html_tag(const char *s, size_t len, size_t i, struct pctx *ctx)
{
    size_t p = i + 1;
    if (p < len && s[p] == '/')
        p++;
    if (p >= len || !is_latin((unsigned char)s[p]))
        return 0;
    size_t name = p;
    while (p < len &&
           (is_latin((unsigned char)s[p]) || (s[p] >= '0' && s[p] <= '9') || s[p] == ':'))
        p++;
    if (p - name > 10)
        return 0;
    for (size_t k = p; k < len && k - i < 300; k++) {
        ctx->steps++;
        if (s[k] == '\n' || s[k] == '<')
            return 0;
        if (s[k] == '>')
            return (k == p || s[p] == ' ' || s[p] == '/' || s[p] == '\t') ? k + 1 - i : 0;
    }
    return 0;
}

/* Lines longer than this (in bytes) are paragraphs: only strong spam words are
 * cut out of them. */
#define LONG_LINE 400

/* What spam_scan finds in a line: a word of each list, '@'. */
enum {
    SPAM_STRONG = 1, /* spam_words */
    SPAM_WEAK = 2,   /* spam_words_weak */
    SPAM_AD = 4,     /* spam_ad_words */
    SPAM_URL = 8,    /* a web address's start */
    SPAM_GOV = 16,   /* "gov", a government site's address */
    SPAM_AT = 32     /* '@', an e-mail address */
};

static const char *const spam_url[] = {"http://", "https://", "www.", NULL};
static const char *const spam_gov[] = {"gov", NULL};

/* The lists spam_scan looks for, and what each one found sets. Every word is 3
 * bytes long at least and starts a UTF-8 character. */
static const struct {
    const char *const *words;
    unsigned found;
} spam_lists[] = {{spam_words, SPAM_STRONG},
                  {spam_words_weak, SPAM_WEAK},
                  {spam_ad_words, SPAM_AD},
                  {spam_url, SPAM_URL},
                  {spam_gov, SPAM_GOV}};

/* The words of spam_lists by a hash of their first 3 bytes: spam_head[h] is the
 * first word's place in spam_index plus 1 (0: none), next the same for the next
 * word of the bucket. Built once; spam_indexed is 0 when the words outgrew it. */
#define SPAM_INDEX_MAX 128
#define SPAM_HASH_BITS 10
static struct {
    const char *word;
    size_t len;
    unsigned found;
    unsigned char next;
} spam_index[SPAM_INDEX_MAX];
static unsigned char spam_head[1u << SPAM_HASH_BITS];
static int spam_indexed;
static pthread_once_t spam_once = PTHREAD_ONCE_INIT;

static unsigned spam_hash(const unsigned char *u)
{
    uint32_t key = (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
    return (key * 2654435761u) >> (32 - SPAM_HASH_BITS);
}

static void spam_index_init(void)
{
    size_t n = 0;
    for (size_t l = 0; l < sizeof spam_lists / sizeof spam_lists[0]; l++)
        for (int k = 0; spam_lists[l].words[k]; k++) {
            const char *w = spam_lists[l].words[k];
            if (n == SPAM_INDEX_MAX || strlen(w) < 3 || ((unsigned char)w[0] & 0xC0) == 0x80)
                return;
            unsigned h = spam_hash((const unsigned char *)w);
            spam_index[n].word = w;
            spam_index[n].len = strlen(w);
            spam_index[n].found = spam_lists[l].found;
            spam_index[n].next = spam_head[h];
            spam_head[h] = (unsigned char)++n;
        }
    spam_indexed = 1;
}

/* The SPAM_* of what the line s (NUL-terminated at len) holds, as strstr and
 * strchr would find it, in one pass: at each byte that starts a character only
 * the words whose first 3 bytes hash as its own are compared. Stops at a strong
 * word, which decides. */
static unsigned spam_scan(const char *s, size_t len, struct pctx *ctx)
{
    pthread_once(&spam_once, spam_index_init);
    ctx->steps += len;
    unsigned found = 0;
    if (!spam_indexed) {
        for (size_t l = 0; l < sizeof spam_lists / sizeof spam_lists[0]; l++)
            for (int k = 0; spam_lists[l].words[k]; k++)
                if (strstr(s, spam_lists[l].words[k]))
                    found |= spam_lists[l].found;
        return strchr(s, '@') ? found | SPAM_AT : found;
    }
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len && u[i] && !(found & SPAM_STRONG); i++) {
        if (u[i] == '@')
            found |= SPAM_AT;
        if (len - i < 3 || (u[i] & 0xC0) == 0x80)
            continue;
        for (unsigned e = spam_head[spam_hash(u + i)]; e; e = spam_index[e - 1].next)
            if (spam_index[e - 1].len <= len - i &&
                !memcmp(s + i, spam_index[e - 1].word, spam_index[e - 1].len))
                found |= spam_index[e - 1].found;
    }
    return found;
}

/* Is the (trimmed) line spam injected by a mirror site? A short line with a spam
 * word, or a line that is a web address of a non-government site and little else;
 * a long line (a paragraph) only with a strong spam word ("北京赛车", "时时彩"). s is
 * NUL-terminated at len; *found_out is set to what spam_scan found in it, for
 * strip_spam. */
static int is_spam_line(const char *s, size_t len, unsigned *found_out, struct pctx *ctx)
{
    *found_out = 0;
    if (len < 4)
        return 0;
    unsigned found = spam_scan(s, len, ctx);
    *found_out = found;
    if (found & SPAM_STRONG)
        return 1;
    if (len > LONG_LINE)
        return 0;
    if ((found & SPAM_WEAK) && (found & SPAM_AD))
        return 1;
    if (!(found & SPAM_URL) || (found & (SPAM_GOV | SPAM_AT)))
        return 0;
    /* a web address with fewer than 8 Han characters around it */
    size_t p = 0;
    int han = 0;
    while (p < len) {
        uint32_t c = utf8_next(s, len, &p);
        if (is_han(c))
            han++;
    }
    return han < 8;
}

/* Words that glue to a spam word in an advertisement ("时时彩官方网站入口"). */
static const char *const spam_glue[] = {
    "官方网站", "官方網站", "官方网址", "官网", "官網",   "入口",   "下载",   "下載",
    "平台",     "网址",     "網址",     "注册", "註冊",   "立即",   "登录",   "登錄",
    "娱乐",     "娛樂",     "游戏",     "遊戲", "欢迎您", "歡迎您", "手机版", "投注",
    "网投",     "在线",     "線上",     "开户", "開戶",   "澳门",   "澳門",   NULL};

static int ascii_glue(char c)
{
    return is_latin((unsigned char)c) || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == ':' || c == '/' || c == '?' || c == '=' || c == '&' || c == '%';
}

/* Marks [i, i+n) of a spam line and what glues to it on both sides (advertising
 * words, web addresses, ASCII). */
static void mark_spam(const char *s, size_t len, char *cut, size_t i, size_t n)
{
    size_t a = i;
    size_t b = i + n;
    for (int grew = 1; grew;) {
        grew = 0;
        if (b < len && ascii_glue(s[b])) {
            b++;
            grew = 1;
            continue;
        }
        if (a > 0 && ascii_glue(s[a - 1])) {
            a--;
            grew = 1;
            continue;
        }
        /* an advertising word after spaces glues too ("注册送彩金 立即开户") */
        size_t bs = b;
        while (bs < len && (s[bs] == ' ' || s[bs] == '\t'))
            bs++;
        size_t as = a;
        while (as > 0 && (s[as - 1] == ' ' || s[as - 1] == '\t'))
            as--;
        if (bs > b && bs + 4 <= len && (!memcmp(s + bs, "www.", 4) || !memcmp(s + bs, "http", 4))) {
            b = bs + 1; /* a web address after the spam: the ASCII glue takes the rest */
            grew = 1;
            continue;
        }
        for (int k = 0; spam_glue[k] && !grew; k++) {
            size_t gl = strlen(spam_glue[k]);
            if (bs + gl <= len && !memcmp(s + bs, spam_glue[k], gl)) {
                b = bs + gl;
                grew = 1;
            } else if (as >= gl && !memcmp(s + as - gl, spam_glue[k], gl)) {
                a = as - gl;
                grew = 1;
            }
        }
    }
    memset(cut + a, 1, b - a);
}

/* A spam line without its spam: every spam word with what glues to it, and every
 * web address, cut out; the letter's own words on the line stay, however few
 * ("北京赛车pk10官方网站入口 有色金属" keeps 有色金属). Appends what is left to out
 * when it holds a Han character, and returns 1; else appends nothing and returns 0.
 * found: what spam_scan found in the line (is_spam_line's). */
static int strip_spam(const char *s, size_t len, unsigned found, struct buf *out, struct pctx *ctx)
{
    char small[LONG_LINE];
    char *cut = small;
    if (len > sizeof small && (pctx_alloc(ctx) || !(cut = malloc(len)))) {
        pctx_fail(ctx, -1);
        return 0;
    }
    memset(cut, 0, len);
    /* the weak words are spam on a line that advertises or holds a strong one; a
     * paragraph loses only its strong words and what glues to them */
    int para = len > LONG_LINE;
    int weak = !para && (found & (SPAM_AD | SPAM_STRONG));
    for (int pass = 0; pass < 2; pass++) {
        const char *const *words = pass ? spam_words_weak : spam_words;
        if (pass && !weak)
            break;
        for (int k = 0; words[k]; k++) {
            ctx->steps += len;
            size_t wl = strlen(words[k]);
            for (const char *p = strstr(s, words[k]); p; p = strstr(p + wl, words[k]))
                mark_spam(s, len, cut, (size_t)(p - s), wl);
        }
    }
    for (int k = 0; spam_url[k] && !para; k++, ctx->steps += len)
        for (const char *p = strstr(s, spam_url[k]); p; p = strstr(p + 1, spam_url[k]))
            mark_spam(s, len, cut, (size_t)(p - s), strlen(spam_url[k]));
    /* what is left, runs of white space made one */
    size_t start = out->len;
    int han = 0;
    int space = 0;
    for (size_t p = 0; p < len;) {
        size_t q = p;
        uint32_t c = utf8_next(s, len, &q);
        if (cut[p]) {
            space = 1;
        } else if (is_space(c)) {
            space = 1;
        } else {
            if (space && out->len > start)
                buf_addch(out, ' ');
            space = 0;
            buf_add(out, s + p, q - p);
            han += is_han(c);
        }
        p = q;
    }
    if (cut != small)
        free(cut);
    if (!han) {
        buf_truncate(out, start);
        return 0;
    }
    buf_addch(out, '\n');
    return 1;
}

/* Is s[0..n) a form's label alone ("领衔代表", "主办单位", "代表团")? */
static int form_label_word(const char *s, size_t n)
{
    static const char *const *const lists[] = {
        title_labels,  proposer_labels,    cosigner_labels,   number_labels, dept_labels,
        source_labels, signed_date_labels, other_date_labels, NULL};
    static const char *const more[] = {"主办单位", "协办单位", "会办单位", "分办单位", "代表团",
                                       "办理结果", "办理类别", "办复类别", "类别",     "届次",
                                       "文号",     "发文字号", NULL};
    for (int k = 0; lists[k]; k++)
        for (int w = 0; lists[k][w]; w++)
            if (strlen(lists[k][w]) == n && !memcmp(lists[k][w], s, n))
                return 1;
    for (int w = 0; more[w]; w++)
        if (strlen(more[w]) == n && !memcmp(more[w], s, n))
            return 1;
    return 0;
}

/* A form's row whose cells a page flattened to single blanks ("领衔代表 张三 主办单位
 * 某某局", a row of a table with tabs inside an HTML paragraph): labels and values
 * alternate, two pairs or more, each value one word that is no label. Its blanks
 * between the cells become the '|' of a pipe table, so that a value ends at its
 * cell. s[a..b) is the trimmed line. */
static void flattened_form_row(char *s, size_t a, size_t b)
{
    size_t cell[16][2];
    size_t n = 0;
    for (size_t i = a; i < b;) {
        while (i < b && s[i] == ' ')
            i++;
        if (i >= b)
            break;
        if (n == 16)
            return;
        size_t e = i;
        while (e < b && s[e] != ' ') {
            if (s[e] == '|' || s[e] == '\t' || s[e] == ':')
                return;
            e++;
        }
        cell[n][0] = i;
        cell[n][1] = e;
        n++;
        i = e;
    }
    if (n < 4 || n % 2)
        return;
    for (size_t k = 0; k < n; k++)
        if (form_label_word(s + cell[k][0], cell[k][1] - cell[k][0]) != (k % 2 == 0))
            return;
    for (size_t k = 1; k < n; k++)
        s[cell[k - 1][1]] = '|';
}

/* Does s[a..b) end with the bytes of w? */
static int bytes_end(const char *s, size_t a, size_t b, const char *w)
{
    size_t n = strlen(w);
    return b - a >= n && !memcmp(s + b - n, w, n);
}

/* Does s[a..b) open with the bytes of w? */
static int bytes_open(const char *s, size_t a, size_t b, const char *w)
{
    size_t n = strlen(w);
    return b - a >= n && !memcmp(s + a, w, n);
}

/* Is s[i] a blank Word put between two characters: one blank, a character not
 * ASCII on one side and one not ASCII or a letter or digit on the other (words,
 * numbers and punctuation keep theirs)? */
static int word_blank(const char *s, size_t a, size_t b, size_t i)
{
    if (i <= a || i + 1 >= b || s[i] != ' ' || s[i - 1] == ' ' || s[i + 1] == ' ')
        return 0;
    unsigned char l = (unsigned char)s[i - 1];
    unsigned char r = (unsigned char)s[i + 1];
    int l_word = l >= 0x80 || isalnum(l);
    int r_word = r >= 0x80 || isalnum(r);
    return l_word && r_word && (l >= 0x80 || r >= 0x80);
}

/* Is the character at s[c] (cl bytes) a blank or a mark between names? */
static int name_break(const char *s, size_t c, size_t cl)
{
    return s[c] == ' ' || s[c] == ',' ||
           (cl == 3 && (!memcmp(s + c, "、", 3) || !memcmp(s + c, "，", 3)));
}

/* The characters of the name that ends at s[e], back to a blank, a mark between
 * names or a (dir -1); or of the one that starts at s[a], up to one of them or e,
 * the salutation's colon, less the role before the colon (dir 1). */
static size_t name_run(const char *s, size_t a, size_t e, int dir)
{
    size_t n = 0;
    if (dir < 0) {
        while (e > a) {
            size_t c = e - 1;
            while (c > a && ((unsigned char)s[c] & 0xC0) == 0x80)
                c--;
            if (name_break(s, c, e - c))
                break;
            n++;
            e = c;
        }
        return n;
    }
    size_t i = a;
    while (i < e) {
        size_t c = i + 1;
        while (c < e && ((unsigned char)s[c] & 0xC0) == 0x80)
            c++;
        if (name_break(s, i, c - i))
            return n;
        n++;
        i = c;
    }
    if (bytes_end(s, a, e, "代表") || bytes_end(s, a, e, "委员") || bytes_end(s, a, e, "同志"))
        n = n >= 2 ? n - 2 : 0;
    return n;
}

/* A line of sentences with Word's blanks in it (a blank at each change of a
 * run's format, inside names, meetings and words: "任木兰、徐 文良", "十三届全国人大五
 * 次会议", "非常 感谢您对 城市管理 工作的支持"): three such blanks or more (word_blank),
 * one in twenty characters or more, on a line of twenty characters or more that
 * holds a comma or a full stop. They are left out of s[a..*b), which shrinks; a
 * run of blanks stays, and so do those before a salutation's colon on the line
 * (尊敬的 宋佳 司马云飞 代表:, a page that flattened the letter). */
static void word_blanks(char *s, size_t a, size_t *b)
{
    static const char *const roles[] = {"代表", "委员", "同志", NULL};
    size_t cps = 0;
    size_t single = 0;
    size_t keep = a; /* blanks before it stay */
    int sentence = 0;
    for (size_t i = a; i < *b; i++) {
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
        int colon = s[i] == ':' || (i + 3 <= *b && !memcmp(s + i, "：", 3));
        sentence |=
            s[i] == ',' || (i + 3 <= *b && (!memcmp(s + i, "，", 3) || !memcmp(s + i, "。", 3)));
        single += word_blank(s, a, *b, i);
        for (int k = 0; colon && keep == a && cps <= 60 && roles[k]; k++) {
            size_t e = i;
            while (e > a && s[e - 1] == ' ')
                e--;
            if (bytes_end(s, a, e, roles[k]))
                keep = i;
        }
    }
    if (!sentence || cps < 20 || single < 3 || single * 20 < cps)
        return;
    /* The line is rewritten in place: s[a..o) is what is kept so far, and the
     * name before a blank is read there (s[o..i) holds bytes already moved), so
     * that a name whose own blanks went counts as written without them. */
    size_t o = a;
    for (size_t i = a; i < *b; i++)
        if (!word_blank(s, a, *b, i) ||
            (i < keep && name_run(s, a, o, -1) >= 2 && name_run(s, i + 1, keep, 1) >= 2))
            s[o++] = s[i];
    *b = o;
}

/* Appends one raw line to out, cleaned: stray tags out, entities decoded, trimmed.
 * Blank lines collapse to one; spam is cut out of its line. */
static int clean_line(const char *s, size_t len, struct buf *out, struct buf *line, int *blank_run,
                      struct pctx *ctx)
{
    ctx->steps += len;
    buf_clear(line);
    int rc = 0;
    for (size_t i = 0; i < len && !rc;) {
        /* the bytes up to the next tag, entity or NUL, as they are */
        size_t run = i;
        while (run < len && s[run] != '<' && s[run] != '&' && s[run] != '\0')
            run++;
        if (run > i) {
            rc = buf_add(line, s + i, run - i);
            i = run;
            continue;
        }
        uint32_t cp = 0;
        size_t tag = s[i] == '<' ? html_tag(s, len, i, ctx) : 0;
        size_t ent = s[i] == '&' ? html_entity(s, len, i, &cp) : 0;
        if (tag) {
            i += tag;
            continue;
        }
        if (ent) {
            rc = buf_add_cp(line, cp);
            i += ent;
            continue;
        }
        if (s[i] != '\0')
            rc = buf_addch(line, s[i]);
        i++;
    }
    if (rc)
        return rc;
    /* trim: ASCII space, tab, NBSP, U+3000, BOM */
    size_t a = 0;
    size_t b = line->len;
    while (a < b) {
        size_t p = a;
        if (!is_space(utf8_next(line->data, b, &p)))
            break;
        a = p;
    }
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)line->data[k] & 0xC0) == 0x80)
            k--;
        size_t p = k;
        if (!is_space(utf8_next(line->data, b, &p)))
            break;
        b = k;
    }
    if (a == b) {
        if (!*blank_run && out->len)
            rc = buf_addch(out, '\n');
        *blank_run = 1;
        return rc;
    }
    /* a row of a table copied with tabs between its cells ("序号\t建议号\t…"): its
     * cells apart as a pipe table's are */
    size_t tabs = 0;
    for (size_t k = a; k < b; k++)
        tabs += line->data[k] == '\t';
    for (size_t k = a; k < b && tabs >= 2; k++)
        if (line->data[k] == '\t')
            line->data[k] = '|';
    if (!tabs)
        flattened_form_row(line->data, a, b);
    word_blanks(line->data, a, &b);
    /* the line's own buffer, ended where it was trimmed for the spam tests */
    char end = line->data[b];
    line->data[b] = '\0';
    unsigned found = 0;
    int spam = is_spam_line(line->data + a, b - a, &found, ctx);
    if (spam && strip_spam(line->data + a, b - a, found, out, ctx))
        *blank_run = 0; /* never the letter's own words: only the spam goes */
    line->data[b] = end;
    if (spam)
        return buf_failed(out) || ctx->err ? -1 : 0;
    *blank_run = 0;
    rc = buf_add(out, line->data + a, b - a);
    if (!rc)
        rc = buf_addch(out, '\n');
    return rc;
}

/* The fewest lines at the wrap column that show a text wrapped at it, and the
 * narrowest column taken for a wrap. */
#define WRAP_MIN_LINES 3
#define WRAP_MIN_WIDTH 10
/* The widest column taken for a wrap. */
#define WRAP_MAX_WIDTH 200

/* The separators of a navigation trail in s[a..b) (首页 > 政务公开 > …: '>', '»',
 * '›'). */
static int trail_seps(const char *s, size_t a, size_t b)
{
    int n = 0;
    for (size_t i = a; i < b; i++)
        n += s[i] == '>' || bytes_open(s, i, b, "\u00BB") || bytes_open(s, i, b, "\u203A");
    return n;
}

/* Does s[a..b) hold a sentence's comma or full stop (，。), as a trail does not? */
static int sentence_marks(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (bytes_open(s, i, b, "\uFF0C") || bytes_open(s, i, b, "\u3002"))
            return 1;
    return 0;
}

/* Is the break between a line at the wrap column, s[ls..le), and the next line,
 * s[ns..ne), one the letter wrote? The line ends a sentence, a table's cell or a
 * header (…的答复, …的函, …摘要), or a label or a salutation before an indent, or
 * the next line is the salutation (尊敬的…, a name and its role before a colon), not the
 * rest of a list of names the line began, or the line is a page's trail. */
int written_break(const char *s, size_t ls, size_t le, size_t ns, size_t ne)
{
    static const char *const closes[] = {"。", "！", "？", "；", "!", "?", ";", "|", NULL};
    static const char *const header_ends[] = {"答复", "复函", "的函", "摘要", NULL};
    static const char *const roles[] = {"代表", "委员", "同志", "先生", "女士", NULL};
    for (int k = 0; closes[k]; k++)
        if (bytes_end(s, ls, le, closes[k]))
            return 1;
    /* a page's trail whole on its line, the header under it (首页 > … > 人大建议 /
     * 对十四届…): a trail wrapped goes on with its separators, or ends in one; a
     * sentence that names a site's menus (…依次点击首页>办事服务>…登记，填 / 写…) is
     * no trail */
    size_t te = le;
    while (te > ls && s[te - 1] == ' ')
        te--;
    if (trail_seps(s, ls, le) >= 2 && !trail_seps(s, ns, ne) &&
        !trail_seps(s, te > ls + 3 ? te - 3 : ls, te) && !sentence_marks(s, ls, le))
        return 1;
    /* a header's end, unless the next line holds the rest of it (…的答复 / 函) */
    int rest = bytes_open(s, ns, ne, "函") || bytes_open(s, ns, ne, "摘要") ||
               bytes_open(s, ns, ne, "意见");
    for (int k = 0; header_ends[k] && !rest; k++)
        if (bytes_end(s, ls, le, header_ends[k]))
            return 1;
    /* an indent after a salutation or a label; elsewhere a wrap may cut a run of
     * blanks (a name padded to three characters: 陈 / 　先) */
    int indent = s[ns] == '\t' || bytes_open(s, ns, ne, "  ") || bytes_open(s, ns, ne, "\u3000");
    if (ns == ne || bytes_open(s, ns, ne, "尊敬的") ||
        (indent && (bytes_end(s, ls, le, "：") || bytes_end(s, ls, le, ":"))))
        return 1;
    /* names listed on (…、汪海 / 中、郭德武代表：, …梁  盼 / 、金伯根代表：) */
    if (bytes_open(s, ns, ne, "、") || bytes_open(s, ls, le, "尊敬的"))
        return 0;
    for (size_t i = ls; i + 3 <= le; i++)
        if (bytes_open(s, i, le, "、"))
            return 0;
    /* a salutation of its own: a name of two characters or more, its role, a colon;
     * not the rest of one (…杜建生 / 等10名代表：) */
    for (size_t i = ns; i < ne && i - ns < 120 && !bytes_open(s, ns, ne, "等"); i++) {
        if (s[i] != ':' && !bytes_open(s, i, ne, "："))
            continue;
        for (int k = 0; roles[k]; k++)
            if (bytes_end(s, ns, i, roles[k]) && i - ns >= strlen(roles[k]) + 6)
                return 1;
        return 0;
    }
    return 0;
}

/* A text a page or a copy hard-wrapped at a fixed column (every line of a
 * paragraph cut at the same count of characters, its rest on the next line), its
 * lines joined where the wrap cut them: the column is the length most lines have
 * when WRAP_MIN_LINES lines or more have it, two of them one after the other (a
 * paragraph cut twice), and fewer than half as many are longer, the first two
 * lines aside (a page's breadcrumb and title above the text), as only a wrap gives
 * (a form's fields as long as a breadcrumb, one here and one there, are none); a
 * line of that length runs on into the next unless the break is one the letter
 * wrote (written_break). A line written at the column's length by chance is rare, and
 * the join keeps every character. */
size_t wrap_column(const char *s, size_t len)
{
    size_t lines_of[WRAP_MAX_WIDTH + 1] = {0}; /* lines of each length */
    size_t runs_of[WRAP_MAX_WIDTH + 1] = {0};  /* lines of each length after one as long */
    for (size_t i = 0, prev = 0; i < len;) {
        size_t cps = 0;
        while (i < len && s[i] != '\n' && s[i] != '\r')
            cps += ((unsigned char)s[i++] & 0xC0) != 0x80;
        size_t w = cps < WRAP_MAX_WIDTH ? cps : WRAP_MAX_WIDTH;
        lines_of[w]++;
        runs_of[w] += w == prev;
        prev = w;
        i += i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    }
    size_t width = 0;
    for (size_t w = WRAP_MIN_WIDTH; w < WRAP_MAX_WIDTH; w++)
        if (lines_of[w] && (!width || lines_of[w] >= lines_of[width]))
            width = w;
    /* the counts at hand first: most texts are not wrapped, and the pass below
     * is not needed to tell it */
    if (!width || lines_of[width] < WRAP_MIN_LINES || !runs_of[width])
        return 0;
    /* lines longer than the column, but for the first two: a page's title and its
     * breadcrumb above the wrapped text are the page's, no evidence against it */
    size_t longer = 0;
    for (size_t i = 0, top = 0; width && i < len;) {
        size_t cps = 0;
        while (i < len && s[i] != '\n' && s[i] != '\r')
            cps += ((unsigned char)s[i++] & 0xC0) != 0x80;
        longer += cps > width && top >= 2;
        top += cps > 0;
        i += i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    }
    if (longer * 2 >= lines_of[width])
        return 0;
    return width;
}

/* The walls ('|') in s[a..b). */
static size_t walls_in(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += s[i] == '|';
    return n;
}

/* The text s[0..len) with its lines joined where a wrap at wrap_column cut them.
 * A table's row cut at the column (| 1 | 第35号 | … | / 赖春梅 | … |) runs on to
 * its last wall, and until it has as many walls as the table's first row, whatever
 * its line ends with (a cell's sentence, a label's 答复, a wall), unless the next
 * line opens a row of its own.
 * Returns 1 with the joined text in out, 0 when the text is not wrapped, -1 when
 * out of memory. */
static int unwrap(const char *s, size_t len, struct buf *out, struct pctx *ctx)
{
    ctx->steps += 3 * len;
    size_t width = wrap_column(s, len);
    if (!width)
        return 0;
    if (pctx_alloc(ctx))
        return -1;
    int in_row = 0;         /* joining a table's row */
    size_t row_walls = 0;   /* the walls of the row so far */
    size_t table_walls = 0; /* the walls of the table's first row, 0 before it ends */
    for (size_t i = 0; i < len;) {
        size_t ls = i;
        size_t cps = 0;
        while (i < len && s[i] != '\n' && s[i] != '\r')
            cps += ((unsigned char)s[i++] & 0xC0) != 0x80;
        size_t le = i;
        i += i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
        if (!in_row && ls < le && s[ls] == '|') {
            in_row = 1;
            row_walls = 0;
        } else if (!in_row) {
            table_walls = 0;
        }
        if (in_row)
            row_walls += walls_in(s, ls, le);
        if (buf_add(out, s + ls, le - ls))
            return -1;
        if (le >= len)
            break;
        size_t ne = i;
        while (ne < len && s[ne] != '\n' && s[ne] != '\r')
            ne++;
        int join = cps == width && i < len && !written_break(s, ls, le, i, ne);
        if (in_row && cps == width && i < ne && s[i] != '|' &&
            (row_walls < table_walls || s[le - 1] != '|'))
            join = 1;
        if (!join && in_row) {
            if (!table_walls)
                table_walls = row_walls;
            in_row = 0;
        }
        if (!join && buf_addch(out, '\n'))
            return -1;
    }
    return 1;
}

/* HTML comments out (an unclosed one ends at its line's end), CR LF and CR -> LF,
 * each line cleaned by clean_line, trailing blank lines dropped. */
int clean_text(const char *s, size_t len, struct buf *out, struct pctx *ctx)
{
    if (pctx_alloc(ctx))
        return -1;
    ctx->steps += len;
    struct buf raw = BUF_INIT;
    struct buf line = BUF_INIT;
    struct buf joined = BUF_INIT;
    struct buf paged = BUF_INIT;
    struct buf cols = BUF_INIT;
    int blank_run = 0;
    int rc = two_columns(s, len, &cols, ctx);
    if (rc == 1) {
        s = cols.data;
        len = cols.len;
        rc = 0;
    }
    if (!rc)
        rc = page_breaks(s, len, &paged, ctx);
    if (rc == 1) {
        s = paged.data ? paged.data : "";
        len = paged.len;
        rc = 0;
    }
    if (!rc)
        rc = unwrap(s, len, &joined, ctx);
    if (rc == 1) {
        s = joined.data;
        len = joined.len;
        rc = 0;
    }
    size_t i = 0;
    size_t ls = 0;
    int unclosed = 0; /* no "-->" after the last comment: none to look for again */
    while (i < len && !rc) {
        if (s[i] == '<' && i + 4 <= len && !memcmp(s + i, "<!--", 4)) {
            size_t k = i + 4;
            size_t nl = NPOS;
            while (k < len && (unclosed ? nl == NPOS : k + 3 > len || memcmp(s + k, "-->", 3))) {
                if (nl == NPOS && (s[k] == '\n' || s[k] == '\r'))
                    nl = k;
                k++;
            }
            ctx->steps += k - i;
            if (!unclosed && k + 3 <= len) {
                i = k + 3;
                continue;
            }
            unclosed = 1;
            i = nl != NPOS ? nl : len;
            continue;
        }
        if (s[i] == '\r' || s[i] == '\n') {
            rc = clean_line(raw.data + ls, raw.len - ls, out, &line, &blank_run, ctx);
            buf_clear(&raw);
            ls = 0;
            i += s[i] == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            continue;
        }
        size_t run = i;
        while (run < len && s[run] != '\r' && s[run] != '\n' && s[run] != '<')
            run++;
        if (run == i)
            run++;
        rc = buf_add(&raw, s + i, run - i);
        i = run;
    }
    if (!rc && raw.len)
        rc = clean_line(raw.data, raw.len, out, &line, &blank_run, ctx);
    buf_release(&raw);
    buf_release(&line);
    buf_release(&joined);
    buf_release(&paged);
    buf_release(&cols);
    while (!rc && out->len && out->data[out->len - 1] == '\n')
        buf_truncate(out, out->len - 1);
    return rc;
}
