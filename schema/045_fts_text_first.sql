-- Schema version 45: the full-text index has the letter's text as its first column.
--
-- FTS5 writes a term's positions in a row column by column, and those of any column
-- but the first after a byte 0x01 and the column's number: with the text the fourth
-- column (schema 001: title, department, delegates, text) each term of a letter cost
-- two bytes more in the index for its positions in the text, about a quarter of the
-- index (reply_fts_data 88.8 -> 64.3 MB at 20,000 letters). The columns are the same,
-- read from reply by name; only their order in the index changes, and with it the
-- order of the ranking's weights (TOPK_WEIGHTS: text 1, title 10, department 8,
-- delegates 5) and of dafu_snippet's columns (the text still wins a tie). A reader of
-- the archive in the sqlite3 shell gives dafu_rank(reply_fts, 1, 10, 8, 5) (README).
-- The index is made again from the letters already indexed (reply_unindexed is empty
-- outside an import) with the settings of schemas 012 and 039, and merged into one
-- segment, as a whole import leaves it; the lengths of schema 034 are the same.
DROP TABLE reply_fts;
CREATE VIRTUAL TABLE reply_fts USING fts5(
    text, title, department, delegates,
    content='reply', content_rowid='id', tokenize='dafu'
);
INSERT INTO reply_fts(reply_fts, rank) VALUES ('hashsize', 8388608);
INSERT INTO reply_fts(reply_fts, rank) VALUES ('automerge', 16);
INSERT INTO reply_fts(reply_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO reply_fts(rowid, text, title, department, delegates)
SELECT id, text, title, department, delegates FROM reply
WHERE id NOT IN (SELECT id FROM reply_unindexed) ORDER BY id;
INSERT INTO reply_fts(reply_fts) VALUES ('optimize');
