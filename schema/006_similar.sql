-- Schema version 6: near-duplicate replies (src/similar/similar.h).
--
-- A letter's MinHash signature, its band keys (the index that brings the letters
-- that may be near-duplicates of a new one), the pairs verified exactly with
-- their score, and groups of copies of one letter. Letters stored before this
-- version wait in similar_pending until the next import (or `dafu similar`)
-- compares them.
CREATE TABLE similar_sig (
    id       INTEGER PRIMARY KEY,     -- reply.id
    shingles INTEGER NOT NULL,        -- size of its shingle set
    sig      BLOB NOT NULL            -- SIM_K 32-bit minima; empty when too short
);
CREATE TABLE similar_band (
    key INTEGER NOT NULL,             -- hash of one band of a signature
    id  INTEGER NOT NULL,             -- reply.id
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE TABLE similar_pair (
    a     INTEGER NOT NULL,           -- reply.id; each pair is stored both ways
    b     INTEGER NOT NULL,
    score REAL NOT NULL,              -- Jaccard similarity of their shingles, 0-1
    copy  INTEGER NOT NULL,           -- 1: copies of one letter
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE TABLE similar_copy (
    id  INTEGER PRIMARY KEY,          -- reply.id of a letter that has copies
    grp INTEGER NOT NULL              -- the group's most complete member
);
CREATE INDEX similar_copy_grp ON similar_copy(grp);
CREATE TABLE similar_pending (
    id INTEGER PRIMARY KEY            -- reply.id not compared yet
);
INSERT INTO similar_pending(id) SELECT id FROM reply;

CREATE TRIGGER similar_reply_ad AFTER DELETE ON reply BEGIN
    DELETE FROM similar_pair WHERE b = old.id AND a IN
        (SELECT b FROM similar_pair WHERE a = old.id);
    DELETE FROM similar_pair WHERE a = old.id;
    DELETE FROM similar_copy WHERE id = old.id;
    DELETE FROM similar_sig WHERE id = old.id;
    DELETE FROM similar_pending WHERE id = old.id;
END;
