/* vocab: the words of a letter's closed fields (see vocab.h). */
#include "model/vocab.h"

#include <string.h>

const char *const vocab_kinds[] = {"建议", "议案", "提案", NULL};
const char *const vocab_bodies[] = {"人大", "政协", "党代会", NULL};
const char *const vocab_categories[] = {"A", "B", "C", NULL};

int vocab_index(const char *const *list, const char *s)
{
    for (int i = 0; s && list[i]; i++)
        if (!strcmp(list[i], s))
            return i;
    return -1;
}

const char *vocab_body_of_kind(const char *kind)
{
    if (!kind)
        return NULL;
    return !strcmp(kind, vocab_kinds[2]) ? vocab_bodies[VOCAB_CPPCC] : vocab_bodies[VOCAB_NPC];
}
