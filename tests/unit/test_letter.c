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
                 "\"source\":null,\"sha256\":null}");
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
    letter_release(&l);
    diag_release(&d);
    return check_done();
}
