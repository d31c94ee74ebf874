/*
 * Two columns on one page: a PDF's or a page's text whose lines hold the letter
 * beside another column, cut apart by a run of blanks that starts at about the
 * same place on many lines (a gazette's two columns read across, a box or a
 * sidebar beside the letter: 相关文章, 热点排行, a quote pulled out of it). The
 * lines that share the cut, a band, are read a column at a time: the left one,
 * then the right one when it is the letter's own text running on (a gazette's
 * second column); when it is not (a sidebar, a box the letter's lines run on
 * under), its words are left out, as spam is, and the letter's own stay. Two
 * letters set side by side, each column with its salutation and its text down to
 * a signature of its own, are read a letter at a time, feet and all.
 *
 * A layout of columns is many lines that share the cut within CUT_SLACK display
 * columns, each with text on both sides, and sentences on them: a row of joint
 * signers (甲局　　乙局), a form's two fields a row (主办单位：…　　会办单位：…), a date
 * or a doc number set right are none.
 */
#include "import/parse/parse_int.h"

#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* The blanks, in display columns, that part two columns at least. */
#define GAP_MIN 3
/* How far from the cut a column may start (a copy's blank runs differ). */
#define CUT_SLACK 3
/* The fewest lines with text on both sides of the cut that make a band, of them
 * the fewest holding a sentence's marks, and the most lines in a band between
 * two of them. */
#define BAND_MIN 4
#define BAND_PROSE 2
#define BAND_SKIP 3
/* How far right of the cut a column's line may start: a paragraph's indent of two
 * wide characters ("    您提出的…" in the right column). */
#define INDENT 4
/* The widest page read, in display columns, and the most runs of text on a line. */
#define COLS_MAX 240
#define SEGS_MAX 6

/* Display width of a character: two for the wide ones (Han, full-width forms). */
static int cp_width(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                   (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                   (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                   (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000
               ? 2
               : 1;
}

/* A run of a line's text between blanks of GAP_MIN columns or more: bytes [a, b),
 * display columns [ca, cb). */
struct seg {
    size_t a, b;
    int ca, cb;
};

/* The length of the HTML reference to a blank at s[p, e) ("&nbsp;", "&#12288;"),
 * with its display width in *w, or 0: a page copied as text may keep its blanks
 * written so, which take one column (two for an em's or an ideographic space)
 * where the text is shown, as its columns were set. */
static size_t blank_ref(const char *s, size_t p, size_t e, int *w)
{
    static const struct {
        const char *ref;
        int w;
    } refs[] = {{"&nbsp;", 1}, {"&ensp;", 1}, {"&emsp;", 2}, {"&#160;", 1}, {"&#12288;", 2}};
    for (size_t k = 0; s[p] == '&' && k < sizeof refs / sizeof *refs; k++) {
        size_t n = strlen(refs[k].ref);
        if (p + n <= e && !memcmp(s + p, refs[k].ref, n)) {
            *w = refs[k].w;
            return n;
        }
    }
    return 0;
}

/* The runs of text of the line s[a, e) (at most SEGS_MAX; more, or a tab, gives
 * -1), or 0 for a blank line. */
static int line_segs(const char *s, size_t a, size_t e, struct seg *sg)
{
    int n = 0;
    int col = 0;
    int blank = 0; /* blanks since the last character */
    for (size_t p = a; p < e;) {
        size_t q = p;
        int w = 0;
        size_t ref = blank_ref(s, p, e, &w);
        uint32_t c = ref ? ' ' : utf8_next(s, e, &q);
        if (c == '\t' || c == '\f' || col > COLS_MAX)
            return -1;
        if (ref)
            q = p + ref;
        else
            w = cp_width(c);
        if (c == ' ' || c == 0x3000 || c == 0xA0) {
            blank += w;
        } else {
            if (!n || blank >= GAP_MIN) {
                if (n == SEGS_MAX)
                    return -1;
                sg[n++] = (struct seg){p, q, col, col + w};
            }
            sg[n - 1].b = q;
            sg[n - 1].cb = col + w;
            blank = 0;
        }
        col += w;
        p = q;
    }
    return n;
}

/* A line's place in a band around the cut. */
enum { L_OTHER, L_BLANK, L_BOTH, L_RIGHT, L_LEFT };

struct cline {
    size_t a, e; /* the line's bytes, without its end */
    size_t lb;   /* L_BOTH: the end of the left column's text */
    size_t ra;   /* L_BOTH, L_RIGHT: the start of the right column's text */
    int ca;      /* L_RIGHT: the display column its text starts at */
    int kind;    /* L_* */
    int prose_l; /* the left column's text holds a sentence's marks */
    int prose_r; /* the right one's does */
    int open_l;  /* the left column's text ends inside a sentence */
    int open_r;  /* the right one's does */
    int heading; /* the right one's text opens with a sidebar's heading */
};

static int holds_word(const char *s, size_t a, size_t b, const char *const *words)
{
    for (int k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        for (size_t i = a; i + n <= b; i++)
            if (!memcmp(s + i, words[k], n))
                return 1;
    }
    return 0;
}

static int opens_word(const char *s, size_t a, size_t b, const char *const *words)
{
    for (int k = 0; words[k]; k++) {
        size_t n = strlen(words[k]);
        if (a + n <= b && !memcmp(s + a, words[k], n))
            return 1;
    }
    return 0;
}

/* Does s[a, b) open with a form's label, a few characters and a colon
 * (会办单位：, 联系电话:)? */
static int opens_label(const char *s, size_t a, size_t b)
{
    int chars = 0;
    for (size_t p = a; p < b && chars <= 8;) {
        size_t q = p;
        uint32_t c = utf8_next(s, b, &q);
        if (c == ':' || c == 0xFF1A)
            return chars >= 2;
        if (c == 0x3002 || c == 0xFF0C || c == ',' || c == 0xFF1B)
            return 0;
        chars++;
        p = q;
    }
    return 0;
}

/* The headings a sidebar or a box opens with. */
static const char *const sidebar_heads[] = {
    "相关文章", "相关阅读", "相关链接", "相关新闻", "相关信息", "热点排行",
    "热门文章", "热门推荐", "热点新闻", "阅读排行", "点击排行", "推荐阅读",
    "最新文章", "最新信息", "猜你喜欢", "延伸阅读", "排行榜",   NULL};
static const char *const sentence_marks[] = {"，", "。", "；", "！", "？", NULL};

/* Does the text s[a, b) end inside a sentence, after min_chars characters or
 * more: on a Han character, a comma or a 、 (…周边旅游, …截污纳管、), where a column's
 * line breaks and an item set apart does not (（盖章）, …督查室。, 编号：)? */
static int ends_open(const char *s, size_t a, size_t b, int min_chars)
{
    int chars = 0;
    uint32_t last = 0;
    for (size_t p = a; p < b;) {
        last = utf8_next(s, b, &p);
        chars++;
    }
    return chars >= min_chars &&
           ((last >= 0x4E00 && last <= 0x9FFF) || last == 0xFF0C || last == 0x3001);
}

/* Does s[a, b) salute a delegate or a member, as a letter opens ("覃建国代表：",
 * "各位委员:"): a short line ending in the role's word and a colon? */
static int salutes(const char *s, size_t a, size_t b)
{
    static const char *const ends[] = {
        "代表：", "委员：", "同志：", "代表:", "委员:", "同志:", NULL};
    /* a form's label is none ("领衔代表：", "联系代表:") */
    static const char *const roles[] = {"领衔", "附议", "联名", "联系", NULL};
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r'))
        b--;
    if (b - a > 60 || opens_word(s, a, b, roles))
        return 0;
    for (int k = 0; ends[k]; k++) {
        size_t n = strlen(ends[k]);
        if (b >= a + n + 3 && !memcmp(s + b - n, ends[k], n) &&
            !holds_word(s, a, b, sentence_marks))
            return 1;
    }
    return 0;
}

/* The line's place around the cut at display column cut. */
static void classify(const char *s, struct cline *l, int cut)
{
    struct seg sg[SEGS_MAX];
    int n = line_segs(s, l->a, l->e, sg);
    l->kind = n < 0 ? L_OTHER : n == 0 ? L_BLANK : L_OTHER;
    if (n <= 0)
        return;
    if (sg[0].ca >= cut - CUT_SLACK) {
        l->kind = L_RIGHT;
        l->ra = sg[0].a;
        l->ca = sg[0].ca;
        l->open_r = ends_open(s, l->ra, l->e, 5);
        return;
    }
    for (int k = 1; k < n; k++)
        if (sg[k].ca >= cut - CUT_SLACK && sg[k].ca <= cut + CUT_SLACK + INDENT) {
            /* a form's next field is no column, a letter's salutation is */
            if (opens_label(s, sg[k].a, l->e) && !salutes(s, sg[k].a, l->e))
                return;
            l->kind = L_BOTH;
            l->lb = sg[k - 1].b;
            l->ra = sg[k].a;
            l->prose_l = holds_word(s, l->a, l->lb, sentence_marks);
            l->prose_r = holds_word(s, l->ra, l->e, sentence_marks);
            l->heading = opens_word(s, l->ra, l->e, sidebar_heads);
            l->open_l = ends_open(s, l->a, l->lb, 8);
            l->open_r = ends_open(s, l->ra, l->e, 5);
            return;
        }
    if (sg[n - 1].cb <= cut - 1)
        l->kind = L_LEFT;
}

/* The display column most lines' right columns start at, within CUT_SLACK, with
 * how many lines start one there; 0 when none does. */
static int find_cut(const char *s, const struct cline *ls, size_t n, size_t *count)
{
    size_t *at = calloc(COLS_MAX + 2, sizeof *at);
    if (!at)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct seg sg[SEGS_MAX];
        int k = line_segs(s, ls[i].a, ls[i].e, sg);
        for (int j = 1; j < k; j++)
            if (sg[j].ca <= COLS_MAX)
                at[sg[j].ca]++;
    }
    int best = 0;
    size_t best_n = 0;
    for (int c = CUT_SLACK; c + CUT_SLACK <= COLS_MAX; c++) {
        size_t m = 0;
        for (int d = -CUT_SLACK; d <= CUT_SLACK; d++)
            m += at[c + d];
        if (m > best_n) {
            best_n = m;
            best = c;
        }
    }
    free(at);
    *count = best_n;
    return best;
}

/* Does the left column run on under the band that ends at line i (its last line
 * with both columns): a line with text across the cut before any of the right
 * column's alone, within the next few lines with text? */
static int runs_on_under(const char *s, const struct cline *ls, size_t n, size_t i, int cut)
{
    int seen = 0;
    for (size_t k = i + 1; k < n && seen < 4; k++) {
        struct seg sg[SEGS_MAX];
        int m = line_segs(s, ls[k].a, ls[k].e, sg);
        if (m == 0)
            continue;
        seen++;
        if (m < 0)
            return 0;
        if (sg[0].ca >= cut - CUT_SLACK)
            return 0;
        for (int j = 0; j < m; j++)
            if (sg[j].ca < cut - CUT_SLACK && sg[j].cb > cut + CUT_SLACK)
                return 1;
    }
    return 0;
}

/* Appends s[a, b) to out without its blanks (written as references too), up to max
 * bytes in out. */
static int add_unspaced(struct buf *out, const char *s, size_t a, size_t b, size_t max)
{
    int rc = 0;
    for (size_t p = a; p < b && out->len < max && !rc;) {
        size_t q = p;
        int w = 0;
        size_t ref = blank_ref(s, p, b, &w);
        uint32_t c = ref ? ' ' : utf8_next(s, b, &q);
        if (c != ' ' && c != 0x3000 && c != 0xA0)
            rc = buf_add(out, s + p, q - p);
        p = ref ? p + ref : q;
    }
    return rc;
}

/* Does the right column of the band [b0, b1] quote the letter's column: QUOTE_RUN
 * characters of it, all Han but one at most, written in the left column's lines
 * of the band or in the lines under it (a quote pulled out into a box)? 1, 0, or
 * -1 when out of memory. */
#define QUOTE_RUN 6
#define QUOTE_TRIES 40
#define QUOTE_LINES 20
#define QUOTE_BYTES 8000
/* The most bands of a text looked at for a quote. */
#define QUOTE_BANDS 4
static int quotes_letter(const char *s, const struct cline *ls, size_t n, size_t b0, size_t b1,
                         struct pctx *ctx)
{
    struct buf r = BUF_INIT;
    struct buf t = BUF_INIT;
    int rc = pctx_alloc(ctx);
    for (size_t k = b0; k <= b1 && !rc; k++)
        if (ls[k].kind == L_BOTH || ls[k].kind == L_RIGHT)
            rc = add_unspaced(&r, s, ls[k].ra, ls[k].e, QUOTE_BYTES);
    for (size_t k = b0; k < n && k <= b1 + QUOTE_LINES && !rc; k++)
        if (ls[k].kind != L_RIGHT || k > b1)
            rc = add_unspaced(&t, s, ls[k].a, ls[k].kind == L_BOTH && k <= b1 ? ls[k].lb : ls[k].e,
                              QUOTE_BYTES);
    int found = 0;
    for (size_t p = 0, tries = 0; !rc && !found && p < r.len && tries < QUOTE_TRIES; tries++) {
        size_t q = p;
        int han = 0;
        size_t next = p;
        for (int c = 0; c < QUOTE_RUN && q < r.len; c++) {
            han += is_han(utf8_next(r.data, r.len, &q));
            if (!c)
                next = q;
        }
        ctx->steps += t.len;
        for (size_t i = 0; han >= QUOTE_RUN - 1 && i + (q - p) <= t.len && !found; i++)
            found = !memcmp(t.data + i, r.data + p, q - p);
        p = next;
    }
    buf_release(&r);
    buf_release(&t);
    return rc ? -1 : found;
}

static int add_line(struct buf *out, const char *s, size_t a, size_t b)
{
    return buf_add(out, s + a, b - a) || buf_addch(out, '\n');
}

/* Writes the band of lines [b0, b1] to out, a column at a time: the left one's
 * text, then the right one's when it is the letter's (own), else without it (a
 * line set further right than the cut is kept where it stands). */
static int write_band(const char *s, const struct cline *ls, size_t b0, size_t b1, int cut, int own,
                      struct buf *out)
{
    int rc = 0;
    for (size_t k = b0; k <= b1 && !rc; k++) {
        const struct cline *l = &ls[k];
        if (l->kind == L_BOTH)
            rc = add_line(out, s, l->a, l->lb);
        else if (l->kind != L_RIGHT || (!own && l->ca > cut + CUT_SLACK))
            rc = add_line(out, s, l->a, l->e);
    }
    for (size_t k = b0; k <= b1 && own && !rc; k++)
        if (ls[k].kind == L_BOTH || ls[k].kind == L_RIGHT)
            rc = add_line(out, s, ls[k].ra, ls[k].e);
    return rc;
}

/* Do the band [b0, b1]'s two columns each open a letter of their own, each with its
 * salutation (two replies set side by side, "覃建国代表：　　　吴秀芳代表："), so that
 * each runs down to a signature of its own? */
static int letters_apart(const char *s, const struct cline *ls, size_t b0, size_t b1)
{
    int left = 0;
    int right = 0;
    for (size_t k = b0; k <= b1; k++) {
        if (ls[k].kind == L_BOTH)
            left |= salutes(s, ls[k].a, ls[k].lb);
        if (ls[k].kind == L_BOTH || ls[k].kind == L_RIGHT)
            right |= salutes(s, ls[k].ra, ls[k].e);
    }
    return left && right;
}

/* The line l's text apart at the cut, as letters side by side set their feet: the
 * runs wholly left of it end the left column's part at *lb, the first run that
 * starts at it or right of it opens the right one's at *ra (l->a and l->e where a
 * side has none). Returns 0 for a line with a run across the cut (a page's
 * number set in the middle) or of a kind not read. */
static int split_at(const char *s, const struct cline *l, int cut, size_t *lb, size_t *ra)
{
    struct seg sg[SEGS_MAX];
    int n = line_segs(s, l->a, l->e, sg);
    if (n < 0)
        return 0;
    *lb = l->a;
    *ra = l->e;
    for (int k = 0; k < n; k++) {
        if (sg[k].ca >= cut - CUT_SLACK) {
            *ra = sg[k].a;
            return 1;
        }
        if (sg[k].cb > cut)
            return 0;
        *lb = sg[k].b;
    }
    return 1;
}

/* Writes two letters set side by side from line b0 to their feet, a column at a
 * time: the left one's lines, then the right one's, each down to its signature and
 * date below the band (lines apart at the cut, at most BAND_SKIP blank ones
 * between). Returns the last line written in *b1, or -1 when out of memory. */
static int write_apart(const char *s, const struct cline *ls, size_t n, size_t b0, size_t *b1,
                       int cut, struct buf *out)
{
    size_t last = *b1;
    for (size_t k = last + 1, blanks = 0; k < n && blanks <= BAND_SKIP; k++) {
        size_t lb = 0;
        size_t ra = 0;
        if (ls[k].kind == L_BLANK) {
            blanks++;
            continue;
        }
        if (!split_at(s, &ls[k], cut, &lb, &ra))
            break;
        last = k;
        blanks = 0;
    }
    int rc = 0;
    for (int side = 0; side < 2 && !rc; side++)
        for (size_t k = b0; k <= last && !rc; k++) {
            size_t lb = 0;
            size_t ra = 0;
            if (!split_at(s, &ls[k], cut, &lb, &ra))
                continue;
            if (side == 0 && (lb > ls[k].a || ls[k].kind == L_BLANK))
                rc = add_line(out, s, ls[k].a, lb);
            else if (side == 1 && ra < ls[k].e)
                rc = add_line(out, s, ra, ls[k].e);
        }
    *b1 = last;
    return rc ? -1 : 0;
}

int two_columns(const char *s, size_t len, struct buf *out, struct pctx *ctx)
{
    ctx->steps += 4 * len;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    n++;
    if (n < BAND_MIN || pctx_alloc(ctx))
        return n < BAND_MIN ? 0 : -1;
    struct cline *ls = calloc(n, sizeof *ls);
    if (!ls)
        return pctx_fail(ctx, -1);
    n = 0;
    for (size_t i = 0; i <= len;) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        size_t next = e + 1;
        if (e > i && s[e - 1] == '\r')
            e--;
        ls[n++] = (struct cline){.a = i, .e = e};
        i = next;
    }
    size_t count = 0;
    int cut = find_cut(s, ls, n, &count);
    int rc = 0;
    if (cut < 0) {
        rc = pctx_fail(ctx, -1);
        goto done;
    }
    if (count < BAND_MIN)
        goto done;
    for (size_t i = 0; i < n; i++)
        classify(s, &ls[i], cut);
    size_t from = 0; /* the lines before it are written */
    int quoted = 0;  /* bands looked at for a quote */
    for (size_t i = 0; i < n && !rc;) {
        if (ls[i].kind != L_BOTH) {
            i++;
            continue;
        }
        /* the band from line i: lines with both columns, at most BAND_SKIP apart,
         * and between them lines of one column or blank */
        size_t last = i;
        size_t both = 0;
        size_t prose = 0;
        for (size_t k = i; k < n && k - last <= BAND_SKIP; k++) {
            if (ls[k].kind == L_OTHER)
                break;
            if (ls[k].kind == L_BOTH) {
                last = k;
                both++;
                prose += ls[k].prose_l || ls[k].prose_r;
            }
        }
        /* a column's sentences run on from a line to the next (flow), which a
         * row of items set apart does not */
        size_t flow_l = 0;
        size_t flow_r = 0;
        size_t prose_r = 0;
        int heading = 0;
        for (size_t k = i, seen = 0; k <= last; k++) {
            int next = k + 1 < n ? ls[k + 1].kind : L_BLANK;
            flow_r += ls[k].open_r && (next == L_BOTH || next == L_RIGHT);
            if (ls[k].kind != L_BOTH)
                continue;
            flow_l += ls[k].open_l && (next == L_BOTH || next == L_LEFT);
            prose_r += ls[k].prose_r;
            heading |= seen++ < 2 && ls[k].heading;
        }
        if (both < BAND_MIN || prose < BAND_PROSE || flow_l < BAND_PROSE) {
            i = last + 1;
            continue;
        }
        /* two letters side by side, each down to its own signature: read a
         * letter at a time, the left one first, as two replies on one page */
        if (!ls[i].heading && letters_apart(s, ls, i, last)) {
            size_t foot = last;
            rc =
                buf_add(out, s + from, ls[i].a - from) || write_apart(s, ls, n, i, &foot, cut, out);
            from = foot + 1 < n ? ls[foot + 1].a : len;
            i = foot + 1;
            continue;
        }
        /* the right column is no text of the letter when it opens with a
         * sidebar's heading, or when it quotes the letter's column, which runs on
         * under it (a box); it is the letter's when its sentences run on, on
         * under the left one's end, and the left one does not run on under it
         * (a gazette's second column); else the lines are left as they are */
        int under = runs_on_under(s, ls, n, last, cut);
        int quote =
            under && !heading && quoted++ < QUOTE_BANDS ? quotes_letter(s, ls, n, i, last, ctx) : 0;
        if (quote < 0) {
            rc = -1;
            break;
        }
        int strip = heading || quote;
        int own = !strip && !under && prose_r >= BAND_PROSE && flow_r >= BAND_PROSE &&
                  last + 1 < n && ls[last + 1].kind == L_RIGHT;
        if (!own && !strip) {
            i = last + 1;
            continue;
        }
        rc = buf_add(out, s + from, ls[i].a - from) || write_band(s, ls, i, last, cut, own, out);
        from = last + 1 < n ? ls[last + 1].a : len;
        i = last + 1;
    }
    if (!rc && from && from < len)
        rc = buf_add(out, s + from, len - from);
    if (rc)
        rc = pctx_fail(ctx, -1);
    else if (from)
        rc = 1;
done:
    free(ls);
    return rc;
}
