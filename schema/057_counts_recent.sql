-- Schema version 57: the rows of reply_count and of delegate_stat that the last commits
-- changed, kept apart, as reply_cross's are (schema 053).
--
-- A batch of 1,000 letters into 99,000 changed 303 of reply_count's 305 pages and all 241
-- of its order index's, 189 of delegate_stat's 221 and all 94 of its order index's: their
-- keys (a department, a region, a proposer) fall all over them. A commit now writes each
-- row it changes, whole, into reply_count_recent or delegate_stat_recent, which stand for
-- the row of the same key and are merged in, in key order, once they hold more rows than a
-- bound (store/count.c). The readers read both, each through its order index.
CREATE TABLE reply_count_recent (dim TEXT NOT NULL, k NOT NULL,
    key AS (CASE WHEN typeof(k) = 'integer' THEN NULL ELSE k END) VIRTUAL,
    n INTEGER NOT NULL, latest TEXT, PRIMARY KEY (dim, k)) WITHOUT ROWID;
CREATE INDEX reply_count_recent_order ON reply_count_recent(dim, n DESC, k);
CREATE TABLE delegate_stat_recent (delegate_id INTEGER PRIMARY KEY REFERENCES delegate(id),
    name TEXT NOT NULL, pinyin TEXT, n INTEGER NOT NULL, latest TEXT);
CREATE INDEX delegate_stat_recent_order ON delegate_stat_recent(n DESC, name);
