/*
 * Landmarks: the start of the letter, its header region and blocks, the opening
 * sentence, the end of the letter and of the reply.
 */
#include "import/parse/parse_int.h"

#include <stdlib.h>
#include <string.h>

/* A line that reads as (part of) the letter's header: a header word, a meeting,
 * a doc number, or a proposal reference; never page meta, a trail or a paragraph. */
int is_header_line(const struct ctext *t, size_t ls, size_t le)
{
    if (line_starts_with_any(t, ls, chrome_meta) || is_breadcrumb(t, ls, le) ||
        is_paragraph(t, ls, le))
        return 0;
    /* the page's index block (索 引 号, 公开日期, 发布机构) is page chrome; its
     * 信息名称 line may repeat the header (and is read as one) or hold only the
     * doc number (and is not) */
    static const char *const index_labels[] = {"索引号", "公开日期", "发布机构", NULL};
    for (int k = 0; index_labels[k]; k++)
        if (at_label(t, ls, le, index_labels[k]) != NPOS)
            return 0;
    int info_name = at_label(t, ls, le, "信息名称") != NPOS;
    /* an attachment's name (附件：建议办理情况征询意见表) is no header unless it names
     * the reply (附件：…第12号建议的答复.pdf) */
    static const char *const replies[] = {"答复", "复函", "回复", "的函", NULL};
    if (at_label(t, ls, le, "附件") != NPOS && !has_any(t, ls, le, replies))
        return 0;
    if (has_any(t, ls, le, header_words) || find(t, ls, le, "届") != NPOS ||
        find(t, ls, le, "〔") != NPOS || find(t, ls, le, "﹝") != NPOS)
        return 1;
    /* a doc number in other brackets: 川交函[2020]113号, 桃民发(2015)123号 */
    for (size_t i = ls; !info_name && i + 6 < le; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, ls, le, i, &ps, &e))
            return 1;
    }
    return has_any(t, ls, le, vocab_kinds) &&
           (find(t, ls, le, "关于") != NPOS || find(t, ls, le, "号") != NPOS);
}

/* Does [a, b) hold the body of a letter: its opening (收悉) or 100 characters of
 * running text, counted on from *n? A page's title and meta lines do not. */
static int holds_body(const struct ctext *t, size_t a, size_t b, size_t *np)
{
    if (find(t, a, b, "收悉") != NPOS)
        return 1;
    size_t n = *np;
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        if (is_paragraph(t, ls, le))
            n += le - ls;
        ls = le + 1;
    }
    *np = n;
    return n >= 100;
}

/* Is [ls, le) a rule alone, three or more dashes, bars or underscores ("————")? */
static int rule_line(const struct ctext *t, size_t ls, size_t le)
{
    size_t n = 0;
    for (size_t i = ls; i < le; i++) {
        uint32_t c = t->cp[i];
        if (c == '-' || c == '_' || c == '=' || c == 0x2014 || c == 0x2015 || c == 0x2500 ||
            c == 0x2501 || c == 0x2550 || c == 0xFF0D || c == 0xFF3F)
            n++;
        else if (!is_space(c))
            return 0;
    }
    return n >= 3;
}

/* Is [a, b) the salutation of a unit ("市市场监督管理局："), no member's (…代表：,
 * …委员：)? */
static int unit_salutation(const struct ctext *t, size_t a, size_t b)
{
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (b - a < 4 || b - a > 30 || !is_colon(t->cp[b - 1]))
        return 0;
    b--;
    return !ends_with(t, a, b, "代表") && !ends_with(t, a, b, "委员") && ends_with_org(t, a, b);
}

/* Is a line of [a, b) a date alone (an item's signing date), blanks around it, a
 * note in brackets after it perhaps (（此件公开发布）, （盖章）), or the date its
 * copies were printed or published on (2024年7月12日印发)? A line of the reply
 * that opens with a date (2024年9月1日起开工；) is none. */
static int dated_since(const struct ctext *t, size_t a, size_t b)
{
    static const char *const issued[] = {"印发", "发布", NULL};
    for (size_t ls = line_start(t, a); ls < b;) {
        size_t le = line_end(t, ls);
        size_t x = ls;
        size_t e = le;
        trim_span(t, &x, &e);
        size_t d = date_opens(t, x, e, DATE_LINE_MAX);
        if (d != NPOS) {
            const char *w = at_any(t, d, issued);
            if (d == e || (w && d + needle_len(w) == e) ||
                (e - d <= 12 && is_open_bracket(t->cp[d]) && is_close_bracket(t->cp[e - 1])))
                return 1;
        }
        ls = le + 1;
    }
    return 0;
}

/* Does the first line above ls that is not blank hold a signing date alone
 * ("2023年6月9日", "二〇二四年五月十日")? *ps receives its start. */
static int signed_above(const struct ctext *t, size_t ls, size_t *ps)
{
    size_t pe = ls;
    while (pe > 0 && t->cp[pe - 1] == '\n')
        pe--;
    *ps = pe > 0 ? line_start(t, pe - 1) : pe;
    return pe > *ps && pe - *ps <= 30 && find(t, *ps, pe, "年") != NPOS &&
           ends_with(t, *ps, pe, "日");
}

/* Does a signing date alone stand above the line at ls (signed_above), a few lines
 * of the letter's tail perhaps between (a contact line, 抄送, a note in brackets:
 * （联系人：…　联系电话：…）, （此件公开发布）)? *ps receives the date's start. */
static int signed_over_tail(const struct ctext *t, size_t ls, size_t *ps)
{
    for (int lines = 0; lines < 3; lines++) {
        if (signed_above(t, ls, ps))
            return 1;
        size_t a = *ps;
        size_t e = a < ls ? line_end(t, a) : a;
        trim_span(t, &a, &e);
        if (e == a || !(is_trailer_line(t, a, e) || (e - a <= 40 && is_open_bracket(t->cp[a]) &&
                                                     is_close_bracket(t->cp[e - 1]))))
            return 0;
        ls = *ps;
    }
    return 0;
}

/* Is the line [ls, le) a salutation alone, an item's number perhaps before it
 * ("李四代表:", "二、王五、赵六委员:")? */
int salutation_line(const struct ctext *t, size_t ls, size_t le)
{
    while (le > ls && is_space(t->cp[le - 1]))
        le--;
    if (le - ls > 40 || le - ls < 4 || !is_colon(t->cp[le - 1]))
        return 0;
    size_t a = ls;
    while (a < le && cn_val(t->cp[a]) > 0 && a - ls < 3)
        a++;
    if (a > ls && at(t, a, "、"))
        a++;
    else
        a = ls;
    if (at(t, a, "尊敬的"))
        a += 3;
    size_t b = le - 1;
    static const char *const roles[] = {"代表", "委员", NULL};
    for (int k = 0; roles[k]; k++)
        if (ends_with(t, a, b, roles[k]))
            return b - needle_len(roles[k]) >= a + 2 && names_plain(t, a, b - needle_len(roles[k]));
    return 0;
}

/* Does [a, b) name a form (…联系表, …征询意见表): 表, not that of 代表 or 发表? */
static int names_form(const struct ctext *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (at(t, i, "表") && !(i > a && (at(t, i - 1, "代") || at(t, i - 1, "发"))))
            return 1;
    return 0;
}

/* Is the first line [a, b) a letterhead, a unit's name alone, whose copy ending at
 * le signs the letter, its date on the next line with text (某某局 / 2024年5月12日)?
 * A PDF prints the unit at its top and again over the date. */
static int signed_letterhead(const struct ctext *t, size_t a, size_t b, size_t le)
{
    if (b - a > 30 || !plausible_org(t, a, b))
        return 0;
    size_t nx = le + 1;
    while (nx < t->n && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
        nx++;
    size_t nle = nx < t->n ? line_end(t, nx) : nx;
    return nx < t->n && nle - nx <= 24 && date_end(t, nx, nle) != NPOS;
}

/* Is the line after le that is not blank the letter's signature: a unit's name
 * alone (its seal mark after it perhaps), its date on the next line? A listed
 * attachment stands right above it ("附：某某厅关于…的答复" / 某某办公厅 / 2022年7月4日). */
static int signed_next(const struct ctext *t, size_t le)
{
    size_t nx = le + 1;
    while (nx < t->n && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
        nx++;
    size_t nle = nx < t->n ? line_end(t, nx) : nx;
    size_t ue = before_seal(t, nx, nle);
    while (ue > nx && is_space(t->cp[ue - 1]))
        ue--;
    return ue > nx && signed_letterhead(t, nx, ue, nle);
}

/* Are the line [ls, le) and the line above it rows of a table (walls between their
 * cells)? */
static int row_above(const struct ctext *t, size_t ls, size_t le)
{
    int rows = 0;
    for (size_t a = line_start(t, ls - 1), b = ls - 1, r = 0; r < 2; r++, a = ls, b = le) {
        size_t i = a;
        while (i < b && !is_wall(t->cp[i]))
            i++;
        rows += i < b;
    }
    return rows == 2;
}

/* Is the line under the table row [ls, le) ("| 1 | 第263号 | … |") a row of the same
 * table, as many walls in it, that holds a reply in full (reply_row)? */
static int reply_row_below(const struct ctext *t, size_t ls, size_t le)
{
    size_t walls = 0;
    for (size_t i = ls; i < le; i++)
        walls += t->cp[i] == '|';
    if (walls < 3 || t->cp[ls] != '|' || le + 1 >= t->n)
        return 0;
    size_t ns = le + 1;
    while (ns < t->n && t->cp[ns] == '\n')
        ns++;
    size_t ne = line_end(t, ns);
    if (ns >= t->n || t->cp[ns] != '|')
        return 0;
    for (size_t i = ns; i < ne && walls; i++)
        walls -= t->cp[i] == '|';
    return walls == 0 && t->cp[ne - 1] == '|' && reply_row(t, ns, ne);
}

/* The end of the letter: the first line of page chrome after `from`, or the start
 * of a second copy of the page. A copy of the first line counts only when the
 * body lies between the two: the page's title repeats the letter's header line,
 * and the first copy is then the title, the second the letter's own header. */
static void find_end(const struct ctext *t, struct marks *m, size_t from)
{
    m->end = t->n;
    size_t first_le = line_end(t, m->start);
    size_t sal_ls = m->sal != NPOS ? line_start(t, m->sal) : NPOS;
    size_t sal_le = m->sal != NPOS ? line_end(t, m->sal) : NPOS;
    /* body seen since the start, kept up line by line (linear) */
    size_t body_n = 0;
    /* (below the first line: an opening sentence printed twice is no page twice) */
    int body = holds_body(t, first_le, line_end(t, from), &body_n);
    for (size_t ls = line_end(t, from); ls < t->n;) {
        ls++; /* past '\n' */
        if (ls >= t->n)
            break;
        size_t le = line_end(t, ls);
        int dup = le > ls && ((le - ls == first_le - m->start &&
                               !memcmp(t->cp + ls, t->cp + m->start, (le - ls) * sizeof *t->cp)) ||
                              (sal_ls != NPOS && ls > sal_ls && le - ls == sal_le - sal_ls &&
                               !memcmp(t->cp + ls, t->cp + sal_ls, (le - ls) * sizeof *t->cp)));
        if (dup && !body)
            dup = 0;
        if (dup && ls != sal_ls && signed_letterhead(t, m->start, first_le, le))
            dup = 0;
        /* a row of a table under another row ("答复单位 | 某某局" that a bare page title
         * repeated above the table) is the table's, no page's start */
        if (dup && row_above(t, ls, le))
            dup = 0;
        size_t hs = 0;
        size_t he = 0;
        /* "主办单位:某某局" signs the reply, with its date perhaps ("（主办单位：某某局
         * 2024年8月12日）") */
        struct unit_date ud;
        if (!dup && (host_signoff(t, ls, le, &hs, &he) ||
                     (unit_date_line(t, ls, le, &ud) && ud.labelled))) {
            ls = le;
            continue;
        }
        if (dup || (line_starts_with_any(t, ls, chrome_after) && !is_paragraph(t, ls, le)) ||
            (le - ls <= 16 && line_starts_with_any(t, ls, chrome_after_short)) ||
            (le - ls < 200 && has_any(t, ls, le, chrome_after_any))) {
            m->end = ls;
            break;
        }
        if (!body)
            body = holds_body(t, ls, le, &body_n);
        ls = le;
    }
    for (int k = 0; chrome_inline[k]; k++)
        for (size_t i = find(t, from, m->end, chrome_inline[k]); i != NPOS;
             i = find(t, i + 1, m->end, chrome_inline[k]))
            if (i > 0 && (t->cp[i - 1] == ' ' || t->cp[i - 1] == '|')) {
                m->end = i;
                break;
            }
    /* A flattened page ends the letter with " |". */
    while (m->end > m->start && (is_space(t->cp[m->end - 1]) || t->cp[m->end - 1] == '|'))
        m->end--;
    /* The reply itself ends before a copy of the proposal placed after it. */
    m->reply_end = m->end;
    /* ... and with its row in a table of replies, one a row, the salutation in a
     * cell: the next row is the next reply (a form's rows under the reply, 答复单位
     * and 答复时间, are the letter's) */
    if (sal_ls != NPOS && sal_le < m->end && reply_row_below(t, sal_ls, sal_le))
        m->reply_end = sal_le;
    int shared = 0;
    size_t dated_to = from; /* the lines before it looked at for a date alone */
    int signed_before = 0;
    for (size_t ls = line_end(t, from); ls < m->end;) {
        ls++;
        if (ls >= m->end)
            break;
        size_t le = line_end(t, ls);
        size_t a = ls;
        while (a < le &&
               (t->cp[a] == 0x3010 || t->cp[a] == '[' || at(t, a, "附") || is_colon(t->cp[a]) ||
                t->cp[a] == ' ' || at(t, a, "件") || digit_val(t->cp[a]) >= 0))
            a++;
        int appendix = a > ls && at(t, ls, "附");
        static const char *const who[] = {"人大代表", "政协委员", "代表", "委员", NULL};
        for (int k = 0; who[k]; k++)
            if (at(t, a, who[k])) {
                a += needle_len(who[k]);
                break;
            }
        /* the lines since the last appendix line looked at for the letter's
         * signing date, a date alone (linear) */
        if (appendix) {
            signed_before |= dated_since(t, dated_to, ls);
            dated_to = ls;
        }
        /* "附件:建议提案办理沟通联系表" above the signature lists an attachment:
         * only a signature and date follow it, no copy of a proposal; nor is a
         * form (…征询意见表, 《…联系表》3份) one, with a document's print lines
         * after the signature (抄送, 公开方式, …印发). A unit and its date under the
         * appendix line sign the letter only above its signing date: after it, they
         * are an attached proposal's byline (附：关于…的提案 / 九三学社某市委员会 /
         * 2024年1月10日) */
        int listed = appendix && (m->end - le < 60 || names_form(t, a, le) ||
                                  (!signed_before && signed_next(t, le)));
        /* "附：" alone after the letter's signing date, a document's header under it
         * (the reply the letter forwards, the proposal): the attachment is none of the
         * letter's own */
        if (appendix && a >= le && signed_before) {
            size_t nx = le + 1;
            while (nx < m->end && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
                nx++;
            size_t nle = nx < m->end ? line_end(t, nx) : nx;
            if (nle > nx && nle - nx <= 80 && is_header_line(t, nx, nle)) {
                m->reply_end = ls;
                break;
            }
        }
        /* a second item of the page: its own form ("二、…" / "领衔代表:…") */
        if (at_label(t, ls, le, "领衔代表") != NPOS) {
            /* items that share the page's one signature: the next item's fields
             * ("议案内容:") are no copy of a proposal */
            if (!dated_since(t, from, ls)) {
                shared = 1;
                ls = le;
                continue;
            }
            size_t pls = ls > 1 ? line_start(t, ls - 1) : ls;
            m->reply_end = pls < ls && cn_val(t->cp[pls]) > 0 && at(t, pls + 1, "、") ? pls : ls;
            break;
        }
        /* the delegate's feedback form under the signing date ("代表建议办理意见反馈" /
         * "代表签名：…" / "反馈日期：…"), the letter's contact line perhaps between:
         * its date is the delegate's, not the reply's */
        static const char *const feedback[] = {"意见反馈",   "反馈表",     "反馈单",
                                               "征询意见表", "满意度测评", NULL};
        size_t fl = 0;
        if (le - ls <= 30 && has_any(t, ls, le, feedback) && !is_colon(t->cp[le - 1]) &&
            signed_over_tail(t, ls, &fl) && fl > from) {
            m->reply_end = ls;
            break;
        }
        /* a second reply on the page that opens with its salutation, an item's
         * number perhaps before it ("二、李四代表:"), under the first reply's
         * signing date */
        size_t dl = 0;
        if (salutation_line(t, ls, le) && signed_above(t, ls, &dl) && dl > from) {
            m->reply_end = ls;
            break;
        }
        /* a second reply on the page: its own header, then its own salutation, the
         * first reply signed and dated just above. The header may open with 关于 or
         * 对, with its unit ("某某局关于…"), an item's number ("二、关于…"), the meeting
         * ("县十八届人大…的答复"), a year or a mark, and may be broken over two lines
         * (the meeting on the first) */
        if (le - ls <= 80 && is_header_line(t, ls, le) && has_any(t, ls, le, header_words)) {
            size_t nx = le + 1;
            size_t nle = nx;
            /* its salutation, a doc number's line perhaps between ("某函〔2024〕197号") */
            for (int lines = 0; lines < 2; lines++) {
                while (nx < m->end && t->cp[nx] == '\n')
                    nx++;
                nle = nx < m->end ? line_end(t, nx) : nx;
                size_t ps = 0;
                size_t pe = 0;
                size_t ob = nx;
                while (ob < nle && !is_open_bracket(t->cp[ob]))
                    ob++;
                if (lines || nle - nx > 30 || ob == nle || !doc_number_at(t, nx, nle, ob, &ps, &pe))
                    break;
                nx = nle + 1;
            }
            /* the first reply signed and dated just above (the header's first line
             * between) */
            size_t top = ls;
            int dated = 0;
            for (int up = 0; up < 2 && !dated && top > 0; up++) {
                size_t ps = 0;
                dated = signed_above(t, top, &ps);
                size_t pe = ps < top ? line_end(t, ps) : ps;
                /* a rule line parts the two replies ("=====") */
                if (!dated && !(up == 0 && pe > ps && pe - ps <= 60 &&
                                (rule_line(t, ps, pe) ||
                                 (is_header_line(t, ps, pe) && !has_any(t, ps, pe, header_words)))))
                    break;
                if (!dated)
                    top = ps;
            }
            /* a co-handling unit's opinion on the same item ("某局关于…的会办意见",
             * addressed to the lead unit): the reply signed and dated above it, its
             * contact line and a rule line perhaps between */
            static const char *const co_words[] = {"会办意见", "协办意见", NULL};
            if (!dated && has_any(t, ls, le, co_words) && unit_salutation(t, nx, nle)) {
                top = ls;
                for (size_t up = 0, cur = ls; up < 3 && !dated && cur > 0; up++) {
                    size_t ps = 0;
                    dated = signed_above(t, cur, &ps);
                    size_t pe = ps < cur ? line_end(t, ps) : ps;
                    if (dated || pe == ps)
                        break;
                    if (rule_line(t, ps, pe))
                        top = ps; /* the rule parts the two; a contact line is the reply's */
                    else if (!is_trailer_line(t, ps, pe))
                        break;
                    cur = ps;
                }
            }
            if (dated && top > from && nle > nx + 2 && nle - nx <= 40 && is_colon(t->cp[nle - 1])) {
                m->reply_end = top;
                break;
            }
        }
        if (le - ls <= 40 && !(shared && find(t, ls, le, "内容") != NPOS) &&
            (line_starts_with_any(t, a, proposal_marks) ||
             (appendix && !listed && has_any(t, a, le, vocab_kinds)))) {
            m->reply_end = ls;
            break;
        }
        ls = le;
    }
}

/* Appends the block [bs, be) to m->blocks. Returns 0, or -1 when memory runs out. */
static int add_block(const struct ctext *t, struct marks *m, size_t bs, size_t be)
{
    if (m->n_blocks % 16 == 0) {
        size_t(*nb)[2] =
            pctx_alloc(t->ctx) ? NULL : realloc(m->blocks, (m->n_blocks + 16) * sizeof *nb);
        if (!nb)
            return -1;
        m->blocks = nb;
    }
    m->blocks[m->n_blocks][0] = bs;
    m->blocks[m->n_blocks][1] = be;
    m->n_blocks++;
    return 0;
}

/* Appends the header region's blocks (runs of non-paragraph, non-trail lines in
 * [a, b)) to m->blocks. */
static int find_blocks(const struct ctext *t, struct marks *m, size_t a, size_t b)
{
    size_t bs = NPOS;
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        int ok = !is_paragraph(t, ls, le) && !is_breadcrumb(t, ls, le);
        if (ok && bs == NPOS)
            bs = ls;
        if (!ok && bs != NPOS) {
            if (add_block(t, m, bs, ls))
                return -1;
            bs = NPOS;
        }
        ls = le + 1;
    }
    return bs != NPOS ? add_block(t, m, bs, b) : 0;
}

/* The page's title lines, each a block of its own after the others: a field is read
 * from the header under them first, and from a title only when the header does not
 * state it (a title may copy the header cut by a wrap: "就医条件的建议的答复_某某县
 * 人民政府" over "关于改善青石镇卫生院" / "就医条件的建议的答复"). Returns 0 or -1. */
static int titles_last(const struct ctext *t, struct marks *m)
{
    for (size_t i = 0; i < m->n_titles; i++) {
        size_t ta = m->titles[i];
        size_t te = line_end(t, ta);
        for (size_t k = 0; k < m->n_blocks; k++) {
            size_t bs = m->blocks[k][0];
            size_t be = m->blocks[k][1];
            if (ta < bs || ta >= be)
                continue;
            if (ta > bs) {
                m->blocks[k][1] = ta;
                if (te + 1 < be) { /* the rest, as the block after it */
                    if (add_block(t, m, te + 1, be))
                        return -1;
                    memmove(m->blocks + k + 2, m->blocks + k + 1,
                            (m->n_blocks - k - 2) * sizeof *m->blocks);
                    m->blocks[k + 1][0] = te + 1;
                    m->blocks[k + 1][1] = be;
                }
            } else if (te + 1 < be) {
                m->blocks[k][0] = te + 1;
            } else {
                memmove(m->blocks + k, m->blocks + k + 1,
                        (m->n_blocks - k - 1) * sizeof *m->blocks);
                m->n_blocks--;
            }
            break;
        }
    }
    for (size_t i = 0; i < m->n_titles; i++)
        if (add_block(t, m, m->titles[i], line_end(t, m->titles[i])))
            return -1;
    return 0;
}

/* The opening sentence on a line of its own that ends in a colon and holds no full
 * stop ("您提出的关于…的建议收悉,现答复摘要如下:"): it acknowledges the proposal
 * (收悉) or announces the reply (现答复, 答复如下, …). */
static int opens_reply(const struct ctext *t, size_t a, size_t b)
{
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (b - a < 12 || !is_colon(t->cp[b - 1]))
        return 0;
    return find(t, a, b, "收悉") != NPOS || has_any(t, a, b, opening_end);
}

/* Is the line [a, b) of at least 8 characters a part of the line [ta, tb)? */
static int inside_line(const struct ctext *t, size_t a, size_t b, size_t ta, size_t tb)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    size_t n = b - a;
    if (n < 8 || n > tb - ta)
        return 0;
    for (size_t i = ta; i + n <= tb; i++) {
        t->ctx->steps++;
        if (!memcmp(t->cp + i, t->cp + a, n * sizeof *t->cp))
            return 1;
    }
    return 0;
}

/* The header line below the line at ls that repeats it in part, the line at ls
 * adding the site's or the unit's name ("某某局关于…的答复_某某县人民政府"), or that
 * holds all of it (a title that repeats the header's last part, the site's name on
 * a line of its own under it, as a page with CR LF line ends shows it: "排涝设施的
 * 建议的答复" / "_某某县人民政府" over "关于完善城东片区" / "排涝设施的建议的答复"), else
 * NPOS. */
static size_t title_repeated(const struct ctext *t, size_t ls, size_t scan_end)
{
    size_t le = line_end(t, ls);
    if (le > scan_end || le - ls > 200)
        return NPOS;
    /* the title's words before the site it names ("…的答复_某某县人民政府", "…的答复 -
     * 某某县人民政府") */
    size_t tw = before_site(t, ls, le);
    /* and after the section it names before them ("【建议提案】…", "建议提案答复 - …") */
    size_t ta = after_section(t, ls, tw);
    size_t x = le + 1;
    for (int lines = 0; lines < 30 && x < scan_end; lines++) {
        size_t xe = line_end(t, x);
        if (xe > scan_end)
            break;
        /* the site may title with 关于 the header that opens with 对, or the other
         * way round: the rest of the header is then in the title */
        size_t xr = x + (at(t, x, "对") ? 1 : at(t, x, "关于") ? 2 : 0);
        /* or the header's last part only, a wrap having cut it ("江省十四届…的答复_某某
         * 县人民政府" over "关于黑龙" / "江省十四届…的答复", read joined) */
        if (is_header_line(t, x, xe) &&
            (inside_line(t, x, xe, ls, le) || (xr > x && inside_line(t, xr, xe, ls, le)) ||
             ((tw < le || ta > ls) && inside_line(t, ta, tw, x, xe)) ||
             inside_line(t, ls, le, x, xe)))
            return x;
        x = xe + 1;
    }
    return NPOS;
}

/* Is the line [a, b) a proposal's title alone, as a page titles the letter by it
 * ("关于加快农村公路养护的建议", in 《》 or not): 关于 …, its kind word at its end, no
 * meeting and no word of a reply in it? */
static int title_alone(const struct ctext *t, size_t a, size_t b)
{
    trim_span(t, &a, &b);
    if (b - a > 2 && t->cp[a] == 0x300A && t->cp[b - 1] == 0x300B) {
        a++;
        b--;
    }
    if (b - a > 100 || !at(t, a, "关于") || has_any(t, a, b, header_words) ||
        find(t, a, b, "届") != NPOS || find(t, a, b, "会议") != NPOS)
        return 0;
    for (int k = 0; vocab_kinds[k]; k++)
        if (ends_with(t, a, b, vocab_kinds[k]))
            return 1;
    return 0;
}

/* Does the line [a, b) open a header of its own, no part of the line above it: a
 * header line with its own 关于 ("某某局关于…"), one that opens with 对, or one that
 * names the meeting ("县十七届人大三次会议第45号建议的答复")? */
static int opens_header(const struct ctext *t, size_t a, size_t b)
{
    trim_span(t, &a, &b);
    return a < b && is_header_line(t, a, b) &&
           (find(t, a, b, "关于") != NPOS || at(t, a, "对") || find(t, a, b, "届") != NPOS);
}

/* The letter's header under the line at ls, when that line is a page's title of
 * another shape than the header's copy: the proposal's title alone ("关于加快农村公
 * 路养护的建议"), a title that names the site after its words ("关于农村公路养护的答
 * 复_某某市人民政府门户网站"), or a reply's title that names no meeting and no number
 * over a header that names them ("关于农村公路养护建议的答复" over "某某局关于县十七
 * 届…第45号建议的答复"). The header is the first header line under it: any, under a
 * title that names its site (a title ends there); one that opens a header of its
 * own under the proposal's title (not the rest of a header it begins: "关于改善镇卫
 * 生院就医条件的建议" / "的答复"), or another page's title; under a reply's title,
 * one that ends as a reply and names the meeting or the number. Else NPOS. */
static size_t title_over_header(const struct ctext *t, size_t ls, size_t scan_end)
{
    size_t le = line_end(t, ls);
    if (le > scan_end || le - ls > 200)
        return NPOS;
    int alone = title_alone(t, ls, le);
    int site = before_site(t, ls, le) < le;
    int summary =
        ends_as_reply(t, ls, le) && find(t, ls, le, "届") == NPOS && find(t, ls, le, "号") == NPOS;
    if (!alone && !site && !summary)
        return NPOS;
    size_t x = le + 1;
    for (int lines = 0; lines < 30 && x < scan_end; lines++) {
        size_t xe = line_end(t, x);
        if (xe > scan_end)
            break;
        if (is_header_line(t, x, xe)) {
            if (site ||
                (alone && (opens_header(t, x, xe) || title_repeated(t, x, scan_end) != NPOS)))
                return x;
            if (alone || at(t, x, "的") || !ends_as_reply(t, x, xe))
                return NPOS;
            return find(t, x, xe, "届") != NPOS || find(t, x, xe, "号") != NPOS ? x : NPOS;
        }
        x = xe + 1;
    }
    return NPOS;
}

/* The page's title above the letter: the first header line, when a header line
 * below it (before the salutation) repeats it (title_repeated) or it is a title of
 * another shape (title_over_header); and under it the lines that title the letter
 * again ("…的答复_某某县人民政府" over "…的答复_某某局 - xx-jyj.gov.cn"), each
 * repeated by a header line below it, the header (m->title_head) the last one
 * found. They stay in the letter's text (they may hold what a mangled header
 * lost); m->titles notes them, so that a field read there is said to come from the
 * page title, and is read there only after the header. */
static void find_page_title(const struct ctext *t, struct marks *m, size_t scan_end)
{
    size_t ls = m->start;
    for (m->n_titles = 0; m->n_titles < 3;) {
        size_t x = title_repeated(t, ls, scan_end);
        if (x == NPOS)
            x = title_over_header(t, ls, scan_end);
        if (x == NPOS)
            break;
        m->titles[m->n_titles++] = ls;
        m->title_a = m->titles[0];
        m->title_head = x;
        /* the line found may title the page again, when it names a site: on its
         * line, or alone on the next ("排涝设施的建议的答复" / "_某某县人民政府", as
         * CR LF line ends show a title) */
        size_t xe = line_end(t, x);
        size_t ne = xe < scan_end ? line_end(t, xe + 1) : xe;
        if (before_site(t, x, xe) == xe && (ne > scan_end || before_site(t, x, ne) > xe + 1))
            break;
        ls = x;
    }
}

/* Does the line [ps, pe) end inside the name of a meeting that the line at ls
 * goes on with: "…关于县政协" / "会议第46号提案的答复", "…关于县" / "政协会议…",
 * "…对县" / "政协十一届…", "…对某某市" / "第九届…"? */
static int meeting_wraps(const struct ctext *t, size_t ps, size_t pe, size_t ls)
{
    static const char *const bodies[] = {"人民代表大会", "人大", "政协", NULL};
    static const char *const levels[] = {"省", "市", "县", "区", "旗", "州", "盟", NULL};
    /* the line goes on with the meeting's term ("第十一届", "十一届") */
    size_t x = ls + (at(t, ls, "第") ? 1 : 0);
    size_t y = x;
    while (y < t->n && is_num_char(t->cp[y]) && y - x < 4)
        y++;
    int term = y > x && at(t, y, "届");
    if (at(t, ls, "会议") || term)
        for (int k = 0; bodies[k]; k++)
            if (ends_with(t, ps, pe, bodies[k]))
                return 1;
    int body = 0;
    for (int k = 0; bodies[k] && !body; k++)
        body = at(t, ls, bodies[k]) && (at(t, ls + needle_len(bodies[k]), "会议") ||
                                        find(t, ls, line_end(t, ls), "届") != NPOS);
    if (body || term)
        for (int j = 0; levels[j]; j++)
            if (ends_with(t, ps, pe, levels[j]))
                return 1;
    /* inside the place's name: "…对黑龙" / "江省十四届…", "…对广西壮族自" / "治区…",
     * "…关于政协乌鲁" / "木齐市第十五届…" (one character of the name, the rest of a
     * word no name breaks, or of a name whose head of a few characters ends the line
     * above, then the level word and the meeting) */
    size_t le = line_end(t, ls);
    /* the line above ends with 关于 / 对 and up to seven Han characters of no level;
     * the line below may start with 和 of a name ("对呼" / "和浩特市…") */
    size_t c1 = rfind(t, ps, pe, "关于");
    size_t c2 = rfind(t, ps, pe, "对");
    size_t hs = c1 != NPOS ? c1 + 2 : NPOS;
    if (c2 != NPOS && (hs == NPOS || c2 + 1 > hs))
        hs = c2 + 1;
    if (hs == NPOS || hs >= pe || pe - hs > 7 || (at_any(t, ls, region_cut) && !at(t, ls, "和")))
        return 0;
    for (size_t i = hs; i < pe; i++)
        if (!is_han(t->cp[i]) || line_starts_with_any(t, i, levels))
            return 0;
    /* the head after the body's word ("关于政协乌鲁" / "木齐市…") */
    size_t hb = hs;
    for (int k = 0; bodies[k]; k++) {
        size_t c = rfind(t, hs, pe, bodies[k]);
        if (c != NPOS && c + needle_len(bodies[k]) > hb)
            hb = c + needle_len(bodies[k]);
    }
    size_t x2 = ls + 1;
    if (broken_in_word(t, ps, pe, ls, le) || place_head(t, hb, pe))
        while (x2 < le && x2 - ls < 4 && is_han(t->cp[x2]) && !line_starts_with_any(t, x2, levels))
            x2++;
    for (int j = 0; levels[j] && pe > ps && is_han(t->cp[pe - 1]); j++)
        if (at(t, x2, levels[j])) {
            size_t z = x2 + needle_len(levels[j]);
            size_t z0 = z + (at(t, z, "第") ? 1 : 0);
            size_t z1 = z0;
            while (z1 < le && is_num_char(t->cp[z1]) && z1 - z0 < 4)
                z1++;
            if ((z1 > z0 && at(t, z1, "届")) || line_starts_with_any(t, z, bodies))
                return 1;
        }
    return 0;
}

/* The start of the letter: the first line of [a, b) that reads as the header, or
 * the line above it that its header starts on; NPOS when none does. */
static size_t first_header(const struct ctext *t, size_t a, size_t b)
{
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        /* "原标题:【…】" after a repost's sign-off names the letter, and a footer's
         * "上一篇:…的答复" another one: neither starts it */
        if (is_header_line(t, ls, le > b ? b : le) && !at(t, ls, "原标题") &&
            !line_starts_with_any(t, ls, chrome_after)) {
            /* a header broken after its 关于: "某某局关于" / "市五届人大…的复函", or
             * inside the title it opens: "关于改善镇卫生院" / "就医条件的建议的答复" */
            size_t pe = ls;
            while (pe > a && t->cp[pe - 1] == '\n')
                pe--;
            size_t ps = pe > a ? line_start(t, pe - 1) : pe;
            if (pe > ps && pe - ps <= 40 && !is_paragraph(t, ps, pe) &&
                (ends_with(t, ps, pe, "关于") || ends_with(t, ps, pe, "对") ||
                 (at(t, ps, "关于") && find(t, ls, le, "关于") == NPOS) ||
                 meeting_wraps(t, ps, pe, ls)))
                return ps;
            return ls;
        }
        ls = le + 1;
    }
    return NPOS;
}

/* Sets every landmark of m (see struct marks), the letter looked for from the
 * index `from` on. Returns 0, or -1 when out of memory; m->blocks is the caller's to
 * free either way. */
static int landmarks_from(const struct ctext *t, struct marks *m, size_t from)
{
    memset(m, 0, sizeof *m);
    m->from = from;
    m->cover = NPOS;
    m->title_a = NPOS;
    m->title_head = NPOS;
    find_salutation(t, m);
    size_t sal_line = m->sal == NPOS ? NPOS : line_start(t, m->sal);
    /* Start: the first line before the salutation that reads as the header. */
    size_t scan_end = sal_line != NPOS ? sal_line : (t->n - from < 3000 ? t->n : from + 3000);
    size_t scan_start = scan_end - from > HEAD_MAX ? line_start(t, scan_end - HEAD_MAX) : from;
    m->start = sal_line != NPOS ? sal_line : from;
    size_t head = first_header(t, scan_start, scan_end);
    if (head != NPOS) {
        m->start = head;
        find_page_title(t, m, scan_end);
        /* the page's title names the page: the letter starts at its own header, the
         * first header line under the title */
        size_t below = m->n_titles ? line_end(t, m->titles[m->n_titles - 1]) + 1 : NPOS;
        size_t own = below < scan_end ? first_header(t, below, scan_end) : NPOS;
        /* a header line above the header that the header repeats is a title too
         * ("排涝设施的建议的答复" under the proposal's title, over the header it
         * repeats the end of) */
        while (own != NPOS && m->n_titles < 3 && own == line_start(t, own) &&
               own < line_start(t, m->title_head) &&
               title_repeated(t, own, scan_end) == m->title_head) {
            m->titles[m->n_titles++] = own;
            below = line_end(t, own) + 1;
            own = first_header(t, below, scan_end);
        }
        if (own != NPOS)
            m->start = own;
    }
    if (m->sal == NPOS)
        find_salutation_fallback(t, m);
    /* The header region: up to the salutation, else the lines before the first
     * paragraph after the start. */
    if (m->sal != NPOS) {
        m->head_end = m->sal;
    } else {
        size_t ls = m->start;
        while (ls < t->n && ls - m->start < HEAD_MAX) {
            size_t le = line_end(t, ls);
            /* a repost's own summary ("核心提示:…。") is not the opening */
            size_t x = ls;
            while (x < le && is_space(t->cp[x]))
                x++;
            if (line_starts_with_any(t, x, repost_summary)) {
                ls = le + 1;
                continue;
            }
            if (is_paragraph(t, ls, le) || le - ls > 200 || opens_reply(t, ls, le))
                break;
            ls = le + 1;
        }
        m->head_end = ls < t->n ? ls : t->n;
    }
    m->head_start = m->head_end > HEAD_MAX ? line_start(t, m->head_end - HEAD_MAX) : 0;
    /* (a cover's lines above the reply are none of its header: its form fields,
     * 编号 or 办理单位, are the cover's) */
    if (m->head_start < from)
        m->head_start = from;
    find_end(t, m, m->sal != NPOS ? m->sal_end : m->head_end);
    if (m->head_end > m->end)
        m->head_end = m->end;
    /* the blocks from the page's title down, when the page titles the letter */
    m->top = m->n_titles && m->titles[0] < m->start ? m->titles[0] : m->start;
    if (find_blocks(t, m, m->top > m->head_start ? m->top : m->head_start, m->head_end) ||
        titles_last(t, m))
        return -1;
    /* The opening sentence: from the salutation to the first full stop or
     * "现答复如下". */
    m->open_a = m->sal != NPOS ? m->sal_end : m->head_end;
    if (m->open_a > m->reply_end)
        m->open_a = m->reply_end;
    /* up to the words that announce the reply, else to the full stop after 收悉 */
    size_t lim = m->open_a + 400 < m->reply_end ? m->open_a + 400 : m->reply_end;
    m->open_b = NPOS;
    /* an opening that starts with such words ("现就张三委员提出的《…》,提出如下会办意见:",
     * "现将您提出的…答复如下") ends at the next ones */
    size_t first = m->open_a;
    while (first < lim && is_space(t->cp[first]))
        first++;
    for (int k = 0; opening_end[k]; k++) {
        size_t e = find(t, m->open_a, m->open_b < lim ? m->open_b : lim, opening_end[k]);
        if (e == first)
            e = find(t, e + 1, m->open_b < lim ? m->open_b : lim, opening_end[k]);
        if (e != NPOS)
            m->open_b = e;
    }
    if (m->open_b == NPOS) {
        size_t x = find(t, m->open_a, lim, "悉");
        m->open_b = find(t, x != NPOS ? x : m->open_a, lim, "。");
        if (m->open_b == NPOS)
            m->open_b = m->open_a + 300 < lim ? m->open_a + 300 : lim;
    }
    return 0;
}

int find_landmarks(const struct ctext *t, struct marks *m)
{
    if (landmarks_from(t, m, 0))
        return -1;
    /* a cover that forwards the reply after it: the reply is the letter */
    size_t reply = cover_reply(t, m);
    if (reply == NPOS)
        return 0;
    size_t top = m->top;
    free(m->blocks);
    int rc = landmarks_from(t, m, reply);
    m->cover = top;
    return rc;
}
