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

int html_looks_like(const char *s, size_t len)
{
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
    return ci_find_tag(s, n, "<html") || ci_find_tag(s, n, "<body");
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

struct walk {
    struct buf *out;
    int depth;      /* open elements */
    int skip_from;  /* depth of the element being dropped, 0 when none */
    int pre;        /* inside <pre>: white space kept */
    int line_start; /* nothing but indentation written on this line yet */
    int space;      /* a space is due before the next character */
    int newlines;   /* line breaks just written */
    int failed;     /* out of memory */
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

static int hidden_style(const char *v)
{
    char compact[256];
    size_t n = 0;
    for (const char *p = v; *p && n + 1 < sizeof compact; p++)
        if (!strchr(" \t\r\n", *p))
            compact[n++] = *p;
    compact[n] = '\0';
    return ci_find(compact, n, "display:none") || ci_find(compact, n, "visibility:hidden");
}

static int dropped(const char *name, const xmlChar **atts)
{
    if (in_list(name, dropped_elements))
        return 1;
    for (int i = 0; atts && atts[i]; i += 2) {
        const char *k = (const char *)atts[i];
        const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        if (!strcasecmp(k, "hidden") || (!strcasecmp(k, "aria-hidden") && !strcasecmp(v, "true")))
            return 1;
        if (!strcasecmp(k, "style") && hidden_style(v))
            return 1;
        if ((!strcasecmp(k, "class") || !strcasecmp(k, "id")) && names_chrome(v))
            return 1;
        if (!strcasecmp(k, "role") && (!strcasecmp(v, "navigation") || !strcasecmp(v, "banner") ||
                                       !strcasecmp(v, "contentinfo")))
            return 1;
    }
    return 0;
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
    if (w->skip_from)
        return;
    if (dropped(name, atts)) {
        w->skip_from = w->depth;
        return;
    }
    if (!strcasecmp(name, "br")) {
        line_break(w, 1);
    } else if (!strcasecmp(name, "td") || !strcasecmp(name, "th")) {
        if (!w->line_start)
            w->space = 1;
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
    if (w->skip_from || len <= 0)
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
            w->space = 1;
            continue;
        }
        if (w->space && !w->line_start)
            put(w, " ", 1);
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

int html_to_text(const char *html, size_t len, struct buf *out, struct diag *d)
{
    if (len > INT_MAX)
        return diag_error(d, "web page too large");
    if (len == 0)
        return 0;
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
    if (!ctxt)
        return diag_error(d, "out of memory");
    xmlSAXHandler *sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElement = on_start;
    sax->endElement = on_end;
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_text;
    sax->serror = on_error;
    struct walk w = {out, 0, 0, 0, 1, 0, 2, 0};
    size_t start = out->len;
    ctxt->userData = &w;
    /* The text is UTF-8 already: the page's own charset declaration is ignored. */
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    if (ctxt->myDoc)
        xmlFreeDoc(ctxt->myDoc);
    ctxt->myDoc = NULL;
    htmlFreeParserCtxt(ctxt);
    if (w.failed) {
        buf_truncate(out, start);
        return diag_error(d, "out of memory");
    }
    /* No trailing line breaks. */
    while (out->len > start && out->data[out->len - 1] == '\n')
        buf_truncate(out, out->len - 1);
    return 0;
}
