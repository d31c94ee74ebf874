-- Schema version 28: each key of reply_count and reply_cross is stored once.
--
-- Both tables (schemas 007 and 013) kept a key twice, as quote(key) in the primary key
-- (k: keys may be NULL, which a primary key of a WITHOUT ROWID table may not hold) and as
-- key, and their order indexes copied both again: four copies of a department's or a
-- proposer's name a row. k is now the key itself, or the integer 0 for the replies
-- without one; the column has no type, so that 0 stays an integer and is no key '0'. An
-- integer sorts below every text, as NULL does, and a table has at most one row without
-- a key in each group of rows it orders: k orders the rows as key did. key stays a
-- column, computed from k (NULL for 0), and the order indexes hold k.
CREATE TABLE reply_count_new (
    dim    TEXT NOT NULL,                -- total year body kind category region department
                                         -- department_key
    k      NOT NULL,                     -- the key, or 0 (an integer) for no key
    key    AS (CASE WHEN typeof(k) = 'integer' THEN NULL ELSE k END) VIRTUAL,
    n      INTEGER NOT NULL,
    latest TEXT,
    PRIMARY KEY (dim, k)
) WITHOUT ROWID;
INSERT INTO reply_count_new(dim, k, n, latest)
SELECT dim, coalesce(key, 0), n, latest FROM reply_count;
DROP TABLE reply_count;
ALTER TABLE reply_count_new RENAME TO reply_count;
CREATE INDEX reply_count_order ON reply_count(dim, n DESC, k);

CREATE TABLE reply_cross_new (
    f      TEXT NOT NULL,                -- the filter: year body kind category
    fk     TEXT NOT NULL,                -- quote(its value)
    dim    TEXT NOT NULL,                -- total year body kind category region department delegate
    k      NOT NULL,                     -- the key (a proposer's name), or 0 (an integer) for no key
    key    AS (CASE WHEN typeof(k) = 'integer' THEN NULL ELSE k END) VIRTUAL,
    n      INTEGER NOT NULL,
    latest TEXT,
    PRIMARY KEY (f, fk, dim, k)
) WITHOUT ROWID;
INSERT INTO reply_cross_new(f, fk, dim, k, n, latest)
SELECT f, fk, dim, coalesce(key, 0), n, latest FROM reply_cross;
DROP TABLE reply_cross;
ALTER TABLE reply_cross_new RENAME TO reply_cross;
CREATE INDEX reply_cross_order ON reply_cross(f, fk, dim, n DESC, k);
