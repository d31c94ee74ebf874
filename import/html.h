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
 * copyright, share, sidebar). Block elements become line breaks, the cells of
 * a table's row are separated as a pipe table's (" | "), so that the parser reads
 * a page's table as it reads one in text; runs of white space collapse as a
 * browser shows them (U+3000, the letters' own indent, is kept), entities are
 * decoded.
 *
 * Ownership: the caller owns every buffer; html only appends to `out`.
 */
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

/* 1 when s[0..len) looks like a web page: it starts with a tag or a doctype,
 * has <html or <body near its start, or is markup throughout (a page's source
 * pasted from below its top: a tag that breaks a line, <p>, <br>, <tr>, and no
 * more lines of bare text than lines with a tag; a '<' in a sentence is no
 * tag). Works on raw bytes of any ASCII-compatible encoding as well as on UTF-8. */
int html_looks_like(const char *s, size_t len);

/* Finds the charset a page declares near its start (<meta charset=...>,
 * <meta http-equiv content="...; charset=...">, <?xml encoding=...?>) in raw
 * bytes. Copies it into name (cap bytes, NUL-terminated) and returns 1, or
 * returns 0 when there is none. */
int html_declared_charset(const char *s, size_t len, char *name, size_t cap);

/* Appends the visible text of the page html[0..len) (UTF-8) to out, lines
 * trimmed, at most one empty line in a row. Returns 0, or -1 with d set. */
int html_to_text(const char *html, size_t len, struct buf *out, struct diag *d);

/* Appends the text of s[0..len), a string that may hold a letter's markup as a
 * site's API or a crawler's record gives it (<p>…</p><div>…</div>…<br>, or that
 * escaped once or twice: &lt;p&gt;, &amp;lt;p&amp;gt;). Markup (a tag that breaks
 * a line, and no more lines of bare text than lines with a tag) is read as
 * html_to_text reads a page: block elements and <br> become line breaks,
 * entities characters. Anything else is copied as it is (the letter parser
 * strips a stray tag and decodes entities line by line). Returns 0, or -1 with
 * d set. */
int html_fragment_to_text(const char *s, size_t len, struct buf *out, struct diag *d);

#endif
