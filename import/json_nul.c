/* json_nul: \u0000 in JSON records (see json_nul.h). */
#include "import/json_nul.h"

#include <string.h>
#include <strings.h>

/* cJSON ends a string at a \u0000, cutting the field silently. When s holds
 * that escape, out gets s with each one as \uffff (a noncharacter), so
 * put_record can name the field that held it; returns 1 then, 2 when s holds
 * U+FFFF of its own (the field cannot be told), 0 when s has no \u0000. */
int json_nul_mark(const char *s, size_t len, struct buf *out)
{
    int found = 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '\\') {
            if (s[i + 1] == 'u' && i + 6 <= len && !memcmp(s + i + 2, "0000", 4)) {
                found = 1;
                break;
            }
            i++;
        }
    if (!found)
        return 0;
    int own = 0;
    for (size_t i = 0; i < len; i++) {
        if (i + 3 <= len && !memcmp(s + i, "\xEF\xBF\xBF", 3))
            own = 1;
        if (s[i] == '\\' && i + 6 <= len && (s[i + 1] == 'u' || s[i + 1] == 'U') &&
            !strncasecmp(s + i + 2, "ffff", 4))
            own = 1;
        if (s[i] == '\\' && i + 1 < len) {
            if (s[i + 1] == 'u' && i + 6 <= len && !memcmp(s + i + 2, "0000", 4)) {
                buf_adds(out, "\\uffff");
                i += 5;
            } else {
                buf_add(out, s + i, 2);
                i++;
            }
            continue;
        }
        buf_addch(out, s[i]);
    }
    return own ? 2 : 1;
}

/* The first field of obj whose string (or, for a list, one of whose strings)
 * holds U+FFFF, or NULL. */
const char *json_nul_field(const cJSON *obj)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, obj)
    {
        if (cJSON_IsString(f) && strstr(f->valuestring, "\xEF\xBF\xBF"))
            return f->string;
        if (cJSON_IsArray(f)) {
            const cJSON *it;
            cJSON_ArrayForEach(it, f)
            {
                if (cJSON_IsString(it) && strstr(it->valuestring, "\xEF\xBF\xBF"))
                    return f->string;
            }
        }
    }
    return NULL;
}
