#ifndef DAFU_HTML_H
#define DAFU_HTML_H
/*
 * html: a saved web page -> the text a reader sees, for the letter parser.
 *
 * The page (already UTF-8, see decode.h) goes through libxml2's HTML parser in
 * recovery mode, without network access, driven by SAX callbacks so no tree is
 * built. The page's first <title> is its first line, then an empty line (a
 * site may name the replying unit there only). Dropped with everything inside
 * them: scripts, styles, the rest of the head,
 * navigation, headers, footers, asides, forms' controls, frames, and elements
 * hidden with `hidden` or `display:none` (mirror sites hide spam that way) or
 * whose class or id names page chrome (nav, menu, footer, breadcrumb,
 * copyright, share, sidebar). Block elements become line breaks, table cells
 * are separated by a space, runs of white space collapse as a browser shows
 * them (U+3000, the letters' own indent, is kept), entities are decoded.
 *
 * Ownership: the caller owns every buffer; html only appends to `out`.
 */
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

/* 1 when s[0..len) looks like a web page: it starts with a tag or a doctype,
 * or has <html or <body near its start. Works on raw bytes of any ASCII-
 * compatible encoding as well as on UTF-8. */
int html_looks_like(const char *s, size_t len);

/* Finds the charset a page declares near its start (<meta charset=...>,
 * <meta http-equiv content="...; charset=...">, <?xml encoding=...?>) in raw
 * bytes. Copies it into name (cap bytes, NUL-terminated) and returns 1, or
 * returns 0 when there is none. */
int html_declared_charset(const char *s, size_t len, char *name, size_t cap);

/* Appends the visible text of the page html[0..len) (UTF-8) to out, lines
 * trimmed, at most one empty line in a row. Returns 0, or -1 with d set. */
int html_to_text(const char *html, size_t len, struct buf *out, struct diag *d);

#endif
