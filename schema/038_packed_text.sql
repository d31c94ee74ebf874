-- Schema version 38: a reply's text is stored packed.
--
-- The letters' texts were a fifth of an archive of 100,000 generated letters (191.8 of
-- 948.6 MB) and stood as plain UTF-8 in reply.text. dafu now writes each to
-- reply.packed as a BLOB (src/base/textpack.h): a format byte, the text's length, and
-- the text deflated with a preset dictionary of the phrasing replies share, built
-- into dafu (about 3.2 times smaller on generated letters, 2.1 on real ones). reply.text
-- is that column unpacked by dafu_unpack(), a generated column: the full-text index
-- (external content, schema 001), its snippets, `dafu show`, `export`, the near-duplicate
-- pass and every other reader read the same text as before. A row whose packed value
-- is TEXT (the texts packing would not make smaller) is read as it is.
--
-- The rows stored before this version are packed here, with the triggers that watch
-- the column off while it is rewritten: its text does not change, and neither the
-- full-text index nor the kept best hits are to be made again.
DROP TRIGGER reply_ad;
DROP TRIGGER reply_au;
DROP TRIGGER reply_top_au;
ALTER TABLE reply RENAME COLUMN text TO packed;
UPDATE reply SET packed = dafu_pack(packed);
ALTER TABLE reply ADD COLUMN text TEXT AS (dafu_unpack(packed)) VIRTUAL;
CREATE TRIGGER reply_ad AFTER DELETE ON reply BEGIN
    INSERT INTO reply_fts(reply_fts, rowid, title, department, delegates, text)
    SELECT 'delete', old.id, old.title, old.department, old.delegates, old.text
    WHERE old.id NOT IN (SELECT id FROM reply_unindexed);
    DELETE FROM reply_unindexed WHERE id = old.id;
END;
CREATE TRIGGER reply_au AFTER UPDATE OF title, department, delegates, packed ON reply BEGIN
    INSERT INTO reply_fts(reply_fts, rowid, title, department, delegates, text)
    SELECT 'delete', old.id, old.title, old.department, old.delegates, old.text
    WHERE old.id NOT IN (SELECT id FROM reply_unindexed);
    INSERT OR IGNORE INTO reply_unindexed(id) VALUES (new.id);
END;
CREATE TRIGGER reply_top_au AFTER UPDATE OF title, department, delegates, packed ON reply BEGIN
    UPDATE reply_top SET stale = 1 WHERE NOT stale AND upto >= old.id;
END;
