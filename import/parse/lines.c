/*
 * Line classes: paragraphs, navigation trails, trailer lines, and word lists
 * matched at a line start or anywhere in a span.
 */
#include "import/parse/parse_int.h"

/* The first of the NULL-terminated words that occurs at i, or NULL. */
const char *at_any(const struct ctext *t, size_t i, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (at(t, i, words[k]))
            return words[k];
    return NULL;
}

/* Does one of the NULL-terminated words occur at ls? */
int line_starts_with_any(const struct ctext *t, size_t ls, const char *const *words)
{
    return at_any(t, ls, words) != NULL;
}

/* Where the first occurrence of any of the NULL-terminated words in [a, b)
 * begins, or NPOS. */
size_t find_any(const struct ctext *t, size_t a, size_t b, const char *const *words)
{
    size_t first = NPOS;
    for (int k = 0; words[k]; k++) {
        size_t i = find(t, a, b, words[k]);
        if (i != NPOS && (first == NPOS || i < first))
            first = i;
    }
    return first;
}

/* Does one of the NULL-terminated words occur in [a, b)? */
int has_any(const struct ctext *t, size_t a, size_t b, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (find(t, a, b, words[k]) != NPOS)
            return 1;
    return 0;
}

/* A sentence of running text (a paragraph), not a header, form or sign-off line:
 * the segment holds a full stop or a semicolon. */
int is_paragraph(const struct ctext *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (t->cp[i] == 0x3002 || t->cp[i] == ';') {
            t->ctx->steps += i - a + 1;
            return 1;
        }
    t->ctx->steps += b > a ? b - a : 0;
    return 0;
}

/* Does the line above the line at ls break off a list, ending in 、 or a comma
 * ("会办单位：县财政局、" / "县人社局"), so that the line at ls goes on with it? */
int list_goes_on(const struct ctext *t, size_t ls)
{
    if (ls == 0)
        return 0;
    size_t e = ls - 1; /* the line above's end */
    while (e > 0 && t->cp[e - 1] != '\n' && is_space(t->cp[e - 1]))
        e--;
    return e > 0 && (t->cp[e - 1] == 0x3001 || t->cp[e - 1] == 0xFF0C || t->cp[e - 1] == ',');
}

/* A navigation trail: "首页 > 政务公开 > …", a short line with two or more
 * separators (a '/' between digits is a date's) that names no meeting. */
int is_breadcrumb(const struct ctext *t, size_t a, size_t b)
{
    if (b - a > 100 || find(t, a, b, "届") != NPOS)
        return 0; /* long, or naming a meeting: a flattened header, not a trail */
    int seps = 0;
    for (size_t i = a; i < b && seps < 2; i++) {
        t->ctx->steps++;
        uint32_t c = t->cp[i];
        if (c == '/' && i > a && i + 1 < b && digit_val(t->cp[i - 1]) >= 0 &&
            digit_val(t->cp[i + 1]) >= 0)
            continue;
        if (c == '>' || c == 0xBB || c == '/' || c == 0x203A || c == '|')
            seps++;
    }
    return seps >= 2;
}

/* A line of the letter's tail that is not the sign-off: 抄送, 联系人, … 印发. */
int is_trailer_line(const struct ctext *t, size_t ls, size_t le)
{
    size_t a = ls;
    while (a < le && (is_space(t->cp[a]) || t->cp[a] == '(' || t->cp[a] == '['))
        a++;
    return line_starts_with_any(t, a, trailer_words) ||
           line_starts_with_any(t, ls, trailer_words) || ends_with(t, ls, le, "印发");
}

/* Is the line below le a short line holding a date (the signing date under a
 * labelled unit)? */
static int date_below(const struct ctext *t, size_t le)
{
    size_t nx = le + 1;
    while (nx < t->n && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
        nx++;
    size_t nle = nx < t->n ? line_end(t, nx) : nx;
    return nx < t->n && nle - nx <= 20 && date_end(t, nx, nle) != NPOS;
}

/* Do the lines below le hold a closing block's contacts or its date, one of them
 * at least naming a person or the day ("联系人：张三" / "联系电话：…", "日期：2024年8月
 * 12日", "答复时间：…")? A site's footer gives its phone and its address, no person. */
static int block_below(const struct ctext *t, size_t le)
{
    static const char *const contact[] = {"联系人", "联系电话", "电话", "经办人", "联系方式", NULL};
    static const char *const person[] = {"联系人", "经办人", NULL};
    static const char *const dated[] = {"答复时间", "答复日期", "办理时间", "办复时间",
                                        "日期",     "时间",     NULL};
    int named = 0;
    for (int lines = 0; lines < 3; lines++) {
        size_t nx = le + 1;
        while (nx < t->n && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
            nx++;
        if (nx >= t->n)
            break;
        le = line_end(t, nx);
        const char *w = at_any(t, nx, dated);
        if (w) {
            size_t d = nx + needle_len(w);
            if (d < le && is_colon(t->cp[d]))
                d++;
            while (d < le && is_space(t->cp[d]))
                d++;
            if (date_end(t, d, le) == NPOS)
                break;
            named = 1;
        } else if (le - nx <= 20 && date_end(t, nx, le) != NPOS) {
            named = 1;
        } else if (line_starts_with_any(t, nx, contact)) {
            named |= line_starts_with_any(t, nx, person) != 0;
        } else {
            break;
        }
    }
    return named;
}

/* "主办单位:某某局" signing a reply (the unit that led it, as a form's sign-off
 * names it), not a site's footer: the label, one unit's name, then on its line or
 * below a 协办单位 / 会办单位 line, or the signing date. The short labels read the
 * same ("主办:某某厅(盖章)  协办:某某厅(盖章)"), and 承办: as 主办: does; the co-handler
 * may stand first on the line ("协办:某某局(盖章)  主办:某某厅(盖章)"), and the
 * contact may follow the unit ("主办:某某局  联系人:张三  电话:…") when the unit is
 * sealed or the date stands under it. Alone on its line, it signs over a closing
 * block of contacts naming a person or of the date (block_below: "主办单位：某某局" /
 * "联系人：张三" / "联系电话：…", "答复日期：…"). The unit's name is [*vs, *ve). */
int host_signoff(const struct ctext *t, size_t ls, size_t le, size_t *vs, size_t *ve)
{
    static const char *const joint[] = {"协办单位", "会办单位", "协办:", "会办:", NULL};
    static const char *const contact[] = {"联系人", "联系电话", "电话:", "经办人", NULL};
    while (ls < le && is_space(t->cp[ls]))
        ls++;
    /* a co-handler first: the host's label after its unit's name and blanks */
    if (line_starts_with_any(t, ls, joint)) {
        size_t k = ls;
        while (k < le && !is_colon(t->cp[k]))
            k++;
        while (k < le && !is_space(t->cp[k]))
            k++;
        while (k < le && is_space(t->cp[k]))
            k++;
        if (k >= le || k == ls)
            return 0;
        ls = k;
    }
    size_t i = at_label(t, ls, le, "主办单位");
    int short_label = 0;
    if (i == NPOS) {
        i = at_label(t, ls, le, "主办");
        if (i == NPOS)
            i = at_label(t, ls, le, "承办");
        short_label = 1;
    }
    if (i == NPOS || i >= le || !is_colon(t->cp[i]))
        return 0;
    i++;
    while (i < le && is_space(t->cp[i]))
        i++;
    size_t e = i;
    while (e < le && !is_space(t->cp[e]))
        e++;
    /* (its seal mark after it: "主办单位:某某局(盖章)  会办单位:…") */
    if (!plausible_org(t, i, before_seal(t, i, e)))
        return 0;
    /* a site's footer runs "主办:某某网 协办:…" too: the short label signs only
     * with the unit's seal mark, or with the signing date under it */
    int sealed = before_seal(t, i, e) < e;
    size_t x = e;
    while (x < le && is_space(t->cp[x]))
        x++;
    size_t nx = le + 1;
    while (nx < t->n && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
        nx++;
    /* the co-handler's line under it: "主办单位:某某局  联系人:张三" / "协办单位:…" */
    int joint_below = nx < t->n && line_starts_with_any(t, nx, joint) && !short_label;
    int ok = 0;
    if (x < le) {
        ok =
            (line_starts_with_any(t, x, joint) && (sealed || !short_label)) ||
            (line_starts_with_any(t, x, contact) && (sealed || date_below(t, le) || joint_below)) ||
            date_end(t, x, le) != NPOS; /* the signing date after it */
    } else {
        ok = date_below(t, le) ||
             (nx < t->n && line_starts_with_any(t, nx, joint) && (sealed || !short_label)) ||
             (!short_label && block_below(t, le));
    }
    if (ok) {
        *vs = i;
        *ve = e;
    }
    return ok;
}

/* A unit marked as the host in brackets after its name on a sign-off line
 * ("某某局（主办）　某某局（协办）", "某某局（牵头单位）"): the unit's name is
 * [*vs, *ve) and 1 is returned, else 0. */
int host_marked(const struct ctext *t, size_t ls, size_t le, size_t *vs, size_t *ve)
{
    static const char *const marks[] = {"主办单位", "主办", "牵头单位", "牵头", NULL};
    static const char *const stops[] = {"。", "，", ",", "；", NULL};
    if (has_any(t, ls, le, stops))
        return 0; /* a sentence: "由某局（主办）和某局（协办）办理，…" */
    for (size_t i = ls + 1; i + 2 < le; i++) {
        if (!is_open_bracket(t->cp[i - 1]))
            continue;
        const char *w = at_any(t, i, marks);
        if (!w || i + needle_len(w) >= le || !is_close_bracket(t->cp[i + needle_len(w)]))
            continue;
        size_t e = i - 1;
        while (e > ls && is_space(t->cp[e - 1]))
            e--;
        size_t s = sig_token(t, ls, e);
        size_t f = ls;
        while (f < s && is_space(t->cp[f]))
            f++;
        /* the name opens the line or stands after blanks, as signers do; a
         * sentence's "由某局（主办）…办理" is none */
        if (e > s && (s == f || is_space(t->cp[s - 1])) && plausible_org(t, s, e)) {
            *vs = s;
            *ve = e;
            return 1;
        }
    }
    return 0;
}
