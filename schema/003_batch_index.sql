-- Schema version 3: new letters reach the full-text index once per batch.
--
-- FTS5 writes its pending terms to disk at every savepoint, and an import opens
-- several per letter (one per file, one per statement with a trigger). Indexing
-- each letter as it was inserted therefore wrote one small index segment per
-- letter, merged again and again: about half of an import's work. Now an
-- insert only records the new id in reply_unindexed; dafu indexes those letters
-- in one statement just before it commits (db_commit, db_index_pending), so the
-- table is empty outside a transaction. A letter that is updated or deleted
-- before it was indexed has nothing in the index to remove.
CREATE TABLE reply_unindexed (
    id INTEGER PRIMARY KEY            -- reply.id not yet in reply_fts
);

DROP TRIGGER reply_ai;
CREATE TRIGGER reply_ai AFTER INSERT ON reply BEGIN
    INSERT INTO reply_unindexed(id) VALUES (new.id);
END;

DROP TRIGGER reply_ad;
CREATE TRIGGER reply_ad AFTER DELETE ON reply BEGIN
    INSERT INTO reply_fts(reply_fts, rowid, title, department, delegates, text)
    SELECT 'delete', old.id, old.title, old.department, old.delegates, old.text
    WHERE old.id NOT IN (SELECT id FROM reply_unindexed);
    DELETE FROM reply_unindexed WHERE id = old.id;
END;

DROP TRIGGER reply_au;
CREATE TRIGGER reply_au AFTER UPDATE OF title, department, delegates, text ON reply BEGIN
    INSERT INTO reply_fts(reply_fts, rowid, title, department, delegates, text)
    SELECT 'delete', old.id, old.title, old.department, old.delegates, old.text
    WHERE old.id NOT IN (SELECT id FROM reply_unindexed);
    INSERT OR IGNORE INTO reply_unindexed(id) VALUES (new.id);
END;
