/*
 * A cover above the letter: a first part that forwards another document, the reply,
 * which follows it with a header, a salutation and a signature of its own. The
 * congress's committee that handed the proposal on sends the reply to the proposer
 * under its own letter or a notice of the result (办理结果告知单): "现将主办单位的答复
 * 转送给您" / 某市人大常委会代表工作委员会 / date / 附件, then the reply. The reply is
 * the letter; the cover is the page's, its lines read only for what they say of the
 * proposal (its meeting, number, proposers, outcome). The replier's note to the
 * congress's standing committee above its reply ("某区人大常委会：" / "现将我校对…的办理
 * 情况报告如下", the reply's header and its salutation to the proposer under it) is a
 * cover too: the reply's salutation names the proposer.
 *
 * A letter that forwards a reply with that reply attached after it stays the letter
 * when the reply is no letter to the proposer of its own (no salutation to them: the
 * government office forwards a department's answer, fixture 846), or when the first
 * part is not the congress's (its own answer, signed by the replier).
 */
#include "import/parse/parse_int.h"

#include <string.h>

/* Words that forward a document to the addressee ("现将主办单位的答复转送给您",
 * "现将答复全文转给您"). */
static const char *const forward_words[] = {"转送", "转给", "转交", "转发", "转来", NULL};

/* Words with which a note sends the congress what follows ("现将我校对…的办理情况报告
 * 如下", "…的答复报来"). */
static const char *const report_words[] = {"报告如下", "报来", "报送", "呈报", NULL};

/* The congress's own organs, which hand proposals on and forward the replies: its
 * standing committee and that committee's offices, a CPPCC's proposal committee. */
static const char *const congress_organs[] = {"人大常委会",
                                              "人民代表大会常务委员会",
                                              "人大代表工作",
                                              "代表工作委员会",
                                              "代表联络工作委员会",
                                              "代表工委",
                                              "提案委员会",
                                              "提案委",
                                              NULL};

/* Is the line [ls, le) a unit's name alone (a signature, its blanks of layout
 * around it) that is one of the congress's organs? */
static int organ_signs(const struct ctext *t, size_t ls, size_t le)
{
    trim_span(t, &ls, &le);
    return le > ls && le - ls <= 40 && plausible_org(t, ls, le) &&
           has_any(t, ls, le, congress_organs);
}

/* Is the line [ls, le) a doc number alone ("某函〔2024〕83号")? */
static int doc_number_alone(const struct ctext *t, size_t ls, size_t le)
{
    size_t ob = ls;
    while (ob < le && !is_open_bracket(t->cp[ob]))
        ob++;
    size_t ds = 0;
    size_t de = 0;
    return le - ls <= 30 && ob < le && doc_number_at(t, ls, le, ob, &ds, &de);
}

/* The start of the header of a letter of its own over the salutation whose line
 * starts at sl: above it a doc number alone perhaps ("某函〔2024〕83号"), then the
 * header, its last line ending as a reply does, and above that, with no blank line
 * between, up to two lines more of it (a header wrapped, the unit's name alone on
 * its first line), then the doc number alone perhaps, a blank line between or none.
 * Lines at or after lo only; NPOS when there is none. */
static size_t own_header_above(const struct ctext *t, size_t sl, size_t lo)
{
    size_t pe = sl;
    size_t ps = pe;
    for (int lines = 0; lines < 2; lines++) {
        while (pe > lo && (t->cp[pe - 1] == '\n' || is_space(t->cp[pe - 1])))
            pe--;
        if (pe <= lo)
            return NPOS;
        ps = line_start(t, pe - 1);
        if (ps < lo)
            return NPOS;
        if (lines || !doc_number_alone(t, ps, pe))
            break;
        pe = ps; /* a doc number alone under the header */
    }
    if (pe - ps > 80 || !ends_as_reply(t, ps, pe) || !is_header_line(t, ps, pe))
        return NPOS;
    for (int up = 0; up < 2 && ps > lo + 1 && t->cp[ps - 1] == '\n'; up++) {
        size_t qs = line_start(t, ps - 1);
        size_t qe = ps - 1;
        size_t a = qs;
        size_t b = qe;
        trim_span(t, &a, &b);
        if (qs < lo || a == b || b - a > 60 || is_paragraph(t, a, b) ||
            !(is_header_line(t, a, b) || plausible_org(t, a, b)))
            break;
        ps = qs;
    }
    /* the reply's doc number above its header ("青农函〔2024〕32号" / "" / the header) */
    size_t qe = ps;
    if (qe > lo + 1 && t->cp[qe - 1] == '\n' && qe - 1 > lo && t->cp[qe - 2] == '\n')
        qe--;
    if (qe > lo + 1 && t->cp[qe - 1] == '\n') {
        size_t qs = line_start(t, qe - 1);
        size_t a = qs;
        size_t b = qe - 1;
        trim_span(t, &a, &b);
        if (qs >= lo && b > a && doc_number_alone(t, a, b))
            ps = qs;
    }
    return ps;
}

size_t cover_reply(const struct ctext *t, const struct marks *m)
{
    /* a note to the congress's organ ("某区人大常委会：" / "现将我校对…的办理情况报告如下"),
     * the replier's, above the reply it sends */
    int note = m->sal != NPOS && m->sal_kind == SAL_DEPT &&
               has_any(t, m->name_a, m->name_b, congress_organs);
    if (m->sal == NPOS || !(note || (m->sal_kind == SAL_PERSON && m->role)))
        return NPOS;
    /* the first part's words are asked for below in a part of the text after the
     * salutation: without one in all of it there is no cover, and the search for a
     * second salutation is spared (most letters) */
    if (!(has_any(t, m->sal_end, t->n, forward_words) ||
          (note && has_any(t, m->sal_end, t->n, report_words))))
        return NPOS;
    /* the next salutation: the reply's, to a proposer (the same one the cover
     * addresses) */
    struct marks s;
    memset(&s, 0, sizeof s);
    s.from = m->sal_end;
    find_salutation(t, &s);
    if (s.sal == NPOS || s.sal_kind != SAL_PERSON || !s.role || (!note && s.role != m->role))
        return NPOS;
    size_t fe = m->name_a;
    while (!note && fe < m->name_b && name_char(t->cp[fe]))
        fe++;
    if (!note && fe - m->name_a < 2)
        return NPOS;
    int same = note;
    for (size_t i = s.name_a; !same && i + (fe - m->name_a) <= s.name_b; i++)
        same = !memcmp(t->cp + i, t->cp + m->name_a, (fe - m->name_a) * sizeof *t->cp);
    if (!same)
        return NPOS;
    size_t h = own_header_above(t, line_start(t, s.sal), m->sal_end);
    if (h == NPOS)
        return NPOS;
    /* the first part forwards it (a note sends it: 报来, 报告如下) and answers
     * nothing itself (no 收悉 of a reply's opening) */
    if (!(has_any(t, m->sal_end, h, forward_words) ||
          (note && has_any(t, m->sal_end, h, report_words))) ||
        find(t, m->sal_end, h, "收悉") != NPOS)
        return NPOS;
    /* the note is addressed to the congress's organ; a letter is signed by it,
     * above its date: an organ on a line after the letter's date is an item of a
     * copy list (抄送：… / 某区人大常委会代表工作委员会), not the signer */
    if (note)
        return h;
    for (size_t ls = line_start(t, m->sal_end); ls < h;) {
        size_t le = line_end(t, ls);
        if (le > h)
            le = h;
        if (organ_signs(t, ls, le))
            return h;
        if (date_alone(t, ls, le, DATE_LINE_MAX))
            return NPOS;
        ls = le + 1;
    }
    return NPOS;
}

void cover_proposal(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (m->cover >= m->from)
        return;
    static const char *const meeting_labels[] = {"会议届次", "会议名称", "届次", "会议", NULL};
    size_t vs = 0;
    size_t ve = 0;
    size_t meeting_end = NPOS;
    if (!l->term && form_value(t, m->cover, m->from, meeting_labels, &vs, &ve) &&
        !sentence_value(t, vs, ve))
        parse_meeting(t, vs, ve, l, &meeting_end);
    if (l->number)
        return;
    /* the cover's own serial ("编号：某代工告〔2024〕17号") is no proposal's number */
    size_t from = m->cover;
    while (from < m->from && form_value(t, from, m->from, number_labels, &vs, &ve) &&
           issued_serial(t, vs, ve))
        from = line_end(t, vs) + 1;
    if (from >= m->from || !form_value(t, from, m->from, number_labels, &vs, &ve) ||
        sentence_value(t, vs, ve))
        return;
    /* "建议编号：区五届人大四次会议第23号": the meeting, then the number after it */
    if (!l->term && parse_meeting(t, vs, ve, l, &meeting_end) && meeting_end < ve)
        vs = meeting_end;
    size_t ns = NPOS;
    form_number(t, vs, ve, l, &ns);
}
