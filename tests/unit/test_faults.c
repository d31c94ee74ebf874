/* Faults inside the archive: a read interrupted at any point never yields half
 * a letter; a record's proposers are deduplicated in one pass and capped. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store/db.h"
#include "util.h"

#define NAMES 3000

struct stop_after {
    int calls;
};

static int stop_now(void *ctx)
{
    ((struct stop_after *)ctx)->calls++;
    return 1; /* interrupt at the first call: `steps` VM steps into the statement */
}

int main(void)
{
    char path[] = "/tmp/dafu-test-faults-XXXXXX";
    temp_db_path(path);
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);

    /* A letter with many proposers, from a JSON record that lists each twice. */
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "text", "湖北省测试厅关于第0001号建议的答复。答复全文。");
    cJSON_AddStringToObject(rec, "number", "0001");
    cJSON *arr = cJSON_AddArrayToObject(rec, "delegates");
    char name[32];
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < NAMES; i++) {
            snprintf(name, sizeof name, "代表%d", i);
            cJSON_AddItemToArray(arr, cJSON_CreateString(name));
        }
    struct letter l;
    letter_init(&l);
    CHECK_INT(letter_from_json(&l, rec, &d), 0);
    CHECK_INT(l.n_delegates, NAMES);
    CHECK_STR(l.delegates[0], "代表0");
    CHECK_STR(l.delegates[NAMES - 1], "代表2999");
    enum db_put_result res;
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long id = l.id;
    letter_release(&l);

    /* More names than a letter may have: the record is refused, saying so. */
    for (int i = NAMES; i < LETTER_MAX_DELEGATES + 1; i++) {
        snprintf(name, sizeof name, "代表%d", i);
        cJSON_AddItemToArray(arr, cJSON_CreateString(name));
    }
    letter_init(&l);
    CHECK_INT(letter_from_json(&l, rec, &d), -1);
    CHECK(strstr(diag_msg(&d), "more than the 10000 a letter may have") != NULL);
    letter_release(&l);
    cJSON_Delete(rec);

    /* The time limit may strike at any step of reading the letter: the answer is
     * the whole letter or an error, never the letter with part of its list. */
    int whole = 0, interrupted = 0, partial = 0;
    for (int steps = 1; steps < 2000000; steps += steps < 200 ? 7 : steps / 8) {
        struct stop_after s = {0};
        db_progress(db, steps, stop_now, &s);
        letter_init(&l);
        int rc = db_get_letter(db, id, &l, &d);
        db_progress(db, 0, NULL, NULL);
        if (rc == 1 && l.n_delegates == NAMES)
            whole++;
        else if (rc == 1)
            partial++;
        else if (rc < 0 && strstr(diag_msg(&d), "interrupted"))
            interrupted++;
        letter_release(&l);
        if (rc == 1 && !s.calls)
            break; /* the limit was never reached: done */
    }
    CHECK_INT(partial, 0);
    CHECK(interrupted > 10);
    CHECK(whole >= 1);
    printf("interrupted %d times, whole %d, partial %d\n", interrupted, whole, partial);

    db_close(db);
    remove_db(path);
    diag_release(&d);
    return check_done();
}
