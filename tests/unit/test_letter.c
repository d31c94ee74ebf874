/* Unit tests of struct letter: JSON round trip, number keys, hashing. */
#include <stdlib.h>

#include "check.h"
#include "model/letter.h"

int main(void)
{
    /* Number keys: the forms people type meet in one key. */
    const char *same[] = {"0831", "831", "第0831号", "０８３１", "第831号", " 0831 "};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char *k = letter_number_key(same[i]);
        CHECK_STR(k, "831");
        free(k);
    }
    char *k = letter_number_key("台52");
    CHECK_STR(k, "台52");
    free(k);
    k = letter_number_key("台052");
    CHECK_STR(k, "台52");
    free(k);
    k = letter_number_key("0");
    CHECK_STR(k, "0");
    free(k);
    CHECK(letter_number_key("") == NULL);
    CHECK_INT(letter_number_int("0831"), 831);
    CHECK_INT(letter_number_int("台52"), 52);
    CHECK_INT(letter_number_int("20220004"), 20220004);
    CHECK_INT(letter_number_int("来信"), -1);
    /* a list or a range sorts by its first number; a number with its part by the part */
    CHECK_INT(letter_number_int("12、15"), 12);
    CHECK_INT(letter_number_int("12至15"), 12);
    CHECK_INT(letter_number_int("12~15、20"), 12);
    CHECK_INT(letter_number_int("4-1"), 1);

    /* A key names the numbers of its list and those inside its range, keys all. */
    static const struct {
        const char *key, *q;
        int want;
    } names[] = {{"12至15", "12", 1},
                 {"12至15", "13", 1},
                 {"12至15", "15", 1},
                 {"12至15", "11", 0},
                 {"12至15", "16", 0},
                 {"12至15", "12至15", 1},
                 {"12至15", "1", 0},
                 {"12至15", "a13", 0},
                 {"31到34", "33", 1},
                 {"31~34", "33", 1},
                 {"31—34", "33", 1},
                 {"31-34", "33", 1},
                 {"31-34", "35", 0},
                 {"a12-a15", "a13", 1}, /* one prefix, before both */
                 {"a12-15", "a15", 1},  /* or before the first */
                 {"a12-a15", "13", 0},
                 {"a12-b15", "a13", 0},
                 {"263、271", "271", 1},
                 {"263、271", "27", 0},
                 {"3、12至15、20", "14", 1},
                 {"3、12至15、20", "3", 1},
                 {"3、12至15、20", "20", 1},
                 {"3、12至15、20", "16", 0},
                 {"4-1", "2", 0}, /* a number and its part, no range */
                 {"4-1", "4-1", 1},
                 {"15至12", "13", 0},
                 /* at most LETTER_RANGE_SPAN numbers: wider is no range ("1至99999") */
                 {"1至100", "50", 1},
                 {"1至101", "50", 0},
                 {"1至99999", "13", 0},
                 {"1至99999", "1至99999", 1},
                 {"1至9999999999999", "5", 0},
                 {NULL, "5", 0},
                 {"5", "", 0}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK_INT(letter_number_names(names[i].key, names[i].q), names[i].want);

    /* JSON: every field out and back; absent ones are null. */
    struct letter l;
    letter_init(&l);
    letter_set(&l.body, "人大", 6);
    letter_set(&l.number, "0831", 4);
    letter_set(&l.text, "正文", 6);
    l.term = 14;
    letter_add_delegate(&l, "何如球", 9);
    letter_add_delegate(&l, "何如球", 9); /* duplicates collapse */
    CHECK_INT(l.n_delegates, 1);
    cJSON *j = letter_to_json(&l);
    char *s = cJSON_PrintUnformatted(j);
    CHECK_STR(s, "{\"id\":null,\"body\":\"人大\",\"level\":null,\"region\":null,\"term\":14,"
                 "\"session\":null,\"kind\":null,\"number\":\"0831\",\"department\":null,"
                 "\"delegates\":[\"何如球\"],\"delegate_count\":null,\"title\":null,"
                 "\"doc_number\":null,\"date\":null,\"category\":null,\"text\":\"正文\","
                 "\"source\":null,\"sha256\":null,\"evidence\":null}");
    struct letter back;
    letter_init(&back);
    struct diag d = DIAG_INIT;
    CHECK_INT(letter_from_json(&back, j, &d), 0);
    CHECK_STR(back.number, "0831");
    CHECK_INT(back.term, 14);
    CHECK_INT(back.n_delegates, 1);
    CHECK_STR(back.delegates[0], "何如球");
    free(s);
    cJSON_Delete(j);
    letter_release(&back);

    /* Evidence: an object out and back exactly; anything but an object or null is
     * an error naming it. */
    {
        const char *ev = "{\"number\":{\"from\":\"header\",\"line\":\"第0831号建议的答复\"}}";
        letter_set(&l.evidence, ev, strlen(ev));
        cJSON *j2 = letter_to_json(&l);
        struct letter back2;
        letter_init(&back2);
        CHECK_INT(letter_from_json(&back2, j2, &d), 0);
        CHECK_STR(back2.evidence, ev);
        letter_release(&back2);
        cJSON_Delete(j2);
        cJSON *bad = cJSON_Parse("{\"text\":\"正文\",\"evidence\":\"header\"}");
        letter_init(&back2);
        CHECK_INT(letter_from_json(&back2, bad, &d), -1);
        CHECK_STR(diag_msg(&d), "field 'evidence' must be an object or null");
        letter_release(&back2);
        cJSON_Delete(bad);
        diag_clear(&d);
    }

    /* Wrong types are errors that name the field. */
    cJSON *bad = cJSON_Parse("{\"text\":\"x\",\"term\":\"14\"}");
    letter_init(&back);
    CHECK_INT(letter_from_json(&back, bad, &d), -1);
    CHECK_STR(diag_msg(&d), "field 'term' must be a whole number or null");
    cJSON_Delete(bad);
    letter_release(&back);
    bad = cJSON_Parse("{\"number\":\"1\"}");
    letter_init(&back);
    CHECK_INT(letter_from_json(&back, bad, &d), -1);
    CHECK_STR(diag_msg(&d), "record has no 'text'");
    cJSON_Delete(bad);
    letter_release(&back);

    /* The hash is of the normalized text: line breaks inside Chinese do not count. */
    struct letter a, b;
    letter_init(&a);
    letter_init(&b);
    letter_set(&a.text, "有色金属", 12);
    letter_set(&b.text, "有色\n金属", 13);
    letter_hash(&a);
    letter_hash(&b);
    CHECK_STR(a.sha256, b.sha256);
    CHECK_INT(strlen(a.sha256), 64);
    letter_release(&a);
    letter_release(&b);

    /* The hash is SHA-256 (FIPS 180-4): known digests of texts the normalization
     * leaves as they are, of one block, two blocks and many. */
    static const struct {
        const char *text;
        const char *sha256;
    } known[] = {
        {NULL, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"有色金属产业是我省的重要传统产业",
         "2e9e45e375dd93cf917c1929b877738764a863079d3bd2af04dcb1169bbd22f2"},
        {"", "5b0d30b4e1966f7323df436fc5fcebe72d0b5c661fb421a2d26abd771b4ceba5"}, /* 答复 x1000 */
    };
    struct buf many = BUF_INIT;
    for (int i = 0; i < 1000; i++)
        buf_adds(&many, "答复");
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        struct letter h;
        letter_init(&h);
        const char *t = known[i].text && !*known[i].text ? many.data : known[i].text;
        if (t)
            letter_set(&h.text, t, strlen(t));
        CHECK_INT(letter_hash(&h), 0);
        CHECK_STR(h.sha256, known[i].sha256);
        letter_release(&h);
    }
    buf_release(&many);

    /* Two readings are the same when their stated fields and evidence are: the
     * text, the source and the hash aside. a and b are released, empty. */
    CHECK_INT(letter_same_fields(&a, &b), 1);
    letter_set(&a.number, "0831", 4);
    letter_set(&b.number, "0831", 4);
    letter_add_delegate(&a, "何如球", strlen("何如球"));
    letter_add_delegate(&b, "何如球", strlen("何如球"));
    a.term = b.term = 14;
    letter_set(&a.text, "甲", strlen("甲"));
    letter_set(&b.text, "乙", strlen("乙"));
    letter_set(&a.source, "a.txt", 5);
    CHECK_INT(letter_same_fields(&a, &b), 1);
    b.delegate_count = 13; /* LETTER_IF_STATED */
    CHECK_INT(letter_same_fields(&a, &b), 0);
    b.delegate_count = 0;
    letter_add_delegate(&b, "张三", strlen("张三"));
    CHECK_INT(letter_same_fields(&a, &b), 0);
    CHECK_INT(letter_same_fields(&b, &a), 0);
    letter_add_delegate(&a, "张三", strlen("张三"));
    letter_set(&a.evidence, "{}", 2);
    CHECK_INT(letter_same_fields(&a, &b), 0);
    letter_set(&b.evidence, "{}", 2);
    CHECK_INT(letter_same_fields(&a, &b), 1);
    letter_set(&b.title, "", 0); /* stated empty is not unstated */
    CHECK_INT(letter_same_fields(&a, &b), 0);
    letter_release(&a);
    letter_release(&b);

    letter_release(&l);
    diag_release(&d);
    return check_done();
}
