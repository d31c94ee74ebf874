#ifndef DAFU_PARSE_INT_H
#define DAFU_PARSE_INT_H
/*
 * What the files of the letter parser share (the public interface is
 * letter_parse.h). One file a concern:
 *
 *   ctext.c       the decoded text and the scanning primitives (find, at, lines)
 *   clean.c       cleaning: comments, tags, entities, blank runs, spam
 *   columns.c     two columns on a page: read a column at a time, a sidebar left out
 *   pages.c       a PDF's page breaks: the page's number, the top it repeats
 *   lines.c       line classes: paragraphs, trails, trailers
 *   names.c       organisations and names
 *   salutation.c  the salutation and its addressee
 *   landmarks.c   start, header region and blocks, opening sentence, end
 *   cover.c       a cover above the letter (a committee forwards the reply)
 *   join.c        a header wrapped over lines, read as one
 *   form.c        form fields ("标 题:…")
 *   meeting.c     the meeting: term, session, body, level, region
 *   number.c      the proposal number and kind; body and kind resolved
 *   department.c  the replying department
 *   signature.c   the replying unit's name as the sign-off prints it
 *   dept_header.c the department named around the header
 *   delegates.c   the proposers
 *   title.c       the proposal's title
 *   title_header.c  the title a header names unquoted
 *   docnum.c      the doc number
 *   dates.c       dates and the signing date
 *   category.c    the outcome category
 *   words.c       the word lists, as data
 *   letter_parse.c  the whole letter: the finders in order, the stored text
 */
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"
#include "model/vocab.h" /* the kinds, bodies and categories a field takes */

#define LP_NFIELDS 13 /* the LP_* bits */

/* What one parse changes beside the letter, shared by every ctext it decodes: the
 * work its scanning primitives counted, its sticky error, where each field was
 * read. An allocation that fails sets err and the parse goes on to its end, where
 * the letter is refused: a field is never left out because memory ran out. */
struct pctx {
    struct letter *l;           /* the letter being filled */
    size_t steps;               /* characters and lines the scanning primitives visited */
    size_t allocs;              /* allocations the parser made (pctx_alloc calls) */
    size_t fail_at;             /* 0, or the allocation to fail (tests) */
    int err;                    /* 0, or -1 once an allocation failed */
    size_t read_at[LP_NFIELDS]; /* cp index each field was read at, NPOS when not */
    unsigned by_rule;    /* LP_* bits of fields taken by a rule (region from the department) */
    size_t forms[16][2]; /* the values form_value found (the first 16): metadata lines */
    size_t n_forms;
    struct delegate_set names; /* the proposers added, each once (add_delegate) */
    size_t names_over;         /* names past LETTER_MAX_DELEGATES, left in the text only */
};

struct ctext {
    struct pctx *ctx;
    const char *s; /* cleaned UTF-8 text */
    uint32_t *cp;  /* its code points in matching form (pinyin annotations left out) */
    size_t *off;   /* byte offset of cp[i] in s; off[n] = strlen(s) */
    size_t n;
    size_t *lines; /* cp index of each line's first character, ascending */
    size_t n_lines;
    size_t (*gaps)[2]; /* byte spans of s left out of cp (a header's breaks, see join.c) */
    size_t n_gaps;
};

/* The letter's landmarks, as code point indexes into the cleaned text. */
struct marks {
    size_t from;           /* the letter is looked for from here: after a cover, else 0 */
    size_t cover;          /* the cover's first line above the letter, or NPOS */
    size_t start;          /* first character of the letter proper (its header) */
    size_t top;            /* the page's title above the start, else the start */
    size_t end;            /* one past its last character (page chrome after) */
    size_t reply_end;      /* end of the reply itself (a copy of the proposal may follow) */
    size_t sal;            /* start of the salutation, or NPOS */
    size_t sal_end;        /* after the salutation (its colon) */
    size_t name_a, name_b; /* the addressee's names, without 尊敬的 and the role word */
    size_t also_a, also_b; /* the proposers named after the lead's 并转/并抄, or an empty span */
    int sal_kind;          /* SAL_PERSON, SAL_GROUP (a proposing body), SAL_DEPT */
    int role;              /* ROLE_DAIBIAO (人大), ROLE_WEIYUAN (政协) or 0 */
    size_t head_start;     /* start of the header region (at most HEAD_MAX before its end) */
    size_t head_end;       /* end of the header region */
    size_t (*blocks)[2];   /* the header region's runs of non-paragraph lines */
    size_t n_blocks;
    size_t open_a, open_b; /* the opening sentence ("您提出的《…》收悉") */
    size_t title_a;        /* the page's title line above the letter, or NPOS */
    size_t title_head;     /* the header line under it that repeats it, or NPOS */
    size_t titles[3];      /* the page's title lines: title_a, and a second title under it */
    size_t n_titles;
};

#define NPOS ((size_t)-1)

/* The header region's blocks of the letter's own, before the page's title lines
 * (titles_last puts those last): a title names the page, and a field is read from
 * it only when the letter does not state it. */
static inline size_t own_blocks(const struct marks *m)
{
    return m->n_blocks - m->n_titles;
}

/* The header region is read at most this many characters back from the salutation
 * (the page above a letter is menus and trails), which bounds every finder there. */
#define HEAD_MAX 10000

enum { SAL_PERSON = 1, SAL_GROUP, SAL_DEPT };
enum { ROLE_DAIBIAO = 1, ROLE_WEIYUAN, ROLE_DANG }; /* 代表, 委员, a party congress's 党代表 */

/* A word that ends a salutation before its colon, and the role it names. */
struct sal_word {
    const char *word;
    int role;
};

/* What the finders learn on the way that later ones use. */
struct found {
    const char *kind_near; /* kind word by the number or in the header */
    const char *kind_body; /* kind word in the opening sentence, outside the title */
    size_t title_kind_end; /* after the kind word that ends an unquoted title, or NPOS */
    size_t signoff;        /* start of the signing date, or NPOS */
    size_t kind_near_at;   /* where kind_near stands */
    size_t kind_body_at;   /* where kind_body stands */
};

/* ctext.c */
int digit_val(uint32_t c);
int cn_val(uint32_t c);
int is_num_char(uint32_t c);
long parse_num(const struct ctext *t, size_t a, size_t b);
int is_han(uint32_t c);
/* A Latin letter of ASCII, A-Z or a-z (a mark's letter, a number's "T014"). */
int is_latin(uint32_t c);
int is_space(uint32_t c);
/* [*a, *b) without the blanks at its ends. */
void trim_span(const struct ctext *t, size_t *a, size_t *b);
/* A wall between a table's cells: a pipe table's '|', or a tab (a row copied with
 * one between its two cells, a page's <td> cells). */
int is_wall(uint32_t c);
int is_colon(uint32_t c);
uint32_t needle_next_slow(const unsigned char **p);
/* Decodes the next code point of a needle: one of the parser's own string
 * literals, valid UTF-8 and NUL-terminated. Inline, ASCII and the three bytes of
 * the BMP's Han decoded at once: the finders decode their needles at every
 * character they test. */
static inline uint32_t needle_next(const unsigned char **p)
{
    const unsigned char *q = *p;
    uint32_t c = q[0];
    if (c < 0x80) {
        *p = q + 1;
        return c;
    }
    if (c >= 0xE0 && c < 0xF0 && (q[1] & 0xC0) == 0x80 && (q[2] & 0xC0) == 0x80) {
        *p = q + 3;
        return (c & 0x0F) << 12 | (uint32_t)(q[1] & 0x3F) << 6 | (uint32_t)(q[2] & 0x3F);
    }
    return needle_next_slow(p);
}
int at(const struct ctext *t, size_t i, const char *needle);
size_t needle_len(const char *needle);
size_t find(const struct ctext *t, size_t a, size_t b, const char *needle);
size_t rfind(const struct ctext *t, size_t a, size_t b, const char *needle);
int ends_with(const struct ctext *t, size_t a, size_t b, const char *needle);
size_t line_start(const struct ctext *t, size_t i);
size_t line_end(const struct ctext *t, size_t i);
int span_add(const struct ctext *t, struct buf *out, size_t a, size_t b);
int set_field(char **field, const struct ctext *t, size_t a, size_t b);
int set_cstr(const struct ctext *t, char **field, const char *s, size_t pos);
int add_delegate(const struct ctext *t, struct letter *l, size_t a, size_t b);
void note_read(const struct ctext *t, unsigned bit, size_t pos);
int pctx_alloc(struct pctx *c);
int pctx_fail(struct pctx *c, int rc);
size_t pinyin_annotation(const char *s, size_t len, size_t i);
int ctext_init(struct ctext *t, const char *s, struct pctx *ctx);
void ctext_release(struct ctext *t);
int ctext_lines_room(struct ctext *t);
void ctext_relines(struct ctext *t);
int is_open_bracket(uint32_t c);
int is_close_bracket(uint32_t c);

/* clean.c */
int clean_text(const char *s, size_t len, struct buf *out, struct pctx *ctx);
/* Is the break between the raw lines s[ls..le) and s[ns..ne) one the letter wrote
 * (a sentence's, a table cell's or a header's end, a salutation after it)? */
int written_break(const char *s, size_t ls, size_t le, size_t ns, size_t ne);
/* The column, in characters, a page or a copy hard-wrapped the text s[0..len) at
 * (the length most of its lines have, when enough do), or 0 when it is not wrapped. */
size_t wrap_column(const char *s, size_t len);

/* columns.c */
/* The raw text s[0..len) with the lines of two columns read a column at a time
 * (a gazette's), or without the column beside the letter that is not its own (a
 * sidebar, a box): 1 with it in out, 0 when no lines share a cut, -1 when out of
 * memory. */
int two_columns(const char *s, size_t len, struct buf *out, struct pctx *ctx);

/* pages.c */
/* The raw text s[0..len) without the pages' numbers at their feet and what a
 * page's top repeats of the letter's first lines, the paragraphs they cut joined
 * again: 1 with it in out, 0 when the text has no such page break, -1 when out of
 * memory. */
int page_breaks(const char *s, size_t len, struct buf *out, struct pctx *ctx);

/* lines.c */
const char *at_any(const struct ctext *t, size_t i, const char *const *words);
int line_starts_with_any(const struct ctext *t, size_t ls, const char *const *words);
size_t find_any(const struct ctext *t, size_t a, size_t b, const char *const *words);
int has_any(const struct ctext *t, size_t a, size_t b, const char *const *words);
int is_paragraph(const struct ctext *t, size_t a, size_t b);
int is_breadcrumb(const struct ctext *t, size_t a, size_t b);
int list_goes_on(const struct ctext *t, size_t ls);
int is_trailer_line(const struct ctext *t, size_t ls, size_t le);
int host_signoff(const struct ctext *t, size_t ls, size_t le, size_t *vs, size_t *ve);
int host_marked(const struct ctext *t, size_t ls, size_t le, size_t *vs, size_t *ve);

/* names.c */
size_t last_token(const struct ctext *t, size_t a, size_t b);
size_t sig_token(const struct ctext *t, size_t ls, size_t e);
int is_group(const struct ctext *t, size_t a, size_t b);
/* Does cp[a..b) end in an organisation word (局, 厅, 委员会 …), not 网站? */
int ends_with_org(const struct ctext *t, size_t a, size_t b);
size_t org_digits(const struct ctext *t, size_t a, size_t i, size_t b);
size_t org_run(const struct ctext *t, size_t i, size_t le);
int plausible_org(const struct ctext *t, size_t a, size_t b);
/* The end of [a, b) before the site's name a page's title gives after its words
 * ("关于…的答复_某某县人民政府", "…的建议 - 某某局门户网站", "…|某某局|某某县人民政府网"):
 * before the separator (_ ＿ | ｜, or - — between blanks) and a unit's or a site's
 * name after it, each of up to three; b when it names none. */
size_t before_site(const struct ctext *t, size_t a, size_t b);
/* The start of [a, b) after the section's name a page's title gives before its
 * words ("【建议提案】关于…的答复", "建议提案答复 - 关于…"): past a mark in brackets or
 * a name before a separator (_ ＿ | ｜, or - — between blanks), each of up to sixteen
 * characters with no 关于, 届 or 号 in it; a when it names none. */
size_t after_section(const struct ctext *t, size_t a, size_t b);
/* The start of a web address that ends [a, b) ("xx-jyj.gov.cn", "www.xx.cn" after a
 * site's name), past a separator glued before it; b when it ends in none. */
size_t web_address(const struct ctext *t, size_t a, size_t b);
int place_word(const struct ctext *t, size_t a, size_t b);
/* Does the unit's name [a, b) name a place of its own at its head: a place's name
 * (青岭县财政局, 石门坳镇人民政府), or a level's word alone (县财政局), not a word that
 * opens with one (市场监督管理局, 区域合作办公室) nor a common noun (城市管理局)? */
int names_own_place(const struct ctext *t, size_t a, size_t b);
/* Is [a, b) a place's name alone on its line, as a signature writes it over its
 * unit's name: 3 to 20 Han characters ending in a level's word (…县, …自治县, …市,
 * …区, …旗, …州, …盟, …省), no unit's word, no sentence's (我县, 全市, 的)? */
int place_line(const struct ctext *t, size_t a, size_t b);
int unit_word(const struct ctext *t, size_t a, size_t b);
int org_value(const struct ctext *t, size_t vs, size_t *ve);
size_t spaced_place_start(const struct ctext *t, size_t ls, size_t s);
int place_head(const struct ctext *t, size_t hs, size_t he);
int broken_in_word(const struct ctext *t, size_t ps, size_t pe, size_t ls, size_t le);
int group_name(const struct ctext *t, size_t a, size_t b);
int group_list(const struct ctext *t, size_t a, size_t b);
int short_form(const char *s, const char *full);
int same_kind_end(const char *a, const char *b);
int compound_surname(const struct ctext *t, size_t a);
int single_surname(const struct ctext *t, size_t a);
int is_name_dot(uint32_t c);
int name_char(uint32_t c);
int name_sep(const struct ctext *t, size_t ls, size_t i, size_t b);
int broken_name_stop(const struct ctext *t, size_t ls, size_t i, size_t b);
int surname_blank(const struct ctext *t, size_t ls, size_t i, size_t b);
int blank_between_names(const struct ctext *t, size_t ls, size_t i, size_t b);
int padded_blank(const struct ctext *t, size_t ls, size_t i, size_t b);
int lead_mark(const struct ctext *t, size_t i, size_t b);
int names_plain(const struct ctext *t, size_t a, size_t b);
size_t name_start(const struct ctext *t, size_t ls, size_t b);
size_t spaced_names_start(const struct ctext *t, size_t ls, size_t a);
size_t and_between_names(const struct ctext *t, size_t a, size_t b);

/* salutation.c */
void find_salutation(const struct ctext *t, struct marks *m);
void find_salutation_fallback(const struct ctext *t, struct marks *m);

/* landmarks.c */
int is_header_line(const struct ctext *t, size_t ls, size_t le);
int salutation_line(const struct ctext *t, size_t ls, size_t le);
int find_landmarks(const struct ctext *t, struct marks *m);

/* cover.c */
/* The start of the reply's own header when the letter found (m) is a cover that
 * forwards it: the congress's organ sends the proposer the reply under a letter of
 * its own, the reply after it with its header and its salutation to the same
 * proposer. Else NPOS. */
size_t cover_reply(const struct ctext *t, const struct marks *m);
/* The proposal's meeting and number from the form of the cover above the reply
 * (届次, 建议编号), each when the reply states none. */
void cover_proposal(const struct ctext *t, const struct marks *m, struct letter *l);

/* join.c */
int join_header(const struct ctext *t, const struct marks *m, struct ctext *out);
int page_number_line(const struct ctext *t, size_t a, size_t b);

/* form.c */
size_t at_label(const struct ctext *t, size_t i, size_t b, const char *label);
int reply_row(const struct ctext *t, size_t rs, size_t re);
int form_value(const struct ctext *t, size_t a, size_t b, const char *const *labels, size_t *vs,
               size_t *ve);

/* dept_header.c */
int set_bracketed_org(const struct ctext *t, size_t a, size_t b, struct letter *l);
int dept_around_header(const struct ctext *t, const struct marks *m, struct letter *l);
/* A line of the replying unit and its date (unit_date_line): the unit's name
 * [us, ue), where the date starts, in brackets, after a unit's label. */
struct unit_date {
    size_t us, ue, ds;
    int bracketed, labelled;
};
int unit_date_line(const struct ctext *t, size_t a, size_t b, struct unit_date *s);
/* Does the line [ls, le) end as a reply's header does, in its word for a reply
 * (…的答复, …的复函, …答复的函, …的回复), a category mark in brackets after it
 * allowed? A table's row of labels (承办单位 答复日期 答复内容) does not. */
int ends_as_reply(const struct ctext *t, size_t ls, size_t le);

/* meeting.c */
int parse_meeting(const struct ctext *t, size_t a, size_t b, struct letter *l, size_t *meeting_end);
int parse_meeting_unnumbered(const struct ctext *t, size_t a, size_t b, struct letter *l,
                             size_t *meeting_end);
int parse_meeting_by_role(const struct ctext *t, size_t a, size_t b, struct letter *l,
                          size_t *meeting_end);
void level_from_letter(const struct ctext *t, const struct marks *m, struct letter *l);
void region_from_meetings(const struct ctext *t, const struct marks *m, struct letter *l);
void region_from_standing_committee(const struct ctext *t, const struct marks *m, struct letter *l);
int zone_administration(const char *name);
int simplify(struct pctx *c, const char *s, struct buf *out);
int ends_with_str(const char *s, const char *suf);
void region_from_department(const struct ctext *t0, struct letter *l, const char *name,
                            size_t name_at);
void simplify_region(const struct ctext *t, struct letter *l);

/* number.c */
/* The proposal number in [a, b): digits before 号 ("第0831号", "台52号", "第 23 号",
 * "142号"), not a doc number's serial, a date or a part of a quoted title; a list or
 * a range of them ("第12、15号", "第12至15号") or of numbers in Chinese numerals
 * ("第十二、十五号"). Sets l->number and returns the index after 号, else NPOS;
 * *num_start gets the number's first index (its 第 or prefix, a list's first one's). */
size_t find_number(const struct ctext *t, size_t a, size_t b, struct letter *l, size_t *num_start);
/* The number a form's field gives as its value [vs, ve): "建议编号:第0356号", or the
 * number alone ("编号:0356", "编号:台52"). Returns the index after it as find_number
 * does, NPOS when the number stood alone or there was none; *ns as find_number's. */
size_t form_number(const struct ctext *t, size_t vs, size_t ve, struct letter *l, size_t *ns);
/* Does the value [vs, ve) read as a sentence rather than a field's value: longer
 * than a meeting's name with its number, or holding a sentence's punctuation? */
int sentence_value(const struct ctext *t, size_t vs, size_t ve);
void find_meeting_number_kind(const struct ctext *t, const struct marks *m, struct letter *l,
                              struct found *f);
void find_kind_in_opening(const struct ctext *t, const struct marks *m, struct found *f);
void resolve_body_kind(const struct ctext *t, const struct marks *m, struct found *f,
                       struct letter *l);

/* signature.c */
/* The end of a signature before its seal mark ("某某局(盖章)"): b, or where the
 * mark starts (blanks before it left out). */
size_t before_seal(const struct ctext *t, size_t a, size_t b);
size_t before_label(const struct ctext *t, size_t a, size_t b);
int spam_prefix(const struct ctext *t, size_t a, size_t b);
size_t joint_start(const struct ctext *t, size_t ls, size_t s);
void set_signers(const struct ctext *t, struct letter *l, size_t s, size_t e);
size_t cut_signature(const struct ctext *t, size_t ls, size_t le);
int broken_unit_word(const struct ctext *t, struct letter *l, size_t from, size_t qls, size_t qle);
int joint_above(const struct ctext *t, struct letter *l, size_t from, size_t ls, size_t le);
int labelled_rest(const struct ctext *t, struct letter *l, size_t i, size_t e);
int spaced_org(const struct ctext *t, size_t ls, size_t le);
void plain_spaced_department(const struct ctext *t, struct letter *l);
/* A signature a page lays out in a table's cells ("| 某某局 | 2024年8月2日 |", a row
 * of tabs, or one cell a row): a run of rows after the header region whose cells hold
 * only a unit's name, a date or a seal's note, labelled or not ("答复单位：某某局"),
 * and beside the unit a field of its own ("联系人：王芳"), a date among them, has
 * each cell read as the line it would be (its walls read as line ends), so that the
 * sign-off reads as the letter's lines. A run that holds a label alone
 * ("| 答复单位 | 某某局 |") is a table of the page's and stays. */
void signature_cells(struct ctext *t, const struct marks *m);

/* department.c */
void find_department(const struct ctext *t, const struct marks *m, struct found *f,
                     struct letter *l);
int dept_apart(const struct ctext *t, const struct marks *m, struct letter *l);

/* delegates.c */
void find_delegates(const struct ctext *t, const struct marks *m, struct letter *l);

/* title.c */
void find_title(const struct ctext *t, const struct marks *m, struct letter *l, struct found *f);

/* docnum.c */
int doc_number_at(const struct ctext *t, size_t a, size_t b, size_t i, size_t *ps_out,
                  size_t *e_out);
int find_doc_number(const struct ctext *t, size_t a, size_t b, struct letter *l);
int issued_serial(const struct ctext *t, size_t a, size_t b);

/* dates.c */
/* The index after a date written at i (2023年6月12日, 2023-06-12, …), else NPOS. */
size_t date_end(const struct ctext *t, size_t i, size_t b);
/* The line's span [a, b), its blanks trimmed, opens with a date and holds max
 * characters at most: the index after the date and the blanks after it, else NPOS. */
size_t date_opens(const struct ctext *t, size_t a, size_t b, size_t max);
/* Is the line [a, b) a date alone, blanks around it, of max characters at most
 * (its blanks aside)? */
int date_alone(const struct ctext *t, size_t a, size_t b, size_t max);
/* The most characters of a line that holds a date alone (a signing date), a note
 * perhaps after it. */
#define DATE_LINE_MAX 20
void find_date(const struct ctext *t, const struct marks *m, struct found *f, struct letter *l);

/* evidence.c */
int build_evidence(const struct ctext *t, const struct marks *m, size_t signoff, struct letter *l);

/* category.c */
void find_category_field(const struct ctext *t, size_t a, size_t b, struct letter *l);
void find_category(const struct ctext *t, size_t a, size_t b, int loose, struct letter *l);
void find_category_words(const struct ctext *t, size_t a, size_t b, struct letter *l);

extern const char *const spam_words[];
extern const char *const spam_words_weak[];
extern const char *const spam_ad_words[];
extern const char *const chrome_after[];
extern const char *const chrome_after_short[];
extern const char *const chrome_after_any[];
extern const char *const chrome_inline[];
extern const char *const chrome_meta[];
extern const char *const trailer_words[];
extern const char *const proposal_marks[];
extern const char *const org_suffix[];
extern const char *const group_words[];
extern const struct sal_word sal_suffix[];
extern const char *const not_name[];
extern const char *const not_org[];
extern const char *const header_words[];
extern const char *const opening_end[];
extern const char *const repost_summary[];
extern const char *const title_labels[];
extern const char *const proposer_labels[];
extern const char *const cosigner_labels[];
extern const char *const number_labels[];
extern const char *const dept_labels[];
extern const char *const source_labels[];
extern const char *const signed_date_labels[];
extern const char *const pub_date_labels[];
extern const char *const other_date_labels[];
extern const char *const level_chars[][2];
extern const char *const region_cut[];
extern const char *const region_prefix[];
extern const char *const zone_words[];
extern const char *const not_person[];

#endif
