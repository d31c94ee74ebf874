-- Schema version 39: the full-text index merges its segments sixteen at a time.
--
-- FTS5 merges the segments of a level into one of the next when the level holds
-- `automerge` of them (4 by default), and at once when it holds `crisismerge` (16).
-- Merging four at a time adds a level for every fourfold growth of the index, and each
-- level rewrites every letter's terms once more: an import's merges cost a letter more
-- the larger the archive (five levels of segments of about 2,000 letters at 1,000,000
-- letters). Sixteen at a time adds a level for every sixteenfold growth, so a letter is
-- rewritten about half as often (see BENCHMARKS.md, "FTS5's merges sixteen at a time").
-- An import that adds a quarter of the archive or more still ends with the index merged
-- into one segment (db_index_merge); after a smaller one a search reads up to fifteen
-- segments a level instead of three. The settings are stored in the index
-- (reply_fts_config); searches and their results do not change.
INSERT INTO reply_fts(reply_fts, rank) VALUES ('automerge', 16);
INSERT INTO reply_fts(reply_fts, rank) VALUES ('crisismerge', 64);
