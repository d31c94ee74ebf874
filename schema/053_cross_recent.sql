-- Schema version 53: the rows of reply_cross that the last commits changed, kept apart.
--
-- A commit added its replies to reply_cross (schemas 013, 029) by one grouped upsert, whose
-- keys (a filter's value, then a department, a region or a proposer) fall all over the
-- table: a batch of 1,000 letters into 99,000 changed 1,476 of its 1,490 pages and 1,119 of
-- its order index's 1,124, each written into the WAL and again by the checkpoint. A commit
-- now writes each row it changes, whole (its count and newest date as reply_cross would
-- hold them), into reply_cross_recent, which stays small; a row there stands for the row of
-- reply_cross with the same key. Once it holds more rows than a bound (store/count.c),
-- its rows are written over reply_cross's in key order and it is emptied. The readers read
-- reply_cross's rows that reply_cross_recent does not hold and reply_cross_recent's, each
-- through its order index.
CREATE TABLE reply_cross_recent (f INTEGER NOT NULL, fk TEXT NOT NULL, dim INTEGER NOT NULL,
    k NOT NULL, key AS (CASE WHEN typeof(k) = 'integer' THEN NULL ELSE k END) VIRTUAL,
    n INTEGER NOT NULL, latest TEXT, PRIMARY KEY (f, fk, dim, k)) WITHOUT ROWID;
CREATE INDEX reply_cross_recent_order ON reply_cross_recent(f, fk, dim, n DESC, k);
