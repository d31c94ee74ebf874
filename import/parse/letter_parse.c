/*
 * letter_parse: reply letter text -> fields (see letter_parse.h).
 *
 * 1. The text is cleaned: HTML comments and stray tags out, entities decoded, line
 *    ends unified, lines trimmed, blank runs collapsed, spam of mirror sites cut
 *    out (a line dropped only when nothing of the letter is left on it).
 * 2. It is decoded once into code points with their byte offsets. The code points
 *    are in a matching form (simplified, full-width ASCII folded, pinyin annotations
 *    "衛(wèi)" left out), so one pattern serves 委員/委员 and ：/:, while each field
 *    is still copied out of the original bytes exactly as written.
 * 3. Landmarks: the salutation, the header region before it (cut into blocks of
 *    non-paragraph lines), the opening sentence, the end of the letter (page chrome,
 *    a second copy of the page) and of the reply (a copy of the proposal after it).
 * 4. Field finders, each over a landmark's window. Every finder either scans a
 *    bounded window or makes one pass, which keeps the whole parse linear.
 *
 * Each step has its own file in this folder (parse_int.h lists them); this one
 * runs the finders in the order they depend on each other.
 */
#include "import/parse/letter_parse.h"

#include <stdlib.h>
#include <string.h>

#include "import/parse/parse_int.h"

/* The stored text: the lines from the start (the page's title above it, a cover
 * above the letter) to the end, page meta lines above the salutation left out.
 * Returns 0, or -1 when out of memory. */
static int build_text(const struct ctext *t, const struct marks *m, struct letter *l)
{
    struct buf out = BUF_INIT;
    int rc = 0;
    size_t top = m->cover < m->top ? m->cover : m->top;
    for (size_t ls = top; ls < m->end && !rc;) {
        /* the lines as written: a table's cells read as lines (signature_cells)
         * stay one row */
        size_t le = line_end(t, ls);
        while (le < t->n && t->s[t->off[le]] != '\n')
            le = line_end(t, le + 1);
        if (le > m->end)
            le = m->end;
        int meta =
            ls > top && (m->sal == NPOS || ls < m->sal) && line_starts_with_any(t, ls, chrome_meta);
        /* one blank line at most where meta lines were left out */
        int blank = le == ls && out.len >= 2 && out.data[out.len - 1] == '\n' &&
                    out.data[out.len - 2] == '\n';
        if (!meta && !blank) {
            rc = buf_add(&out, t->s + t->off[ls], t->off[le] - t->off[ls]);
            if (!rc && le < m->end)
                rc = buf_addch(&out, '\n');
        }
        ls = le + 1;
    }
    buf_trim(&out);
    if (!rc)
        rc = pctx_alloc(t->ctx) ? -1 : letter_set(&l->text, out.data, out.len);
    buf_release(&out);
    return rc;
}

/* A signature that leaves its place out, starting with the meeting's level word
 * (县交通局, 市城管局, 自治区卫生健康委): the same unit named in full apart from it, in
 * a department-first header (沂南县交通运输局 / 关于县…), a contact line or the
 * page's metadata (发布机构, 来源), gives the region as the department's name would. */
static void region_from_unit_apart(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (l->region || !l->level || !l->department ||
        strncmp(l->department, l->level, strlen(l->level)))
        return;
    struct pctx *c = t->ctx;
    size_t read_at[LP_NFIELDS];
    memcpy(read_at, c->read_at, sizeof read_at);
    unsigned by_rule = c->by_rule;
    struct letter *keep = c->l;
    struct letter o;
    letter_init(&o);
    c->l = &o;
    c->read_at[7] = NPOS;
    dept_apart(t, m, &o);
    size_t name_at = c->read_at[7];
    c->l = keep;
    memcpy(c->read_at, read_at, sizeof read_at);
    c->by_rule = by_rule;
    if (o.department && name_at != NPOS && strcmp(o.department, l->department))
        region_from_department(t, l, o.department, name_at);
    letter_release(&o);
}

int letter_parse(const char *text, size_t len, struct letter *l, unsigned *missing, struct diag *d)
{
    return letter_parse_probed(text, len, l, missing, NULL, d);
}

int letter_parse_probed(const char *text, size_t len, struct letter *l, unsigned *missing,
                        struct letter_parse_probe *probe, struct diag *d)
{
    struct buf clean = BUF_INIT;
    struct pctx c = {.l = l, .fail_at = probe ? probe->fail_at : 0};
    struct ctext t = {0};
    struct ctext joined = {0}; /* t with a wrapped header joined (join.c) */
    struct marks m = {0};
    struct found f = {NULL, NULL, NPOS, NPOS, NPOS, NPOS};
    int rc = -1;
    for (size_t i = 0; i < LP_NFIELDS; i++)
        c.read_at[i] = NPOS;
    if (clean_text(text, len, &clean, &c) || ctext_init(&t, clean.data, &c) ||
        find_landmarks(&t, &m)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    /* a header wrapped over lines is read as one line: the landmarks again, on it */
    int j = join_header(&t, &m, &joined);
    if (j == 1) {
        ctext_release(&t);
        t = joined;
        joined = (struct ctext){0};
        free(m.blocks);
        m.blocks = NULL;
    }
    if (j < 0 || (j == 1 && find_landmarks(&t, &m))) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    signature_cells(&t, &m);
    find_meeting_number_kind(&t, &m, l, &f);
    cover_proposal(&t, &m, l);
    find_title(&t, &m, l, &f);
    find_kind_in_opening(&t, &m, &f);
    find_date(&t, &m, &f, l);
    find_department(&t, &m, &f, l);
    plain_spaced_department(&t, l);
    find_delegates(&t, &m, l);
    for (size_t k = 0; k < m.n_blocks && !l->doc_number; k++)
        find_doc_number(&t, m.blocks[k][0], m.blocks[k][1], l);
    if (!l->doc_number && f.signoff != NPOS) {
        /* a doc number after the sign-off, on a line of its own */
        size_t ls = line_end(&t, f.signoff);
        for (int lines = 0; lines < 6 && ls < m.reply_end && !l->doc_number; lines++) {
            size_t le = line_end(&t, ls + 1);
            if (!is_paragraph(&t, ls + 1, le))
                find_doc_number(&t, ls + 1, le, l);
            ls = le;
        }
    }
    if (!l->doc_number) {
        /* the page's metadata names it when the letter does not ("[ 发文字号 ] |
         * 2022-92 |"), as written */
        static const char *const doc_labels[] = {"发文字号", "答复文号", "文号", NULL};
        size_t vs = 0;
        size_t ve = 0;
        if (form_value(&t, m.head_start, m.head_end, doc_labels, &vs, &ve) && ve - vs <= 30) {
            int digit = 0;
            int label = 0; /* an empty value and the next label ("成文时间: …") */
            for (size_t i = vs; i < ve; i++) {
                digit |= digit_val(t.cp[i]) >= 0;
                label |= is_colon(t.cp[i]);
            }
            digit &= !label;
            if (digit)
                set_field(&l->doc_number, &t, vs, ve);
        }
        /* ... or under 编号, when it is the reply's (an issuer, the year in brackets
         * and the serial: "编号：沪交建〔2023〕0329"), not a proposal's number */
        static const char *const serial_labels[] = {"编号", NULL};
        if (!l->doc_number && form_value(&t, m.head_start, m.head_end, serial_labels, &vs, &ve) &&
            issued_serial(&t, vs, ve))
            set_field(&l->doc_number, &t, vs, ve);
    }
    find_category_field(&t, m.head_start, m.head_end, l);
    for (size_t k = 0; k < m.n_blocks && !l->category; k++)
        find_category(&t, m.blocks[k][0], m.blocks[k][1], 1, l);
    /* a mark above the header: "答复类型:A", "(A)" alone on its line; above the
     * page's title, when the page titles the letter above its header */
    if (!l->category && m.top > m.head_start) {
        size_t ps = m.top;
        for (int lines = 0; lines < 4 && ps > m.head_start; lines++)
            ps = line_start(&t, ps - 1);
        find_category(&t, ps, m.top, 0, l);
    }
    for (size_t ls = m.start; ls < t.n && !l->category;) {
        /* a repost's trailing "原标题:【…第233号建议的答复  B类】" is its header */
        size_t le = line_end(&t, ls);
        if (at(&t, ls, "原标题"))
            find_category(&t, ls, le - ls <= 100 ? le : ls + 100, 1, l);
        ls = le + 1;
    }
    if (!l->category) {
        size_t ts = m.reply_end > 400 ? m.reply_end - 400 : 0;
        if (ts < m.open_a)
            ts = m.open_a;
        find_category(&t, ts, m.reply_end, 0, l);
    }
    /* a cover's notice of the outcome ("办理结果：B类（正在解决…）") above the reply
     * that states none */
    if (!l->category && m.cover < m.start)
        find_category(&t, m.cover, m.start, 0, l);
    if (!l->category)
        find_category_words(&t, m.head_start, t.n, l);
    resolve_body_kind(&t, &m, &f, l);
    level_from_letter(&t, &m, l);
    /* a zone's administration answering the meeting of the city around it (苏州工业
     * 园区管理委员会, 市政协…): its name is the zone's, so the meeting named in full
     * in the letter gives the place first */
    if (zone_administration(l->department))
        region_from_meetings(&t, &m, l);
    region_from_department(&t, l, NULL, 0);
    if (!l->region) {
        /* a form's 主办单位 gives the full name of a department the header
         * shortens (省发展改革委 / 贵州省发展和改革委员会) */
        static const char *const host[] = {"主办单位", NULL};
        size_t vs = 0;
        size_t ve = 0;
        if (form_value(&t, m.head_start, m.head_end, host, &vs, &ve) && plausible_org(&t, vs, ve)) {
            struct buf name = BUF_INIT;
            if (!pctx_alloc(t.ctx) && !pctx_fail(t.ctx, span_add(&t, &name, vs, ve)))
                region_from_department(&t, l, name.data, vs);
            buf_release(&name);
        }
    }
    for (size_t k = 0, ls = NPOS; !l->region && k < m.n_blocks; ls = NPOS) {
        /* the unit named before the header's 对/关于 ("微山县鲁桥镇对县政协…"): a
         * town's county is the county of the meeting; on the block's first header
         * line (a mark may stand above it) */
        for (size_t x = m.blocks[k][0]; x < m.blocks[k][1] && ls == NPOS;) {
            size_t xe = line_end(&t, x);
            if (xe <= m.blocks[k][1] && is_header_line(&t, x, xe))
                ls = x;
            x = xe + 1;
        }
        k++;
        if (ls == NPOS)
            continue;
        size_t le = line_end(&t, ls);
        /* a page's tag in square brackets before the header ("[ 区生态环境分局 ] 郧阳区对区
         * 二届人大…", "【区教育局】…"): the column or the publisher, not the unit before 对 */
        if (ls < le && (t.cp[ls] == '[' || t.cp[ls] == 0xFF3B || t.cp[ls] == 0x3010)) {
            size_t q = ls + 1;
            while (q < le && q - ls < 16 && t.cp[q] != ']' && t.cp[q] != 0xFF3D &&
                   t.cp[q] != 0x3011)
                q++;
            if (q < le && (t.cp[q] == ']' || t.cp[q] == 0xFF3D || t.cp[q] == 0x3011)) {
                for (q++; q < le && is_space(t.cp[q]);)
                    q++;
                ls = q;
            }
        }
        size_t c1 = find(&t, ls, le, "关于");
        size_t c2 = find(&t, ls, le, "对");
        size_t cut = c1 < c2 ? c1 : c2;
        int han = cut != NPOS && cut - ls >= 3 && cut - ls <= 20;
        for (size_t i = ls; han && i < cut; i++)
            han = is_han(t.cp[i]);
        struct buf name = BUF_INIT;
        if (han && !pctx_alloc(t.ctx) && !pctx_fail(t.ctx, span_add(&t, &name, ls, cut)))
            region_from_department(&t, l, name.data, ls);
        buf_release(&name);
    }
    region_from_meetings(&t, &m, l);
    region_from_unit_apart(&t, &m, l);
    region_from_standing_committee(&t, &m, l);
    simplify_region(&t, l);
    build_evidence(&t, &m, f.signoff, l);
    if (build_text(&t, &m, l) || c.err) {
        /* a field left out for want of memory would read as "not stated" */
        diag_error(d, "out of memory");
        goto cleanup;
    }
    if (m.sal == NPOS && !l->term && !l->number && !l->kind &&
        !has_any(&t, m.start, m.head_end > m.start ? m.head_end : m.end, header_words)) {
        diag_error(d, "not a reply letter: no salutation, header or proposal number found");
        goto cleanup;
    }
    if (missing) {
        /* a bit for each field a letter is expected to state, in record order */
        unsigned miss = 0;
        unsigned bit = 1;
        for (size_t i = 0; i < LETTER_NFIELDS; i++)
            if (letter_fields[i].flags & LETTER_EXPECTED) {
                miss |= letter_stated(l, &letter_fields[i]) ? 0 : bit;
                bit <<= 1;
            }
        /* a national letter has no region to find */
        if (l->level && !strcmp(l->level, "全国"))
            miss &= ~(unsigned)LP_REGION;
        *missing = miss;
    }
    if (c.names_over)
        diag_error(d,
                   "it names more proposers than the %d a letter may have: the first %d are "
                   "kept, %zu more are in its text only",
                   LETTER_MAX_DELEGATES, LETTER_MAX_DELEGATES, c.names_over);
    rc = 0;
cleanup:
    delegate_set_release(&c.names);
    if (probe) {
        probe->steps = c.steps;
        probe->allocs = c.allocs;
    }
    free(m.blocks);
    ctext_release(&t);
    ctext_release(&joined);
    buf_release(&clean);
    return rc;
}

const char *letter_parse_field_name(unsigned bit)
{
    unsigned b = 1;
    for (size_t i = 0; i < LETTER_NFIELDS; i++)
        if (letter_fields[i].flags & LETTER_EXPECTED) {
            if (bit == b)
                return letter_fields[i].name;
            b <<= 1;
        }
    return "?";
}
