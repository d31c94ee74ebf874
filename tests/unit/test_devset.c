/*
 * Dev-set accuracy: the real letters in ../shared/letters/ (or $DAFU_SHARED/letters/)
 * parsed and compared with their hand labels (labels.jsonl), field by field.
 *
 * Prints the accuracy per field and overall, and every wrong field as
 * "file: field: got '...', want '...'". A null label counts as right only when the
 * parser also says null. Fails when the overall accuracy drops below MIN_ACCURACY
 * (a ratchet: raise it when the parser improves). Then parses each letter as other
 * pages present it (CR LF, indents, blank lines, site chrome, the page twice, HTML
 * comments and spam) and fails when more fields differ from the letter as it is
 * than MAX_ROBUST_DIFFS.
 * Skips (exit 77) when the folder is absent.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"
#include "text/text.h"
#include "util.h"

/* The accuracy the parser has reached on the dev set; the test fails below it. */
#define MIN_ACCURACY 0.947
/* Fields that still differ when the letters are presented otherwise; the test
 * fails above it (a ratchet too: lower it when the parser improves). */
#define MAX_ROBUST_DIFFS 12

enum {
    F_BODY,
    F_LEVEL,
    F_REGION,
    F_TERM,
    F_SESSION,
    F_KIND,
    F_NUMBER,
    F_DEPARTMENT,
    F_DELEGATES,
    F_TITLE,
    F_DOC_NUMBER,
    F_DATE,
    F_CATEGORY,
    F_N
};

static const char *const field_names[F_N] = {
    "body",       "level",     "region", "term",       "session", "kind",    "number",
    "department", "delegates", "title",  "doc_number", "date",    "category"};

static int right[F_N];
static int total[F_N];

/* Simplified form of s (for regions: one place, one name). The caller frees. */
static char *simplified(const char *s)
{
    struct buf b = BUF_INIT;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len)
        buf_add_cp(&b, text_t2s(utf8_next(s, len, &i)));
    return buf_detach(&b);
}

static void score(const char *file, int f, const char *got, const char *want)
{
    total[f]++;
    if ((!got && !want) || (got && want && !strcmp(got, want))) {
        right[f]++;
        return;
    }
    printf("%s: %s: got '%s', want '%s'\n", file, field_names[f], got ? got : "null",
           want ? want : "null");
}

static const char *label_str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An integer label as text ("14"), or NULL for null; 0 from the parser is null. */
static const char *int_text(int v, char out[16])
{
    if (!v)
        return NULL;
    snprintf(out, 16, "%d", v);
    return out;
}

/* ---- robustness: the same letter as other pages present it ---- */

/* Writes into out a copy of the letter as a page might present it. */
static void perturb(int how, const char *text, size_t len, struct buf *out)
{
    buf_clear(out);
    switch (how) {
    case 0: /* CR LF line ends */
    case 1: /* every line indented with ideographic spaces */
    case 2: /* a blank line after every line */
        if (how == 1)
            buf_adds(out, "\u3000\u3000");
        for (size_t i = 0; i < len; i++) {
            if (text[i] != '\n') {
                buf_addch(out, text[i]);
                continue;
            }
            buf_adds(out, how == 0 ? "\r\n" : how == 1 ? "\n\u3000\u3000" : "\n\n");
        }
        break;
    case 3: /* site chrome around it */
        buf_adds(out, "首页 > 政务公开 > 建议提案办理\n");
        buf_add(out, text, len);
        buf_adds(out, "\n上一篇：某某局关于县十届人大一次会议第1号建议的答复\n"
                      "下一篇：某某局关于县十届人大一次会议第3号建议的答复\n"
                      "主办单位：某某县人民政府办公室 版权所有 ICP备00000000号\n");
        break;
    case 4: /* the page printed twice */
        buf_add(out, text, len);
        buf_adds(out, "\n当前位置：首页 > 建议提案\n");
        buf_add(out, text, len);
        break;
    default: /* leftover HTML comments and a mirror site's spam */
        buf_adds(out, "<!--StartFragment-->\n时时彩官方网站入口 www.example-spam.com\n");
        buf_add(out, text, len);
        buf_adds(out, "\n<!--EndFragment-->\n");
        break;
    }
}

/* Parses the letter as six other presentations and counts the fields that differ
 * from `base` (the letter as it is). */
static int robustness(const char *file, const char *text, size_t len, const struct letter *base)
{
    static const char *const how_names[] = {"crlf",   "indent", "blank lines",
                                            "chrome", "twice",  "comments+spam"};
    static const char *const keys[] = {"body",       "level",  "region",     "term",      "session",
                                       "kind",       "number", "department", "delegates", "title",
                                       "doc_number", "date",   "category"};
    cJSON *bj = letter_to_json(base);
    struct buf page = BUF_INIT;
    int diffs = 0;
    for (int how = 0; how < 6; how++) {
        perturb(how, text, len, &page);
        struct letter l;
        letter_init(&l);
        struct diag d = DIAG_INIT;
        letter_parse(page.data, page.len, &l, NULL, &d);
        cJSON *pj = letter_to_json(&l);
        for (size_t k = 0; bj && pj && k < sizeof keys / sizeof keys[0]; k++) {
            const cJSON *a = cJSON_GetObjectItem(bj, keys[k]);
            const cJSON *b = cJSON_GetObjectItem(pj, keys[k]);
            if (cJSON_Compare(a, b, 1))
                continue;
            char *as = cJSON_PrintUnformatted(a);
            char *bs = cJSON_PrintUnformatted(b);
            printf("%s (%s): %s: got %s, as it is %s\n", file, how_names[how], keys[k],
                   bs ? bs : "?", as ? as : "?");
            free(as);
            free(bs);
            diffs++;
        }
        cJSON_Delete(pj);
        letter_release(&l);
        diag_release(&d);
    }
    cJSON_Delete(bj);
    buf_release(&page);
    return diffs;
}

static int robust_diffs;

static void score_letter(const char *dir, const cJSON *lab)
{
    const char *file = label_str(lab, "file");
    if (!file)
        return;
    char path[8192];
    snprintf(path, sizeof path, "%.4000s/%.4000s", dir, file);
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text) {
        printf("%s: cannot read\n", path);
        check_fail++;
        return;
    }
    struct letter l;
    letter_init(&l);
    struct diag d = DIAG_INIT;
    if (letter_parse(text, len, &l, NULL, &d))
        printf("%s: not parsed: %s\n", file, diag_msg(&d));
    static const struct {
        int f;
        size_t off;
    } strs[] = {
        {F_BODY, offsetof(struct letter, body)},
        {F_LEVEL, offsetof(struct letter, level)},
        {F_KIND, offsetof(struct letter, kind)},
        {F_NUMBER, offsetof(struct letter, number)},
        {F_DEPARTMENT, offsetof(struct letter, department)},
        {F_TITLE, offsetof(struct letter, title)},
        {F_DOC_NUMBER, offsetof(struct letter, doc_number)},
        {F_DATE, offsetof(struct letter, date)},
        {F_CATEGORY, offsetof(struct letter, category)},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        score(file, strs[i].f, *(char **)((char *)&l + strs[i].off),
              label_str(lab, field_names[strs[i].f]));

    const char *wr = label_str(lab, "region");
    char *want_region = wr ? simplified(wr) : NULL;
    char *got_region = l.region ? simplified(l.region) : NULL;
    score(file, F_REGION, got_region, want_region);
    free(want_region);
    free(got_region);

    char gb[16];
    char wb[16];
    const cJSON *v = cJSON_GetObjectItem(lab, "term");
    score(file, F_TERM, int_text(l.term, gb),
          cJSON_IsNumber(v) ? int_text((int)v->valuedouble, wb) : NULL);
    v = cJSON_GetObjectItem(lab, "session");
    score(file, F_SESSION, int_text(l.session, gb),
          cJSON_IsNumber(v) ? int_text((int)v->valuedouble, wb) : NULL);

    struct buf got = BUF_INIT;
    struct buf want = BUF_INIT;
    for (size_t i = 0; i < l.n_delegates; i++)
        buf_printf(&got, "%s%s", i ? "、" : "", l.delegates[i]);
    const cJSON *dels = cJSON_GetObjectItem(lab, "delegates");
    const cJSON *it;
    int k = 0;
    cJSON_ArrayForEach(it, dels)
    {
        if (cJSON_IsString(it))
            buf_printf(&want, "%s%s", k++ ? "、" : "", it->valuestring);
    }
    score(file, F_DELEGATES, l.n_delegates ? got.data : NULL, k ? want.data : NULL);
    buf_release(&got);
    buf_release(&want);

    robust_diffs += robustness(file, text, len, &l);
    letter_release(&l);
    diag_release(&d);
    free(text);
}

int main(int argc, char **argv)
{
    const char *tests = argc > 1 ? argv[1] : "tests";
    const char *env = getenv("DAFU_SHARED");
    char dir[4096];
    if (env && *env)
        snprintf(dir, sizeof dir, "%s/letters", env);
    else
        snprintf(dir, sizeof dir, "%s/../../shared/letters", tests);
    char lpath[4200];
    snprintf(lpath, sizeof lpath, "%s/labels.jsonl", dir);
    size_t len = 0;
    char *labels = slurp(lpath, &len);
    if (!labels) {
        printf("skip: %s is absent (the shared real letters); nothing to measure\n", lpath);
        return 77;
    }
    int n_letters = 0;
    for (char *line = labels; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line) {
            cJSON *lab = cJSON_Parse(line);
            if (lab) {
                score_letter(dir, lab);
                n_letters++;
            } else {
                printf("%s: bad JSON line\n", lpath);
                check_fail++;
            }
            cJSON_Delete(lab);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(labels);

    int r = 0;
    int t = 0;
    printf("\n%-12s %7s\n", "field", "right");
    for (int f = 0; f < F_N; f++) {
        printf("%-12s %3d/%-3d %5.1f%%\n", field_names[f], right[f], total[f],
               total[f] ? 100.0 * right[f] / total[f] : 0.0);
        r += right[f];
        t += total[f];
    }
    double acc = t ? (double)r / t : 0.0;
    printf("%-12s %3d/%-3d %5.1f%%  (%d letters, ratchet %.1f%%)\n", "overall", r, t, 100.0 * acc,
           n_letters, 100.0 * MIN_ACCURACY);
    printf("robustness: %d fields differ when the letters are presented otherwise "
           "(CR LF, indents, blank lines, chrome, twice, comments and spam; ratchet %d)\n",
           robust_diffs, MAX_ROBUST_DIFFS);
    CHECK(n_letters > 0);
    CHECK(acc >= MIN_ACCURACY);
    CHECK(robust_diffs <= MAX_ROBUST_DIFFS);
    return check_done();
}
