-- Schema version 34: each letter's length in tokens, 1,024 letters a row.
--
-- Ranking the hits of a search by BM25 takes each hit's length, the total of its
-- row of reply_fts_docsize (a varint a column). Read row by row that was a blob
-- handle moved a hit (1.4 k instructions), or, for dense hits, every row of their
-- range (750 instructions a row): at 1,000 letters `县` read all 1,000 rows for
-- its 611 hits. reply_len holds the same totals packed, two bytes a letter
-- (little-endian) at (id & 1023) in the row id >> 10, so that the lengths of a
-- search's hits are one row read for each 1,024 letters they fall in. 0 stands for
-- a length not kept (a letter of 65,536 tokens or more, or none written): the
-- search then reads reply_fts_docsize as before. dafu writes a letter's length
-- when it indexes it (db_index_pending); a later migration that rebuilds the
-- index must write them again.
CREATE TABLE reply_len (
    chunk INTEGER PRIMARY KEY,        -- id >> 10
    lens BLOB NOT NULL                -- 1,024 lengths of 2 bytes; 0: not kept
);
INSERT INTO reply_len(chunk, lens)
SELECT id >> 10, dafu_lens_pack(id, sz) FROM reply_fts_docsize GROUP BY id >> 10;
