/* Near-duplicate scoring: shingles, Jaccard, signatures, titles, and the index
 * written at import (pairs, copies). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/array.h"
#include "base/buf.h"
#include "check.h"
#include "import/import.h"
#include "similar/memo.h"
#include "similar/row.h"
#include "similar/similar.h"
#include "similar/sketch.h"
#include "util.h"

/* Ten invented sentences of a reply; a template changes one, a letter on the
 * same topic shares two. */
static const char *const body[] = {
    "收到你们的意见后我局高度重视，立即组织业务科室开展调研。",
    "目前全县已经建成乡村公路二百余条，覆盖大部分行政村。",
    "针对你们反映的道路破损问题，我们安排了专项养护资金35万元。",
    "今年汛期前将完成沿线排水沟的清理和边坡加固工作。",
    "由于上级补助标准偏低，部分路段拓宽工程暂时难以实施。",
    "我们将积极争取省级交通专项资金，逐步改善通行条件。",
    "同时督促施工单位落实质量责任制，严把材料进场关口。",
    "对群众反映强烈的急弯陡坡路段，优先设置警示标志和护栏。",
    "下一步将建立路长制，明确每条道路的管护责任人员。",
    "感谢你们对交通运输工作的关心和支持，欢迎继续提出宝贵意见。",
};

static char *join(const char *head, int changed, const char *replacement, const char *tail)
{
    size_t n = strlen(head) + strlen(tail) + 1;
    for (int i = 0; i < 10; i++)
        n += strlen(i == changed ? replacement : body[i]);
    char *s = malloc(n);
    strcpy(s, head);
    for (int i = 0; i < 10; i++)
        strcat(s, i == changed ? replacement : body[i]);
    strcat(s, tail);
    return s;
}

static double score(const char *a, const char *b, const char *const *na, size_t nna,
                    const char *const *nb, size_t nnb)
{
    struct sim_set x = {0}, y = {0};
    CHECK_INT(sim_shingles(a, na, nna, &x), 0);
    CHECK_INT(sim_shingles(b, nb, nnb, &y), 0);
    double s = sim_jaccard(&x, &y);
    sim_set_release(&x);
    sim_set_release(&y);
    return s;
}

static void test_jaccard(void)
{
    uint64_t a[] = {1, 2, 3, 4}, b[] = {3, 4, 5, 6, 7, 8};
    struct sim_set x = {a, 4, 4}, y = {b, 6, 6};
    CHECK(fabs(sim_jaccard(&x, &y) - 2.0 / 8.0) < 1e-12);
    CHECK(sim_jaccard(&x, &x) == 1.0);
    struct sim_set e = {NULL, 0, 0};
    CHECK(sim_jaccard(&e, &e) == 0.0);
    CHECK(sim_jaccard(&x, &e) == 0.0);

    /* One set in a table compared with others, repeats in both, unsorted:
     * the same value as sim_jaccard of the sorted sets, bit for bit, as the
     * table grows (a set of 3,000 after ones of 8) and is filled again. */
    struct sim_jtab t = {0};
    CHECK_INT(sim_jtab_fill(&t, &e), 0);
    CHECK(sim_jtab_jaccard(&t, &e) == 0.0);
    CHECK(sim_jtab_jaccard(&t, &x) == 0.0);
    uint64_t seed = 7;
    for (int round = 0; round < 40; round++) {
        struct sim_set ra = {0}, sa = {0};
        size_t na = round % 5 == 4 ? 3000 : 1 + (size_t)(round * 37 % 600);
        for (size_t i = 0; i < na; i++) {
            seed = sim_mix64(seed);
            /* a few values, many repeats: hashes of 0..2na */
            uint64_t v = sim_mix64(seed % (2 * na) + 1);
            CHECK_INT(ARRAY_RESERVE(ra.h, ra.cap, ra.n + 1, 16), 0);
            ra.h[ra.n++] = v;
        }
        CHECK_INT(ARRAY_RESERVE(sa.h, sa.cap, ra.n, 16), 0);
        memcpy(sa.h, ra.h, ra.n * sizeof *ra.h);
        sa.n = ra.n;
        CHECK_INT(sim_set_sort(&sa), 0);
        CHECK_INT(sim_jtab_fill(&t, &ra), 0);
        for (int k = 0; k < 6; k++) {
            struct sim_set rb = {0}, sb = {0};
            size_t nb = k == 5 ? 2 * na + 5000 : (size_t)(k * 131 % 700);
            for (size_t i = 0; i < nb; i++) {
                seed = sim_mix64(seed);
                uint64_t v = sim_mix64(seed % (2 * na + 50) + 1);
                CHECK_INT(ARRAY_RESERVE(rb.h, rb.cap, rb.n + 1, 16), 0);
                rb.h[rb.n++] = v;
            }
            if (nb) {
                CHECK_INT(ARRAY_RESERVE(sb.h, sb.cap, rb.n, 16), 0);
                memcpy(sb.h, rb.h, rb.n * sizeof *rb.h);
                sb.n = rb.n;
                CHECK_INT(sim_set_sort(&sb), 0);
            }
            double want = sim_jaccard(&sa, &sb), got = sim_jtab_jaccard(&t, &rb);
            CHECK(got == want);
            sim_set_release(&rb);
            sim_set_release(&sb);
        }
        CHECK(sim_jtab_jaccard(&t, &ra) == (sa.n ? 1.0 : 0.0));
        sim_set_release(&ra);
        sim_set_release(&sa);
    }
    sim_jtab_release(&t);
}

static void test_scores(void)
{
    char *a = join("张三代表：\n", -1, "", "\n县交通运输局\n2023年8月8日\n");
    /* The same letter: 1. */
    CHECK(score(a, a, NULL, 0, NULL, 0) == 1.0);
    /* Dates, proposal numbers and spacing are not compared. */
    char *b = join("张三代表（第１２４号）：\n", -1, "", "\n县交通运输局\n二〇二四年一月二日\n");
    char *b2 = join("张三  代表（第77号）：\n", -1, "", "\n县交通运输局\n2024年1月2日\n");
    CHECK(score(b2, b, NULL, 0, NULL, 0) == 1.0);
    free(b);
    free(b2);
    /* Traditional script folds to simplified. */
    b = join("張三代表：\n", -1, "", "\n縣交通運輸局\n2023年8月8日\n");
    CHECK(score(a, b, NULL, 0, NULL, 0) == 1.0);
    free(b);
    /* Another proposer: the letter's own names are cut out. */
    b = join("李四代表：\n", -1, "", "\n县交通运输局\n2023年8月8日\n");
    const char *na[] = {"张三"}, *nb[] = {"李四"};
    CHECK(score(a, b, NULL, 0, NULL, 0) < 1.0);
    CHECK(score(a, b, na, 1, nb, 1) == 1.0);
    free(b);
    /* Figures inside the text do count: 35万元 is not 48万元. */
    b = join("张三代表：\n", 2, "针对你们反映的道路破损问题，我们安排了专项养护资金48万元。",
             "\n县交通运输局\n2023年8月8日\n");
    double s = score(a, b, NULL, 0, NULL, 0);
    CHECK(s < 1.0 && s > 0.85);
    free(b);
    /* A template with one sentence of ten changed: well above one half. */
    b = join("张三代表：\n", 4, "鉴于本年度预算已经下达，新增项目只能列入明年计划统筹考虑。",
             "\n县交通运输局\n2023年8月8日\n");
    s = score(a, b, NULL, 0, NULL, 0);
    CHECK(s > 0.65 && s < 0.95);
    free(b);
    /* A letter on the same topic that shares two sentences: well below. */
    b = malloc(4096);
    snprintf(b, 4096, "%s%s%s%s",
             "关于城区停车难的问题，我局会同公安交警部门进行了专题研究。"
             "老城区道路狭窄，新增停车泊位受到用地条件限制。"
             "今年计划在学校和医院周边施划临时停车位一百个。",
             body[0], body[9], "我们还将推动机关单位停车场在节假日向社会开放，缓解停车压力。");
    s = score(a, b, NULL, 0, NULL, 0);
    CHECK(s < 0.3);
    free(b);
    free(a);
}

static void test_signature(void)
{
    /* The signature's agreement estimates the Jaccard similarity. */
    char *a = join("", -1, "", "");
    char *b = join("", 4, "鉴于本年度预算已经下达，新增项目只能列入明年计划统筹考虑。", "");
    struct sim_set x = {0}, y = {0};
    CHECK_INT(sim_shingles(a, NULL, 0, &x), 0);
    CHECK_INT(sim_shingles(b, NULL, 0, &y), 0);
    uint32_t sx[SIM_K], sy[SIM_K], sx2[SIM_K];
    sim_signature(&x, sx);
    sim_signature(&x, sx2);
    sim_signature(&y, sy);
    CHECK(!memcmp(sx, sx2, sizeof sx));
    int same = 0;
    for (int k = 0; k < SIM_K; k++)
        same += sx[k] == sy[k];
    double est = (double)same / SIM_K, j = sim_jaccard(&x, &y);
    CHECK(fabs(est - j) < 0.2);
    sim_set_release(&x);
    sim_set_release(&y);
    free(a);
    free(b);
}

/* A sketch agrees wherever its signature does, and where two values share
 * their low 4 bits: an upper bound of the agreement. */
static void test_sketch(void)
{
    uint32_t a[SIM_K], b[SIM_K];
    for (int k = 0; k < SIM_K; k++) {
        a[k] = 0x9e3779b9u * (uint32_t)(k + 1);
        b[k] = k < 50 ? a[k] : k < 100 ? a[k] + 0x10 : a[k] + 1;
    }
    uint8_t sa[SIM_SKETCH], sb[SIM_SKETCH];
    sim_sketch(a, sa);
    sim_sketch(b, sb);
    CHECK(sim_sig_agree(a, b) == 50.0 / SIM_K);
    CHECK_INT(sim_sketch_agree(sa, sb), 100);
    CHECK_INT(sim_sketch_agree(sa, sa), SIM_K);
    CHECK_INT(sa[0], (a[0] & 0xF) | (a[1] & 0xF) << 4);
    /* the high sketch: bits 4-7; with the sketch, the places where the 8 low
     * bits agree (the 50 values alike; those 0x10 apart differ in bits 4-7) */
    uint8_t ha[SIM_SKETCH], hb[SIM_SKETCH];
    sim_sketch_high(a, ha);
    sim_sketch_high(b, hb);
    CHECK_INT(ha[0], (a[0] >> 4 & 0xF) | (a[1] >> 4 & 0xF) << 4);
    CHECK_INT(sim_sketch_agree8(sa, ha, sb, hb), 50);
    CHECK_INT(sim_sketch_agree8(sa, ha, sa, ha), SIM_K);
    /* random pairs, agreeing in 0 to SIM_K places */
    uint64_t x = 88172645463325252ULL;
    for (int t = 0; t < 2000; t++) {
        int same = 0, nib = 0, byte = 0, want = t % (SIM_K + 1);
        for (int k = 0; k < SIM_K; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            a[k] = (uint32_t)x;
            b[k] = k < want ? a[k] : (uint32_t)(x >> 32);
            same += a[k] == b[k];
            nib += (a[k] & 0xF) == (b[k] & 0xF);
            byte += (a[k] & 0xFF) == (b[k] & 0xFF);
        }
        sim_sketch(a, sa);
        sim_sketch(b, sb);
        sim_sketch_high(a, ha);
        sim_sketch_high(b, hb);
        CHECK_INT(sim_sketch_agree(sa, sb), nib);
        CHECK_INT(sim_sketch_agree8(sa, ha, sb, hb), byte);
        CHECK(nib >= byte && byte >= same);
        CHECK(sim_sig_agree(a, b) == (double)same / SIM_K);
    }
}

/* A chunk's sketches read in order of id: each distinct id once; a row whose
 * value is not a sketch, or no row, is held as forgotten; a sketch written
 * again is forgotten; those asked for again are not read again, the others
 * are no longer held. */
static void test_sketch_batch(void)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           "CREATE TABLE similar_sketch(id INTEGER PRIMARY KEY, sk BLOB NOT NULL);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                           "WHERE i < 20) INSERT INTO similar_sketch SELECT i, "
                           "CASE i WHEN 5 THEN zeroblob(4) ELSE zeroblob(64) END FROM n "
                           "WHERE i != 7;"
                           "UPDATE similar_sketch SET sk = cast(printf('%064d', id) AS BLOB);"
                           "UPDATE similar_sketch SET sk = zeroblob(4) WHERE id = 5;",
                           NULL, NULL, NULL),
              SQLITE_OK);
    struct sketch_reader r = {0};
    struct sketch_batch b = {0};
    long long ids[] = {9, 3, 3, 5, 2, 1, 9};
    CHECK_INT(sketch_batch_read(&b, &r, db, ids, sizeof ids / sizeof *ids), 0);
    CHECK_INT((long)b.n, 5); /* 1, 2, 3, 5 (not a sketch), 9 */
    const uint8_t *sk = sketch_batch_find(&b, 9);
    CHECK(sk && !memcmp(sk, "0000000000000000000000000000000000000000000000000000000000000009",
                        SIM_SKETCH));
    CHECK(sketch_batch_find(&b, 1) && sketch_batch_find(&b, 2) && sketch_batch_find(&b, 3));
    CHECK(!sketch_batch_find(&b, 5) && !sketch_batch_find(&b, 4));
    sketch_batch_forget(&b, 3);
    CHECK(!sketch_batch_find(&b, 3) && sketch_batch_find(&b, 2));
    /* 9 is held, so not read again; 3 was forgotten, so it is */
    sketch_reader_close(&r);
    CHECK_INT(sqlite3_exec(db,
                           "UPDATE similar_sketch SET sk = cast(printf('%064d', id + 100) AS BLOB) "
                           "WHERE id IN (3, 9)",
                           NULL, NULL, NULL),
              SQLITE_OK);
    long long more[] = {12, 7, 6, 11, 9, 3};
    CHECK_INT(sketch_batch_read(&b, &r, db, more, sizeof more / sizeof *more), 0);
    CHECK_INT((long)b.n, 6); /* 3, 6, 7 (no row), 9, 11, 12 */
    sk = sketch_batch_find(&b, 9);
    CHECK(sk && !memcmp(sk, "0000000000000000000000000000000000000000000000000000000000000009",
                        SIM_SKETCH));
    sk = sketch_batch_find(&b, 3);
    CHECK(sk && !memcmp(sk, "0000000000000000000000000000000000000000000000000000000000000103",
                        SIM_SKETCH));
    CHECK(sketch_batch_find(&b, 6) && sketch_batch_find(&b, 11) && sketch_batch_find(&b, 12));
    CHECK(!sketch_batch_find(&b, 7) && !sketch_batch_find(&b, 1) && !sketch_batch_find(&b, 2));
    sketch_reader_close(&r);
    sketch_batch_release(&b);
    sqlite3_close(db);
}

/* Ids marked once each, then in order from the marks (those past the bits
 * last, as they came), the marks cleared. */
static void test_marks(void)
{
    struct id_marks m = {0};
    long long in[] = {70000, 3, 64, 3, SIM_MARKS_MAX + 5, 63, 70000, 0, -2, 64};
    long long ids[10];
    size_t n = 0;
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        int e = marks_add(&m, in[i]);
        CHECK(e >= 0);
        if (e)
            ids[n++] = in[i];
    }
    CHECK_INT((long)n, 7);
    marks_sort(&m, ids, n);
    long long want[] = {0, 3, 63, 64, 70000, SIM_MARKS_MAX + 5, -2};
    CHECK(!memcmp(ids, want, sizeof want));
    CHECK_INT(marks_add(&m, 3), 1);
    marks_release(&m);
    /* no ids at all, as a chunk whose sketches are all held gives: no array */
    marks_sort(&m, NULL, 0);
    CHECK_INT(marks_add(&m, 3), 1);
    marks_release(&m);
}

static void test_titles(void)
{
    CHECK(sim_title("关于加快乡村道路建设的建议", "关于加快乡村道路建设的提案") == 1.0);
    CHECK(sim_title("关于加快乡村道路建设的建议", "关于进一步加快乡村道路建设的建议") > 0.6);
    CHECK(sim_title("關於加快鄉村道路建設的建議", "关于加快乡村道路建设") == 1.0);
    CHECK(sim_title("关于加快乡村道路建设的建议", "关于提高中小学教师待遇的建议") < 0.1);
    CHECK(sim_title(NULL, "关于加快乡村道路建设的建议") == 0.0);
    CHECK(sim_title("建议", "建议") == 0.0);
}

/* The pairs of a title the full-text index holds: two Han characters side by
 * side, folded, without 关于 and the kind; the total counts every pair sim_title
 * compares (with digits and Latin letters, across punctuation). */
/* A line of page chrome starts with a whole label: 下一篇 is chrome, 下一步 is not
 * (nor 来信 beside 来源). */
static void test_chrome_lines(void)
{
    struct sim_set x = {0};
    CHECK_INT(sim_shingles("下一篇：关于加强道路养护的答复", NULL, 0, &x), 0);
    CHECK_INT((long)x.n, 0);
    CHECK_INT(sim_shingles("來源：青山县交通运输局网站", NULL, 0, &x), 0);
    CHECK_INT((long)x.n, 0);
    CHECK_INT(sim_shingles("下一步加强道路养护", NULL, 0, &x), 0);
    CHECK_INT((long)x.n, 4); /* 8 characters (一 is a numeral), 4 shingles of 5 */
    CHECK_INT(sim_shingles("来信收悉现答复如下", NULL, 0, &x), 0);
    CHECK_INT((long)x.n, 5);
    sim_set_release(&x);
}

static void test_title_terms(void)
{
    struct sim_title_term t[16];
    size_t total = 0;
    CHECK_INT(sim_title_terms("關於加強電梯安全監管的建議", t, 16, &total), 7);
    CHECK_INT(total, 7);
    const char *want[] = {"加强", "强电", "电梯", "梯安", "安全", "全监", "监管"};
    for (int i = 0; i < 7; i++)
        CHECK_STR(t[i].text, want[i]);
    /* 2024 and G60 are pairs sim_title compares, not terms; nor is 廊长 (across 、);
     * 建设 twice is one term. */
    CHECK_INT(sim_title_terms("关于2024年加快G60科创走廊、长三角建设和建设的提案", t, 16, &total),
              11);
    const char *want2[] = {"年加", "加快", "科创", "创走", "走廊", "长三",
                           "三角", "角建", "建设", "设和", "和建"};
    for (int i = 0; i < 11; i++)
        CHECK_STR(t[i].text, want2[i]);
    CHECK_INT(total, 20); /* 21 pairs, 建设 twice */
    CHECK_INT(sim_title_terms("关于加快乡村道路建设的建议", t, 3, &total), 3);
    CHECK_STR(t[2].text, "乡村");
    CHECK_INT(total, 7);
    CHECK_INT(sim_title_terms(NULL, t, 16, &total), 0);
    CHECK_INT(total, 0);
}

static void put(struct db *db, struct similar *sim, struct letter *l, const char *number,
                const char *dele, const char *date, const char *text)
{
    struct diag d = DIAG_INIT;
    letter_init(l);
    letter_set(&l->body, "人大", strlen("人大"));
    letter_set(&l->department, "县交通运输局", strlen("县交通运输局"));
    if (number)
        letter_set(&l->number, number, strlen(number));
    if (date)
        letter_set(&l->date, date, strlen(date));
    if (dele)
        letter_add_delegate(l, dele, strlen(dele));
    letter_set(&l->text, text, strlen(text));
    enum db_put_result res;
    CHECK_INT(db_put_letter(db, l, &res, &d), 0);
    CHECK_INT(similar_add(sim, l, 0, &d), 0);
    if (diag_msg(&d)[0])
        fprintf(stderr, "%s\n", diag_msg(&d));
    diag_release(&d);
}

/* The archive of test_index and test_no_sketch, new: a reply (letter 1) and
 * the template sent to another proposal with one sentence changed (letter 2:
 * similar, not a copy) put in it; copy is the first from a page without its
 * header, for the test to put. */
struct replies {
    char path[sizeof "/tmp/dafu-test-similar-XXXXXX"];
    struct db *db;
    struct similar *sim;
    struct diag d;
    struct letter l[5]; /* l[0..n) put */
    int n;
    char *copy;
};

static void replies_put(struct replies *r, const char *number, const char *dele, const char *date,
                        const char *text)
{
    put(r->db, r->sim, &r->l[r->n++], number, dele, date, text);
}

static void replies_open(struct replies *r)
{
    memset(r, 0, sizeof *r);
    strcpy(r->path, "/tmp/dafu-test-similar-XXXXXX");
    temp_db_path(r->path);
    diag_init(&r->d);
    CHECK_INT(db_open(&r->db, r->path, DB_WRITE, &r->d), 0);
    CHECK_INT(similar_open(&r->sim, r->db, &r->d), 0);
    char *a = join("张三代表：\n", -1, "", "\n");
    char *t =
        join("李四代表：\n", 4, "鉴于本年度预算已经下达，新增项目只能列入明年计划统筹考虑。", "\n");
    replies_put(r, "124", "张三", "2023-08-08", a);
    replies_put(r, "130", "李四", "2023-08-20", t);
    free(a);
    free(t);
    r->copy = join("", -1, "", "");
}

static void replies_close(struct replies *r)
{
    similar_close(r->sim);
    for (int i = 0; i < r->n; i++)
        letter_release(&r->l[i]);
    free(r->copy);
    db_close(r->db);
    diag_release(&r->d);
    remove_db(r->path);
}

static void test_index(void)
{
    struct replies r;
    replies_open(&r);
    struct db *db = r.db;
    /* The first letter again, from a page without its header: a copy. */
    replies_put(&r, NULL, NULL, NULL, r.copy);
    /* Another letter altogether. */
    replies_put(
        &r, "131", "王五", "2023-08-21",
        "关于城区停车难的问题，我局会同公安交警部门进行了专题研究。老城区道路狭窄，新增停车泊位"
        "受到用地条件限制。今年计划在学校和医院周边施划临时停车位一百个。");
    /* Too short to compare. */
    replies_put(&r, "132", "赵六", "2023-08-22", "已办理。");
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_pair WHERE a < b"), 3);
    /* Each letter with a signature has its sketch, made of the signature of
     * its text (the archive keeps no signature, schema 031). */
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_sketch"), 4);
    CHECK_INT(SIM_MIN_SHINGLES, 8);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_sketch JOIN similar_sig USING (id) "
                           "WHERE shingles < 8"),
              0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_sig WHERE id NOT IN "
                           "(SELECT id FROM similar_sketch) AND shingles >= 8"),
              0);
    sqlite3_stmt *st = NULL, *rowst = NULL;
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db), "SELECT id, sk FROM similar_sketch", -1, &st, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db),
                                 "SELECT text, title, delegates, number_key, department_key, date "
                                 "FROM reply WHERE id = ?1",
                                 -1, &rowst, NULL),
              SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        uint32_t sig[SIM_K];
        uint8_t sk[SIM_SKETCH];
        struct row row = {0};
        struct sim_set set = {0};
        CHECK_INT(sqlite3_column_bytes(st, 1), (int)sizeof sk);
        CHECK(row_read(rowst, sqlite3_column_int64(st, 0), &row));
        CHECK_INT(row_shingles(&row, &set, 0), 0);
        sim_signature(&set, sig);
        sim_sketch(sig, sk);
        CHECK(!memcmp(sk, sqlite3_column_blob(st, 1), sizeof sk));
        sim_set_release(&set);
        row_release(&row);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(rowst);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_pair WHERE a = 1 AND b = 3 AND copy = 1 "
                           "AND score > 0.9"),
              1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_pair WHERE a = 1 AND b = 2 AND copy = 0 "
                           "AND score > 0.6"),
              1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_pair WHERE 4 IN (a, b) OR 5 IN (a, b)"),
              0);
    /* Both copies in one group named by the complete one. */
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_copy WHERE grp = 1"), 2);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_copy"), 2);
    /* Deleting a letter forgets its pairs and copies. */
    CHECK_INT(db_delete_letter(db, 3, &r.d), 1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_pair WHERE 3 IN (a, b)"), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_copy WHERE id = 3"), 0);
    replies_close(&r);
}

/* A candidate without a sketch (compared before schema 019) has its
 * signature made from its text instead: a later process (which keeps nothing of the first)
 * finds the same pairs when one candidate's sketch is missing, whether the
 * handle that reads sketches could not be moved to its row or not opened on
 * it. */
/* The band rows an import leaves waiting are moved at its end by what the
 * archive holds then: rows another connection wrote after its last commit stay
 * theirs (here fewer than 320 / 16 wait, and stay waiting). */
static void test_settle_other(void)
{
    CHECK_INT(setenv("DAFU_SIMILAR_RECENT_MAX", "320", 1), 0);
    struct replies r;
    replies_open(&r);
    CHECK(db_value(r.db, "SELECT count(*) FROM similar_band_waiting_rows") >= 20);
    struct db *other = NULL;
    CHECK_INT(db_open(&other, r.path, DB_WRITE, &r.d), 0);
    CHECK_INT(
        db_exec(other,
                "DELETE FROM similar_band_waiting; INSERT INTO similar_band_waiting(id, keys) "
                "VALUES (2, x'0100000000000100')",
                &r.d),
        0);
    db_close(other);
    CHECK_INT(similar_settle(r.sim, 2, &r.d), 0);
    CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_band_waiting"), 1);
    CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_band_ids"), 0);
    CHECK_INT(unsetenv("DAFU_SIMILAR_RECENT_MAX"), 0);
    replies_close(&r);
}

static void test_no_sketch(void)
{
    for (long long gone = 1; gone <= 2; gone++) {
        struct replies r;
        replies_open(&r);
        similar_close(r.sim);
        char sql[64];
        snprintf(sql, sizeof sql, "DELETE FROM similar_sketch WHERE id = %lld", gone);
        CHECK_INT(db_exec(r.db, sql, &r.d), 0);
        CHECK_INT(similar_open(&r.sim, r.db, &r.d), 0);
        replies_put(&r, NULL, NULL, NULL, r.copy);
        CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_pair WHERE a < b"), 3);
        CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_pair WHERE a = 1 AND b = 3 AND "
                                 "copy = 1 AND score > 0.9"),
                  1);
        CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_pair WHERE a = 2 AND b = 3 AND "
                                 "copy = 0 AND score > 0.6"),
                  1);
        replies_close(&r);
    }
    /* Without their sketches, and without their rows of similar_sig, both
     * candidates' signatures are made from their text: the same pairs. */
    struct replies r;
    replies_open(&r);
    similar_close(r.sim);
    CHECK_INT(db_exec(r.db, "DELETE FROM similar_sketch; DELETE FROM similar_sig", &r.d), 0);
    CHECK_INT(similar_open(&r.sim, r.db, &r.d), 0);
    replies_put(&r, NULL, NULL, NULL, r.copy);
    CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_pair WHERE a < b"), 3);
    CHECK_INT(db_value(r.db, "SELECT count(*) FROM similar_pair WHERE a = 1 AND b = 3 AND "
                             "copy = 1 AND score > 0.9"),
              1);
    replies_close(&r);
}

/* The filter of band values: no value that has rows is ever missed; values
 * without rows are mostly told apart (by the high 32 bits of their keys). */
/* A letter's candidates sorted by id, stably: against insertion sort, for
 * few and many, ids near each other and far apart. */
static void test_cand_sort(void)
{
    enum { N = 700 };
    static struct sim_cand c[N], want[N], tmp[N];
    static const size_t sizes[] = {0, 1, 2, 31, 32, 33, 97, 256, N};
    unsigned long long x = 7;
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++) {
        for (int spread = 0; spread < 3; spread++) {
            size_t n = sizes[t];
            for (size_t i = 0; i < n; i++) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                long long id = spread == 0   ? (long long)(x >> 58)         /* many repeats */
                               : spread == 1 ? 90000 + (long long)(x >> 50) /* one archive */
                                             : (long long)(x >> 2);         /* any */
                c[i] = (struct sim_cand){id, (double)i};
            }
            memcpy(want, c, n * sizeof *c);
            for (size_t i = 1; i < n; i++) {
                struct sim_cand v = want[i];
                size_t j = i;
                while (j > 0 && want[j - 1].id > v.id) {
                    want[j] = want[j - 1];
                    j--;
                }
                want[j] = v;
            }
            memo_cand_sort(c, tmp, n);
            int same = 1;
            for (size_t i = 0; i < n; i++)
                same &= c[i].id == want[i].id && c[i].est == want[i].est;
            CHECK(same);
        }
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_pend(const void *a, const void *b)
{
    const struct pend *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void test_filter(void)
{
    struct sim_memo m;
    CHECK_INT(memo_init(&m), 0);
    CHECK_INT(memo_filter_may(&m, 42), 1); /* not loaded: look every value up */
    enum { N = 3000 };
    static int64_t have[N];
    unsigned long long x = 99;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        /* repeats and keys sharing their high bits among them */
        have[i] = i % 7 == 3 ? have[i - 1] : i % 11 == 5 ? have[i - 1] ^ 1 : (int64_t)x;
    }
    for (int i = 0; i < N / 2; i++)
        CHECK_INT(memo_filter_push(&m, have[i]), 0);
    CHECK_INT(memo_filter_seal(&m), 0);
    /* the rest arrive as rows written, in passes of 500 */
    for (int i = N / 2; i < N; i += 500) {
        for (int k = i; k < i + 500 && k < N; k++)
            CHECK_INT(memo_pend_add(&m, have[k], k), 0);
        CHECK_INT(memo_filter_add_pend(&m), 0);
        memo_pend_clear(&m);
    }
    int missed = 0, told = 0;
    for (int i = 0; i < N; i++)
        missed += !memo_filter_may(&m, have[i]);
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        told += !memo_filter_may(&m, (int64_t)x);
    }
    CHECK_INT(missed, 0);
    CHECK_INT(told, N);
    /* It holds the high 32 bits of every key, each once, in order, 2 bytes
     * each: read back from the runs, they are those of have, sorted and
     * distinct. */
    static uint32_t want[N];
    for (int i = 0; i < N; i++)
        want[i] = (uint32_t)((uint64_t)have[i] >> 32);
    qsort(want, N, sizeof *want, cmp_u32);
    size_t nwant = 0;
    for (int i = 0; i < N; i++)
        if (!nwant || want[nwant - 1] != want[i])
            want[nwant++] = want[i];
    CHECK_INT((long long)m.filter.n, (long long)nwant);
    CHECK_INT(m.filter.at[0], 0);
    CHECK_INT(m.filter.at[SIM_FILTER_RUNS], (long long)nwant);
    int same = 1;
    for (size_t h = 0; h < SIM_FILTER_RUNS; h++)
        for (size_t i = m.filter.at[h]; i < m.filter.at[h + 1] && same; i++)
            same &= i < nwant && want[i] == ((uint32_t)h << 16 | m.filter.lo[i]);
    CHECK_INT(same, 1);
    CHECK(sizeof *m.filter.lo == 2);
    memo_filter_clear(&m);
    CHECK_INT(memo_filter_may(&m, 42), 1);
    /* Past SIM_FILTER_MAX values the filter is forgotten: every value is
     * looked up again. */
    int full = 0;
    for (long i = 0; i <= SIM_FILTER_MAX && !full; i++)
        full = memo_filter_push(&m, (int64_t)((uint64_t)i << 32)) != 0;
    CHECK_INT(full, 1);
    CHECK_INT(m.filter.valid, 0);
    CHECK_INT(memo_filter_may(&m, (int64_t)1 << 40), 1);
    /* and so when rows written would take it past */
    CHECK_INT(memo_filter_seal(&m), 0);
    int pushed = 0;
    for (long i = 0; i < SIM_FILTER_MAX - 10; i++)
        pushed |= memo_filter_push(&m, (int64_t)((uint64_t)i << 32));
    CHECK_INT(pushed, 0);
    CHECK_INT(memo_filter_seal(&m), 0);
    /* by count: values it holds already, and repeats, take no room; it may
     * hold SIM_FILTER_MAX values, not one more */
    for (int i = 0; i < 10; i++) {
        CHECK_INT(memo_pend_add(&m, (int64_t)((uint64_t)(SIM_FILTER_MAX - 10 + i) << 32 | 7), i),
                  0);
        CHECK_INT(memo_pend_add(&m, (int64_t)((uint64_t)(SIM_FILTER_MAX - 10 + i) << 32 | 8), i),
                  0);
        CHECK_INT(memo_pend_add(&m, (int64_t)((uint64_t)i << 32 | 9), i), 0);
    }
    CHECK_INT(memo_filter_add_pend(&m), 0);
    memo_pend_clear(&m);
    CHECK_INT(m.filter.valid, 1);
    CHECK_INT((long long)m.filter.n, SIM_FILTER_MAX);
    CHECK((long long)m.filter.cap <= SIM_FILTER_MAX);
    CHECK_INT(memo_filter_may(&m, (int64_t)((uint64_t)(SIM_FILTER_MAX - 1) << 32)), 1);
    CHECK_INT(memo_filter_may(&m, (int64_t)((uint64_t)SIM_FILTER_MAX << 32)), 0);
    CHECK_INT(memo_pend_add(&m, (int64_t)((uint64_t)5 << 32), 1), 0);
    CHECK_INT(memo_filter_add_pend(&m), 0); /* there already */
    memo_pend_clear(&m);
    CHECK_INT((long long)m.filter.n, SIM_FILTER_MAX);
    for (int i = 0; i < 20; i++)
        CHECK_INT(memo_pend_add(&m, (int64_t)((uint64_t)(SIM_FILTER_MAX + i) << 32), i), 0);
    CHECK_INT(memo_filter_add_pend(&m), -1);
    CHECK_INT(m.filter.valid, 0);
    CHECK_INT(memo_filter_may(&m, (int64_t)((uint64_t)SIM_FILTER_MAX << 32)), 1);
    memo_pend_clear(&m);
    memo_filter_clear(&m);
    /* The waiting rows, sorted by key (signed) and id. */
    for (int i = 0; i < N; i++)
        CHECK_INT(memo_pend_add(&m, i % 5 == 0 ? -have[i] : have[i] ^ (i % 3), (i * 7919) % N), 0);
    memo_pend_sort(&m);
    int in_order = m.npend == N;
    for (size_t i = 1; i < m.npend; i++)
        in_order &= m.pend[i - 1].key < m.pend[i].key ||
                    (m.pend[i - 1].key == m.pend[i].key && m.pend[i - 1].id <= m.pend[i].id);
    CHECK_INT(in_order, 1);
    /* and as qsort puts them: many rows of few keys (more rows of a key than
     * are sorted by insertion), keys on both sides of 0 */
    memo_pend_clear(&m);
    static struct pend ref[N];
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t key = have[(x >> 40) % 40] * ((x >> 20) % 2 ? -1 : 1);
        ref[i] = (struct pend){key, (long long)(x >> 50), -1};
        CHECK_INT(memo_pend_add(&m, ref[i].key, ref[i].id), 0);
    }
    qsort(ref, N, sizeof *ref, cmp_pend);
    memo_pend_sort(&m);
    same = m.npend == N;
    for (int i = 0; i < N && same; i++)
        same &= m.pend[i].key == ref[i].key && m.pend[i].id == ref[i].id;
    CHECK_INT(same, 1);
    /* A full value's letters are kept as 4-byte ids: one with an id past
     * them is not kept (its rows are read from the archive). */
    struct brow rows[3] = {{2, 5}, {3, 6}, {2, (long long)INT32_MAX}};
    CHECK_INT(memo_full_put(&m, 77, 2, rows, 3), 0);
    const int32_t *kept = memo_full(&m, 77);
    CHECK(kept != NULL && kept[0] == 2 && kept[1] == 5 && kept[2] == INT32_MAX);
    rows[0].id = (long long)INT32_MAX + 1;
    CHECK_INT(memo_full_put(&m, 78, 2, rows, 3), 0);
    CHECK(memo_full(&m, 78) == NULL);
    rows[1].id = -1; /* of another band: not looked at */
    rows[0].id = 9;
    CHECK_INT(memo_full_put(&m, 79, 2, rows, 3), 0);
    CHECK(memo_full(&m, 79) != NULL && memo_full(&m, 79)[0] == 2);
    memo_release(&m);
}

/* ---- a rebuild against a fresh import ---- */

static unsigned long long rng_state;

static unsigned rng(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

/* Invented sentences of a dozen Han characters drawn from one pool. */
static void sentence(struct buf *b)
{
    static const char pool[] = "道路交通水利教育卫生医疗养老就业住房农村城市资金项目建设管理"
                               "服务群众问题工作计划实施推进加强完善落实政策单位部门安全环境";
    size_t chars = (sizeof pool - 1) / 3;
    for (int i = 0; i < 12; i++)
        buf_add(b, pool + 3 * rng((unsigned)chars), 3);
    buf_adds(b, "。");
}

/* One JSON record a line: eight template groups of four letters (other
 * proposers, numbers, titles, dates; one sentence of twelve changed), six
 * letters with a copy (chrome lines, the same date and proposer) and thirty
 * letters of their own: 74. */
static void write_corpus(const char *path)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    rng_state = 7;
    int n = 0;
    struct buf base = BUF_INIT, text = BUF_INIT;
    for (int kind = 0; kind < 3; kind++) {
        int groups = kind == 0 ? 8 : kind == 1 ? 6 : 30;
        int members = kind == 0 ? 4 : kind == 1 ? 2 : 1;
        for (int g = 0; g < groups; g++) {
            char *sent[12];
            for (int k = 0; k < 12; k++) {
                buf_clear(&base);
                sentence(&base);
                sent[k] = buf_detach(&base);
            }
            for (int m = 0; m < members; m++) {
                n++;
                buf_clear(&text);
                if (kind == 1 && m)
                    buf_adds(&text, "发布机构：县人民政府办公室\n");
                buf_printf(&text, "代表%c%c：\n", 'A' + g % 26, 'A' + m);
                for (int k = 0; k < 12; k++) {
                    if (kind == 0 && m && k == m)
                        sentence(&text);
                    else
                        buf_adds(&text, sent[k]);
                }
                if (kind == 1 && m)
                    buf_adds(&text, "\n浏览次数：35");
                fprintf(f,
                        "{\"body\": \"人大\", \"department\": \"县交通运输局\", "
                        "\"number\": \"%d\", \"delegates\": [\"代表%c%c\"], "
                        "\"title\": \"关于第%d件事项的建议\", \"date\": \"2023-08-%02d\", "
                        "\"text\": \"",
                        n, 'A' + g % 26, kind == 1 ? 'A' : 'A' + m, n,
                        kind == 1 ? 1 + g : 1 + n % 28);
                for (size_t i = 0; i < text.len; i++)
                    if (text.data[i] == '\n')
                        fputs("\\n", f);
                    else
                        fputc(text.data[i], f);
                fputs("\"}\n", f);
            }
            for (int k = 0; k < 12; k++)
                free(sent[k]);
        }
    }
    buf_release(&base);
    buf_release(&text);
    CHECK_INT(fclose(f), 0);
}

static long import_some(struct db *db, const char *file, int defer)
{
    struct import_opts o;
    import_opts_init(&o);
    o.defer_similar = defer;
    struct import_stats st;
    memset(&st, 0, sizeof st);
    struct diag d = DIAG_INIT;
    struct import_hooks hooks = {NULL, NULL, NULL};
    char *paths[] = {(char *)file};
    CHECK_INT(import_paths(db, paths, 1, &o, &st, &hooks, &d), 0);
    diag_release(&d);
    return (long)st.added;
}

static void import_file(struct db *db, const char *file, int defer)
{
    CHECK_INT(import_some(db, file, defer), 74);
}

/* Every other line of the file `from` into `to`, starting with the first
 * (odd) or the second. */
static void every_other(const char *from, const char *to, int odd)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    CHECK(in != NULL && out != NULL);
    char line[8192];
    for (int n = 1; fgets(line, sizeof line, in); n++)
        if ((n % 2 == 1) == odd)
            fputs(line, out);
    fclose(in);
    CHECK_INT(fclose(out), 0);
}

/* The similarity tables, row by row, as text. */
static char *dump(struct db *db)
{
    static const char *const sql[] = {
        "SELECT id, shingles FROM similar_sig ORDER BY id",
        "SELECT key, id FROM similar_band UNION ALL SELECT key, id FROM similar_band_waiting_rows "
        "ORDER BY key, id",
        "SELECT a, b, score, copy FROM similar_pair ORDER BY a, b",
        "SELECT id, grp FROM similar_copy ORDER BY id",
        "SELECT id FROM similar_pending ORDER BY id",
        "SELECT id, hex(sk) FROM similar_sketch ORDER BY id",
    };
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        sqlite3_stmt *st = NULL;
        CHECK_INT(sqlite3_prepare_v2(db_sqlite(db), sql[i], -1, &st, NULL), SQLITE_OK);
        buf_printf(&b, "%s\n", sql[i]);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++)
                buf_printf(&b, "%s%s", c ? " " : "", (const char *)sqlite3_column_text(st, c));
            buf_addch(&b, '\n');
        }
        sqlite3_finalize(st);
    }
    return buf_detach(&b);
}

static void test_rebuild(void)
{
    char dir[] = "/tmp/dafu-test-rebuild-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char file[64], fresh[64], old[64], moved[64], halves[64], halves2[64];
    snprintf(file, sizeof file, "%s/letters.jsonl", dir);
    snprintf(fresh, sizeof fresh, "%s/fresh.db", dir);
    snprintf(old, sizeof old, "%s/old.db", dir);
    snprintf(moved, sizeof moved, "%s/moved.db", dir);
    snprintf(halves, sizeof halves, "%s/halves.db", dir);
    snprintf(halves2, sizeof halves2, "%s/halves2.db", dir);
    write_corpus(file);
    struct diag d = DIAG_INIT;
    struct db *a = NULL, *b = NULL, *c = NULL;
    CHECK_INT(db_open(&a, fresh, DB_WRITE, &d), 0);
    import_file(a, file, 0);
    char *want = dump(a);
    /* What the corpus plants is there: pairs, copies, nothing waiting. */
    CHECK_INT(db_value(a, "SELECT count(*) FROM similar_pair WHERE a < b AND copy = 0"), 8 * 6);
    CHECK_INT(db_value(a, "SELECT count(*) FROM similar_pair WHERE a < b AND copy = 1"), 6);
    CHECK_INT(db_value(a, "SELECT count(DISTINCT grp) FROM similar_copy"), 6);
    CHECK_INT(db_value(a, "SELECT count(*) FROM similar_pending"), 0);

    /* The same archive with its similarity tables' rows dropped, and a wrong
     * pair, a wrong band row and a wrong group put in: rebuilt as imported. */
    CHECK_INT(
        db_exec(
            a,
            "DELETE FROM similar_sig; DELETE FROM similar_band_ids; "
            "DELETE FROM similar_band_waiting; DELETE FROM similar_pair; DELETE FROM similar_copy; "
            "INSERT INTO similar_pair VALUES (1, 74, 0.9, 1), (74, 1, 0.9, 1); "
            "INSERT INTO similar_band_ids VALUES (12345, '3'); "
            "INSERT INTO similar_copy VALUES (5, 9), (9, 9)",
            &d),
        0);
    struct similar_rebuilt r;
    CHECK_INT(similar_rebuild(a, &r, &d), 0);
    char *got = dump(a);
    CHECK_STR(got, want);
    CHECK_INT(r.letters, 74);
    CHECK_INT(r.with_sig, 74);
    CHECK_INT(r.pairs, 8 * 6 + 6);
    CHECK_INT(r.copies, 6);
    CHECK_INT(r.groups, 6);
    CHECK_INT(r.bands, db_value(a, "SELECT (SELECT count(*) FROM similar_band) + "
                                   "(SELECT count(*) FROM similar_band_waiting_rows)"));
    /* 74 letters' band rows are under SIM_RECENT_MAX: all of them waiting,
     * one row a letter. */
    CHECK_INT(db_value(a, "SELECT count(*) FROM similar_band"), 0);
    CHECK(db_value(a, "SELECT count(*) FROM similar_band_waiting_rows") > 74);
    CHECK_INT(db_value(a, "SELECT count(*) FROM similar_band_waiting"), 74);
    CHECK_INT(db_value(a, "SELECT count(DISTINCT id) FROM similar_band_waiting"), 74);
    free(got);

    /* Letters imported without comparing them (all waiting): the same. */
    CHECK_INT(db_open(&b, old, DB_WRITE, &d), 0);
    import_file(b, file, 1);
    CHECK_INT(db_value(b, "SELECT count(*) FROM similar_pending"), 74);
    CHECK_INT(similar_rebuild(b, &r, &d), 0);
    got = dump(b);
    CHECK_STR(got, want);
    free(got);

    /* Band rows moved into similar_band every 100 rows, within a pass and
     * at its end, by an import and by a rebuild: the same rows, and those
     * of the moved values are found (the same pairs). */
    CHECK_INT(setenv("DAFU_SIMILAR_RECENT_MAX", "100", 1), 0);
    CHECK_INT(db_open(&c, moved, DB_WRITE, &d), 0);
    import_file(c, file, 0);
    got = dump(c);
    CHECK_STR(got, want);
    free(got);
    CHECK(db_value(c, "SELECT count(*) FROM similar_band") > 100);
    CHECK(db_value(c, "SELECT count(*) FROM similar_band_waiting_rows") < 100);
    CHECK_INT(similar_rebuild(c, &r, &d), 0);
    got = dump(c);
    CHECK_STR(got, want);
    free(got);
    CHECK(db_value(c, "SELECT count(*) FROM similar_band") > 100);
    CHECK_INT(unsetenv("DAFU_SIMILAR_RECENT_MAX"), 0);
    free(want);

    /* Two imports, each letter of the second half a group mate of one of the
     * first: the second process reads the first's band rows from both tables
     * (all recent by default; mostly moved with 100). The pairs are all
     * found, and a rebuild leaves the same tables. */
    char odd[64], even[64];
    snprintf(odd, sizeof odd, "%s/odd.jsonl", dir);
    snprintf(even, sizeof even, "%s/even.jsonl", dir);
    every_other(file, odd, 1);
    every_other(file, even, 0);
    struct db *x = NULL, *y = NULL;
    CHECK_INT(db_open(&x, halves, DB_WRITE, &d), 0);
    CHECK_INT(import_some(x, odd, 0), 37);
    CHECK_INT(import_some(x, even, 0), 37);
    CHECK_INT(db_value(x, "SELECT count(*) FROM similar_pair WHERE a < b"), 8 * 6 + 6);
    CHECK_INT(db_value(x, "SELECT count(*) FROM similar_band"), 0);
    want = dump(x);
    CHECK_INT(setenv("DAFU_SIMILAR_RECENT_MAX", "100", 1), 0);
    CHECK_INT(db_open(&y, halves2, DB_WRITE, &d), 0);
    CHECK_INT(import_some(y, odd, 0), 37);
    CHECK_INT(import_some(y, even, 0), 37);
    CHECK(db_value(y, "SELECT count(*) FROM similar_band") > 100);
    /* each import a quarter of the archive or more, its rows left waiting
     * (over 100 / 16) moved at its end (similar_settle) */
    CHECK_INT(db_value(y, "SELECT count(*) FROM similar_band_waiting"), 0);
    /* the second import's rows were appended to the rows of the values the
     * first had moved (not read): each letter once a value */
    CHECK_INT(db_value(y, "SELECT count(*) FROM (SELECT key, id FROM similar_band "
                          "GROUP BY key, id HAVING count(*) > 1)"),
              0);
    CHECK(db_value(y, "SELECT count(*) FROM similar_band_ids WHERE dafu_band_count(ids) > 1") > 0);
    got = dump(y);
    CHECK_STR(got, want);
    free(got);
    CHECK_INT(unsetenv("DAFU_SIMILAR_RECENT_MAX"), 0);
    CHECK_INT(similar_rebuild(x, &r, &d), 0);
    got = dump(x);
    CHECK_STR(got, want);
    free(got);
    free(want);
    db_close(x);
    db_close(y);
    remove_db(halves);
    remove_db(halves2);
    remove(odd);
    remove(even);
    db_close(a);
    db_close(b);
    db_close(c);
    remove_db(fresh);
    remove_db(old);
    remove_db(moved);
    remove(file);
    rmdir(dir);
    diag_release(&d);
}

/* The waiting band rows of an archive: a row whose keys are not whole is
 * an error naming the archive and the reply; an archive whose band rows
 * waited one a row (schema 015) and were one a letter and value (before 025)
 * has the same rows once opened. A band value's letters that are not a list
 * of ids are an error naming the archive and the value. */
static void test_waiting(void)
{
    char dir[] = "/tmp/dafu-test-waiting-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char file[64], path[64];
    snprintf(file, sizeof file, "%s/letters.jsonl", dir);
    snprintf(path, sizeof path, "%s/a.db", dir);
    write_corpus(file);
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    import_file(db, file, 0);
    char *want = dump(db);
    long long rows = db_value(db, "SELECT count(*) FROM similar_band_waiting_rows");
    CHECK(rows > 74);

    /* The rows as schema 015 kept them, migrations 021 and 025 not applied
     * yet; some band rows moved already (a row a value and letter). */
    long long moved = db_value(db, "SELECT count(*) FROM similar_band_waiting_rows WHERE id <= 30");
    CHECK(moved > 30);
    CHECK_INT(db_exec(db,
                      "DROP VIEW similar_band; "
                      "CREATE TABLE similar_band (key INTEGER NOT NULL, id INTEGER NOT NULL, "
                      "PRIMARY KEY (key, id)) WITHOUT ROWID; "
                      "INSERT INTO similar_band SELECT b.key, j.value FROM similar_band_ids AS b, "
                      "json_each('[' || dafu_band_ids(b.ids) || ']') AS j; "
                      "INSERT INTO similar_band SELECT key, id FROM similar_band_waiting_rows "
                      "WHERE id <= 30; "
                      "DELETE FROM similar_band_waiting WHERE id <= 30; "
                      "DROP TABLE similar_band_ids; "
                      "CREATE TABLE similar_band_recent (id INTEGER NOT NULL, key INTEGER NOT "
                      "NULL, PRIMARY KEY (id, key)) WITHOUT ROWID; "
                      "INSERT INTO similar_band_recent SELECT id, key FROM "
                      "similar_band_waiting_rows; "
                      "DROP VIEW similar_band_waiting_rows; DROP TABLE similar_band_waiting; "
                      "DELETE FROM schema_migration WHERE version IN (21, 25, 47, 51)",
                      &d),
              0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band"), moved);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band"), rows);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band_waiting"), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'similar_band_recent'"),
              0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'similar_band' AND "
                           "type = 'view'"),
              1);
    CHECK(db_value(db, "SELECT count(*) FROM similar_band_ids") > 0);
    char *got = dump(db);
    CHECK_STR(got, want);
    free(got);

    /* The letters of a band value that are not a list of ids: a copy of
     * letter 1 looks its values up. */
    struct similar *sim = NULL;
    CHECK_INT(similar_open(&sim, db, &d), 0);
    long long bad = db_value(db, "SELECT min(key) FROM similar_band WHERE id = 1");
    CHECK_INT(db_exec(db,
                      "UPDATE similar_band_ids SET ids = x'80' WHERE key = "
                      "(SELECT (min(key) >> 48) & 65535 FROM similar_band WHERE id = 1)",
                      &d),
              0);
    struct letter l;
    letter_init(&l);
    sqlite3_stmt *st = NULL;
    CHECK_INT(
        sqlite3_prepare_v2(db_sqlite(db), "SELECT text FROM reply WHERE id = 1", -1, &st, NULL),
        SQLITE_OK);
    CHECK_INT(sqlite3_step(st), SQLITE_ROW);
    letter_set(&l.text, (const char *)sqlite3_column_text(st, 0),
               (size_t)sqlite3_column_bytes(st, 0));
    sqlite3_finalize(st);
    letter_set(&l.department, "县交通运输局", strlen("县交通运输局"));
    enum db_put_result res;
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(similar_add(sim, &l, 0, &d), -1);
    char seen[128];
    snprintf(seen, sizeof seen, "the letters of band value %lld in similar_band_ids are not a list",
             bad);
    CHECK(strstr(diag_msg(&d), seen) != NULL);
    CHECK(strstr(diag_msg(&d), path) != NULL);
    letter_release(&l);
    similar_close(sim);
    diag_clear(&d);

    /* A row of 12 bytes. */
    CHECK_INT(
        db_exec(db, "INSERT INTO similar_band_waiting(id, keys) VALUES (7, zeroblob(12))", &d), 0);
    CHECK_INT(similar_open(&sim, db, &d), 0);
    letter_init(&l);
    const char *text =
        "关于加强农村公路养护的建议收悉，现答复如下：今年安排专项资金用于县乡道路的日常养护。";
    letter_set(&l.text, text, strlen(text));
    letter_set(&l.department, "县交通运输局", strlen("县交通运输局"));
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(similar_add(sim, &l, 0, &d), -1);
    CHECK(strstr(diag_msg(&d), "band keys waiting for reply 7 are 12 bytes long") != NULL);
    CHECK(strstr(diag_msg(&d), path) != NULL);
    letter_release(&l);
    similar_close(sim);
    free(want);
    db_close(db);
    remove_db(path);
    remove(file);
    rmdir(dir);
    diag_release(&d);
}

int main(void)
{
    test_jaccard();
    test_scores();
    test_signature();
    test_sketch();
    test_sketch_batch();
    test_marks();
    test_titles();
    test_title_terms();
    test_chrome_lines();
    test_index();
    test_settle_other();
    test_no_sketch();
    test_filter();
    test_cand_sort();
    test_rebuild();
    test_waiting();
    return check_done();
}
