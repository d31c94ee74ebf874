/* html: web page -> text (see html.h). */
#include "import/html.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "text/text.h"

/* How far into a page its charset declaration and its first tags are looked for. */
#define SNIFF_BYTES 8192

static int ci_prefix(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && !strncasecmp(s, p, n);
}

/* Case-insensitive search for needle (which starts with '<') in s[0..len). */
static const char *ci_find_tag(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    const char *end = s + len;
    const char *p = s;
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        if ((size_t)(end - p) < n)
            return NULL;
        if (!strncasecmp(p, needle, n))
            return p;
        p++;
    }
    return NULL;
}

/* Case-insensitive search for needle in s[0..len). */
static const char *ci_find(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    int c0 = (unsigned char)needle[0];
    for (size_t i = 0; i + n <= len; i++)
        if ((s[i] | 0x20) == (c0 | 0x20) && !strncasecmp(s + i, needle, n))
            return s + i;
    return NULL;
}

static int is_markup(const char *s, size_t len);
static int escaped_page(const char *s, size_t len);

int html_looks_like(const char *s, size_t len)
{
    /* Every sign below starts at a '<', or at an '&' of markup a site escaped:
     * a letter that holds neither (most do) is no page, without a walk of its
     * lines. */
    if (!memchr(s, '<', len) && !memchr(s, '&', len))
        return 0;
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    for (;;) {
        while (i < len && strchr(" \t\r\n\f", s[i]))
            i++;
        /* A comment left at the top of a text file (<!--StartFragment-->) says
         * nothing: look at what follows it. */
        if (i + 4 <= len && !memcmp(s + i, "<!--", 4)) {
            const char *e = ci_find(s + i + 4, len - i - 4, "-->");
            if (!e)
                break;
            i = (size_t)(e - s) + 3;
            continue;
        }
        break;
    }
    if (i + 1 < len && s[i] == '<') {
        unsigned char c = (unsigned char)s[i + 1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '?')
            return 1;
    }
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    /* A page's source pasted from below its top (a line of text, then <p>,
     * <br>, <td> on most lines) is still the page. */
    return ci_find_tag(s, n, "<html") || ci_find_tag(s, n, "<body") || is_markup(s, len) ||
           escaped_page(s, len);
}

static int charset_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
}

/* Reads the value after `key` (charset or encoding) in tag[0..len). */
static int value_after(const char *tag, size_t len, const char *key, char *name, size_t cap)
{
    const char *k = ci_find(tag, len, key);
    if (!k)
        return 0;
    const char *p = k + strlen(key);
    const char *end = tag + len;
    while (p < end && strchr(" \t\r\n", *p))
        p++;
    if (p >= end || *p != '=')
        return 0;
    p++;
    while (p < end && strchr(" \t\r\n\"'", *p))
        p++;
    size_t n = 0;
    while (p + n < end && charset_char(p[n]))
        n++;
    if (!n || n >= cap)
        return 0;
    memcpy(name, p, n);
    name[n] = '\0';
    return 1;
}

int html_declared_charset(const char *s, size_t len, char *name, size_t cap)
{
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    const char *p = s;
    const char *end = s + n;
    if (ci_prefix(s, n, "<?xml")) {
        const char *close = memchr(s, '>', n);
        if (close && value_after(s, (size_t)(close - s), "encoding", name, cap))
            return 1;
    }
    while ((p = ci_find_tag(p, (size_t)(end - p), "<meta"))) {
        const char *close = memchr(p, '>', (size_t)(end - p));
        if (!close)
            break;
        if (value_after(p, (size_t)(close - p), "charset", name, cap))
            return 1;
        p = close;
    }
    return 0;
}

/* ---- text extraction ---- */

/* A rule of the page's own style sheets that hides what it selects: one simple
 * selector (an element name, classes, an id, as `.x`, `div.x.y`, `#x`), whose
 * declarations say display:none or visibility:hidden. A selector with a
 * combinator, an attribute or a pseudo-class, and a rule inside an at-rule
 * (@media print), hide only in a context, and are not kept. */
#define HIDE_RULES 32
#define HIDE_NAME 48
#define HIDE_CLASSES 3

struct hide_rule {
    char tag[HIDE_NAME];
    char id[HIDE_NAME];
    char classes[HIDE_CLASSES][HIDE_NAME];
    int nclass;
};

struct walk {
    struct buf *out;
    int depth;          /* open elements */
    int skip_from;      /* depth of the element being dropped, 0 when none */
    int pre;            /* inside <pre>: white space kept */
    int line_start;     /* nothing but indentation written on this line yet */
    int space;          /* a space is due before the next character (2: a table's
                           wall, " | ", between two cells of a row) */
    int newlines;       /* line breaks just written */
    int failed;         /* out of memory */
    int nhide;          /* rules of the page's style sheets that hide an element */
    int sheet_skip;     /* the element being dropped is hidden by such a rule */
    size_t sheet_bytes; /* text those rules dropped */
    struct hide_rule hide[HIDE_RULES];
    int title;    /* 1 inside the page's <title>, 2 once it has been read */
    size_t begin; /* where this page's text starts in out */
};

static int in_list(const char *name, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcasecmp(name, list[i]))
            return 1;
    return 0;
}

static const char *const dropped_elements[] = {
    "script", "style",  "noscript", "template", "head",   "title", "nav",   "header",
    "footer", "aside",  "iframe",   "frameset", "object", "embed", "svg",   "math",
    "select", "button", "textarea", "map",      "canvas", "audio", "video", NULL};

static const char *const block_elements[] = {
    "address",    "article", "blockquote", "body", "caption", "center",  "dd",
    "details",    "dialog",  "dir",        "div",  "dl",      "dt",      "fieldset",
    "figcaption", "figure",  "form",       "h1",   "h2",      "h3",      "h4",
    "h5",         "h6",      "hr",         "html", "legend",  "li",      "main",
    "menu",       "ol",      "p",          "pre",  "section", "summary", "table",
    "tbody",      "tfoot",   "thead",      "tr",   "ul",      NULL};

static const char *const chrome_words[] = {
    "nav",   "navbar", "menu",      "footer", "foot",    "breadcrumb", "breadcrumbs",
    "crumb", "crumbs", "copyright", "share",  "sidebar", "topbar",     NULL};

/* 1 when a class or id value names page chrome: one of its words, split at
 * spaces, '-' and '_', is a chrome word. */
static int names_chrome(const char *v)
{
    char word[32];
    size_t n = 0;
    for (const char *p = v;; p++) {
        if (*p && !strchr(" \t\r\n-_", *p)) {
            if (n + 1 < sizeof word)
                word[n++] = *p;
            continue;
        }
        word[n] = '\0';
        if (n && in_list(word, chrome_words))
            return 1;
        n = 0;
        if (!*p)
            return 0;
    }
}

static int css_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/* 1 when needle (lower case, no white space) occurs in s[0..n), case and white
 * space aside. */
static int find_loose(const char *s, size_t n, const char *needle)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        const char *q = needle;
        while (*q && j < n) {
            if (css_space(s[j])) {
                j++;
                continue;
            }
            if ((s[j] | 0x20) != *q && s[j] != *q)
                break;
            j++;
            q++;
        }
        if (!*q)
            return 1;
    }
    return 0;
}

/* 1 when declarations s[0..n) hide their element. */
static int hidden_style(const char *s, size_t n)
{
    return find_loose(s, n, "display:none") || find_loose(s, n, "visibility:hidden");
}

static int css_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || (unsigned char)c >= 0x80;
}

/* Copies the name at s[*i..n) into out (cap HIDE_NAME); 0 when there is none or
 * it does not fit. */
static int css_name(const char *s, size_t n, size_t *i, char *out)
{
    size_t k = 0;
    while (*i < n && css_name_char(s[*i])) {
        if (k + 1 >= HIDE_NAME)
            return 0;
        out[k++] = s[(*i)++];
    }
    out[k] = '\0';
    return k > 0;
}

/* Keeps selector s[0..n) (one of a rule's list) when it is one simple selector. */
static void add_selector(struct walk *w, const char *s, size_t n)
{
    while (n && css_space(*s))
        s++, n--;
    while (n && css_space(s[n - 1]))
        n--;
    if (!n || w->nhide >= HIDE_RULES)
        return;
    struct hide_rule r = {0};
    size_t i = 0;
    if (css_name_char(s[0]) && !css_name(s, n, &i, r.tag))
        return;
    while (i < n) {
        char kind = s[i++];
        char name[HIDE_NAME];
        if ((kind != '.' && kind != '#') || !css_name(s, n, &i, name))
            return;
        if (kind == '#') {
            if (r.id[0])
                return;
            memcpy(r.id, name, sizeof name);
        } else {
            if (r.nclass == HIDE_CLASSES)
                return;
            memcpy(r.classes[r.nclass++], name, sizeof name);
        }
    }
    if (r.id[0] || r.nclass)
        w->hide[w->nhide++] = r;
}

/* Reads the rules of style sheet css[0..n) that hide what they select. */
static void add_style_sheet(struct walk *w, const char *css, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c = css[i];
        if (css_space(c) || c == '}' || c == ';') {
            i++;
        } else if (c == '/' && i + 1 < n && css[i + 1] == '*') {
            const char *e = ci_find(css + i + 2, n - i - 2, "*/");
            i = e ? (size_t)(e - css) + 2 : n;
        } else if (c == '@') {
            /* An at-rule: to its ';', or its whole block. */
            while (i < n && css[i] != ';' && css[i] != '{')
                i++;
            if (i < n && css[i] == '{') {
                int depth = 0;
                for (; i < n; i++) {
                    if (css[i] == '{')
                        depth++;
                    else if (css[i] == '}' && --depth == 0)
                        break;
                }
            }
            i++;
        } else {
            const char *open = memchr(css + i, '{', n - i);
            if (!open)
                return;
            size_t body = (size_t)(open - css) + 1;
            const char *close = memchr(css + body, '}', n - body);
            size_t end = close ? (size_t)(close - css) : n;
            if (hidden_style(css + body, end - body)) {
                size_t from = i;
                for (size_t k = i; k <= (size_t)(open - css); k++)
                    if (k == (size_t)(open - css) || css[k] == ',') {
                        add_selector(w, css + from, k - from);
                        from = k + 1;
                    }
            }
            i = end + 1;
        }
    }
}

/* Reads every <style> element of the page, wherever it stands, before the walk. */
static void read_style_sheets(struct walk *w, const char *html, size_t len)
{
    const char *end = html + len;
    const char *p = html;
    while ((p = ci_find_tag(p, (size_t)(end - p), "<style"))) {
        const char *open = memchr(p, '>', (size_t)(end - p));
        if (!open)
            return;
        open++;
        const char *close = ci_find_tag(open, (size_t)(end - open), "</style");
        if (!close)
            close = end;
        add_style_sheet(w, open, (size_t)(close - open));
        p = close;
    }
}

/* 1 when the class attribute value v holds the word cls. */
static int has_class(const char *v, const char *cls)
{
    size_t n = strlen(cls);
    for (const char *p = v; *p;) {
        while (*p && css_space(*p))
            p++;
        const char *q = p;
        while (*q && !css_space(*q))
            q++;
        if ((size_t)(q - p) == n && !memcmp(p, cls, n))
            return 1;
        p = q;
    }
    return 0;
}

/* 1 when a rule of the page's style sheets hides element name. */
static int hidden_by_sheet(const struct walk *w, const char *name, const char *id, const char *cls)
{
    for (int i = 0; i < w->nhide; i++) {
        const struct hide_rule *r = &w->hide[i];
        if (r->tag[0] && strcasecmp(r->tag, name))
            continue;
        if (r->id[0] && (!id || strcmp(r->id, id)))
            continue;
        int all = 1;
        for (int k = 0; k < r->nclass && all; k++)
            all = cls && has_class(cls, r->classes[k]);
        if (all)
            return 1;
    }
    return 0;
}

/* 1 when element name is dropped, 2 when only a rule of the page's style sheets
 * hides it. */
static int dropped(const struct walk *w, const char *name, const xmlChar **atts)
{
    if (in_list(name, dropped_elements))
        return 1;
    const char *id = NULL, *cls = NULL;
    for (int i = 0; atts && atts[i]; i += 2) {
        const char *k = (const char *)atts[i];
        const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        if (!strcasecmp(k, "hidden") || (!strcasecmp(k, "aria-hidden") && !strcasecmp(v, "true")))
            return 1;
        if (!strcasecmp(k, "style") && hidden_style(v, strlen(v)))
            return 1;
        if (!strcasecmp(k, "id"))
            id = v;
        if (!strcasecmp(k, "class"))
            cls = v;
        if ((!strcasecmp(k, "class") || !strcasecmp(k, "id")) && names_chrome(v))
            return 1;
        if (!strcasecmp(k, "role") && (!strcasecmp(v, "navigation") || !strcasecmp(v, "banner") ||
                                       !strcasecmp(v, "contentinfo")))
            return 1;
    }
    return hidden_by_sheet(w, name, id, cls) ? 2 : 0;
}

static void put(struct walk *w, const char *s, size_t n)
{
    if (buf_add(w->out, s, n))
        w->failed = 1;
}

/* A line break unless the line is empty; `hard` (<br>) always breaks, up to one
 * empty line. */
static void line_break(struct walk *w, int hard)
{
    w->space = 0;
    if (w->line_start && (!hard || w->newlines >= 2))
        return;
    if (w->out->len == 0)
        return;
    put(w, "\n", 1);
    w->newlines++;
    w->line_start = 1;
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
    struct walk *w = ctx;
    const char *name = (const char *)xname;
    w->depth++;
    /* The page's title, the first <title> before any text, is its first line: a
     * site often names the replying unit there and nowhere else. */
    if (!strcasecmp(name, "title") && !w->title && w->out->len == w->begin) {
        w->title = 1;
        return;
    }
    if (w->skip_from)
        return;
    int drop = dropped(w, name, atts);
    if (drop) {
        w->skip_from = w->depth;
        w->sheet_skip = drop == 2;
        return;
    }
    if (!strcasecmp(name, "br")) {
        line_break(w, 1);
    } else if (!strcasecmp(name, "td") || !strcasecmp(name, "th")) {
        /* the cells of a row apart, as a pipe table's are */
        if (!w->line_start)
            w->space = 2;
    } else if (in_list(name, block_elements)) {
        line_break(w, 0);
        if (!strcasecmp(name, "pre"))
            w->pre++;
    }
}

static void on_end(void *ctx, const xmlChar *xname)
{
    struct walk *w = ctx;
    const char *name = (const char *)xname;
    if (w->title == 1 && !strcasecmp(name, "title")) {
        w->title = 2;
        w->depth--;
        /* an empty line after it: the title is a block of its own */
        line_break(w, 1);
        line_break(w, 1);
        return;
    }
    if (w->skip_from) {
        if (w->skip_from == w->depth)
            w->skip_from = 0;
        w->depth--;
        return;
    }
    w->depth--;
    if (in_list(name, block_elements)) {
        line_break(w, 0);
        if (!strcasecmp(name, "pre") && w->pre)
            w->pre--;
    }
}

static void on_text(void *ctx, const xmlChar *xs, int len)
{
    struct walk *w = ctx;
    if (w->skip_from && w->sheet_skip && len > 0)
        w->sheet_bytes += (size_t)len;
    if ((w->skip_from && w->title != 1) || len <= 0)
        return;
    const char *s = (const char *)xs;
    size_t n = (size_t)len;
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        uint32_t cp = utf8_next(s, n, &i);
        if (w->pre && (cp == '\n' || cp == '\r')) {
            if (cp == '\n') {
                put(w, "\n", 1);
                w->line_start = 1;
                w->newlines++;
            }
            continue;
        }
        int white = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0;
        if (white && !w->pre) {
            w->space = w->space ? w->space : 1;
            continue;
        }
        if (w->space && !w->line_start)
            put(w, w->space == 2 ? " | " : " ", w->space == 2 ? 3 : 1);
        w->space = 0;
        put(w, s + start, i - start);
        w->line_start = 0;
        w->newlines = 0;
    }
}

static void on_error(void *ctx, xmlError *err)
{
    (void)ctx;
    (void)err;
}

/* Walks html[0..len) into w->out; 0, or -1 when out of memory. */
static int walk_page(struct walk *w, const char *html, size_t len)
{
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
    if (!ctxt)
        return -1;
    xmlSAXHandler *sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElement = on_start;
    sax->endElement = on_end;
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_text;
    sax->serror = on_error;
    ctxt->userData = w;
    /* The text is UTF-8 already: the page's own charset declaration is ignored. */
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    ctxt->myDoc = NULL;
    htmlFreeParserCtxt(ctxt);
    return w->failed ? -1 : 0;
}

int html_to_text(const char *html, size_t len, struct buf *out, struct diag *d)
{
    if (len > INT_MAX)
        return diag_error(d, "web page too large");
    if (len == 0)
        return 0;
    /* a page's source escaped as a whole (&lt;p&gt;…&lt;/p&gt;): the page it is */
    if (escaped_page(html, len))
        return html_fragment_to_text(html, len, out, d);
    size_t start = out->len;
    struct walk w = {.out = out, .line_start = 1, .newlines = 2, .begin = start};
    read_style_sheets(&w, html, len);
    int rc = walk_page(&w, html, len);
    /* A page that hides more text by its style sheets than it shows reveals it
     * by script: the hidden text is the page's own, and is kept. */
    if (!rc && w.sheet_bytes > out->len - start) {
        buf_truncate(out, start);
        w = (struct walk){.out = out, .line_start = 1, .newlines = 2, .begin = start};
        rc = walk_page(&w, html, len);
    }
    if (rc) {
        buf_truncate(out, start);
        return diag_error(d, "out of memory");
    }
    /* No trailing line breaks. */
    while (out->len > start && out->data[out->len - 1] == '\n')
        buf_truncate(out, out->len - 1);
    return 0;
}

/* Length of the tag at s[i] when it is one that breaks a line (<p>, </div>,
 * <br/>, <li class=…>, <h3>), else 0; the closing '>' need not be looked for. */
static size_t line_tag(const char *s, size_t len, size_t i)
{
    size_t p = i + 1;
    if (p < len && s[p] == '/')
        p++;
    size_t name = p;
    while (p < len && p - name < 12 &&
           ((s[p] >= 'a' && s[p] <= 'z') || (s[p] >= 'A' && s[p] <= 'Z') ||
            (s[p] >= '0' && s[p] <= '9')))
        p++;
    if (p == name || p >= len || !strchr("> /\t\r\n", s[p]))
        return 0;
    char tag[16];
    memcpy(tag, s + name, p - name);
    tag[p - name] = 0;
    return !strcasecmp(tag, "br") || in_list(tag, block_elements) ? p - i : 0;
}

/* Is s[0..len) markup: a tag that breaks a line, and no more lines of text
 * without a tag than lines with one (a letter's lines with a stray <div> among
 * them are text)? */
static int is_markup(const char *s, size_t len)
{
    size_t tagged = 0;
    size_t bare = 0;
    int breaks = 0;
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(s + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - s) : len;
        int tag = 0;
        int text = 0;
        for (size_t i = ls; i < le; i++) {
            if (s[i] == '<' && i + 1 < le &&
                ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z' ? 1 : s[i + 1] == '/')) {
                tag = 1;
                breaks |= line_tag(s, len, i) > 0;
            } else if (!strchr(" \t\r", s[i])) {
                text = 1;
            }
        }
        tagged += tag;
        bare += text && !tag;
        ls = le + 1;
    }
    return breaks && tagged >= bare;
}

/* s with &lt; &gt; &quot; &#39; &amp; decoded once: markup a site escaped. */
static int unescape_once(const char *s, size_t len, struct buf *out)
{
    static const char *const ent[][2] = {{"&lt;", "<"},  {"&gt;", ">"},  {"&quot;", "\""},
                                         {"&#39;", "'"}, {"&amp;", "&"}, {NULL, NULL}};
    for (size_t i = 0; i < len;) {
        int k = 0;
        while (ent[k][0] &&
               (len - i < strlen(ent[k][0]) || strncmp(s + i, ent[k][0], strlen(ent[k][0]))))
            k++;
        if (ent[k][0]) {
            buf_adds(out, ent[k][1]);
            i += strlen(ent[k][0]);
        } else {
            buf_addch(out, s[i++]);
        }
    }
    return buf_failed(out) ? -1 : 0;
}

/* An escaped tag at s[i] (&lt;p, &lt;/div, &amp;lt;br): the length of its
 * &lt; or &amp;lt;, else 0. */
static size_t escaped_tag(const char *s, size_t len, size_t i)
{
    size_t n = i + 4 <= len && !strncasecmp(s + i, "&lt;", 4)       ? 4
               : i + 8 <= len && !strncasecmp(s + i, "&amp;lt;", 8) ? 8
                                                                    : 0;
    if (!n || i + n >= len)
        return 0;
    char c = (char)(s[i + n] | 0x20);
    return (c >= 'a' && c <= 'z') || s[i + n] == '/' ? n : 0;
}

/* Is s[0..len) a page's source escaped as a whole, as a text file may hold it
 * (&lt;p&gt;关于…&lt;/p&gt;, or escaped twice): no tag of its own, three escaped
 * tags at least, and markup once unescaped (a tag that breaks a line, and no
 * more lines of bare text than lines with a tag)? A letter that quotes a tag or
 * two among its lines is text. */
static int escaped_page(const char *s, size_t len)
{
    size_t tags = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '<' && i + 1 < len &&
            (((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z') || s[i + 1] == '/'))
            return 0;
        if (s[i] == '&' && escaped_tag(s, len, i))
            tags++;
    }
    if (tags < 3)
        return 0;
    struct buf raw[2] = {BUF_INIT, BUF_INIT};
    const char *t = s;
    size_t tlen = len;
    int page = 0;
    for (int k = 0; k < 2 && !page; k++) {
        if (unescape_once(t, tlen, &raw[k]))
            break;
        t = raw[k].data ? raw[k].data : "";
        tlen = raw[k].len;
        page = is_markup(t, tlen);
    }
    buf_release(&raw[0]);
    buf_release(&raw[1]);
    return page;
}

int html_fragment_to_text(const char *s, size_t len, struct buf *out, struct diag *d)
{
    struct buf raw[2] = {BUF_INIT, BUF_INIT};
    const char *t = s;
    size_t tlen = len;
    int rc = 0;
    /* escaped once (&lt;p&gt;) or twice (&amp;lt;p&amp;gt;) */
    for (int k = 0;
         k < 2 && !is_markup(t, tlen) && (ci_find(t, tlen, "&lt;") || ci_find(t, tlen, "&amp;lt;"));
         k++) {
        if (unescape_once(t, tlen, &raw[k])) {
            rc = diag_error(d, "out of memory");
            goto cleanup;
        }
        t = raw[k].data;
        tlen = raw[k].len;
    }
    if (is_markup(t, tlen))
        rc = html_to_text(t, tlen, out, d);
    else if (buf_add(out, s, len))
        rc = diag_error(d, "out of memory");
cleanup:
    buf_release(&raw[0]);
    buf_release(&raw[1]);
    return rc;
}
