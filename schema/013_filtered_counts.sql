-- Schema version 13: listings and statistics with filters read the counts of what
-- the filters match through indexes, not every count nor every reply.
--
-- A department filter (a part of a name, an abbreviation) was matched against the
-- index of every reply's department_key, then the combinations of reply_facet were
-- all read to keep those of the matching departments: at 537,000 letters a
-- statistic with one took 1.29 s. The archive's distinct department keys are now
-- counted in reply_count (dim 'department_key', kept with the others) and their
-- characters indexed in department_fts, so a filter is matched against the names
-- that have its characters only (against each name once when it has no Han
-- character); reply_facet has indexes on the department,
-- the region and the date (a year is a range of it), so only the combinations of
-- what a filter matches are read; and reply's indexes on department_key and on the
-- region hold the date too, so the proposers of a department's or a region's
-- replies are counted from the index and their links, without reading a reply.
-- One filter of many replies alone (a year, a body, a kind, a category) reads its
-- value's rows of reply_cross, below.
CREATE INDEX reply_facet_department_key ON reply_facet(department_key);
CREATE INDEX reply_facet_region ON reply_facet(region);
CREATE INDEX reply_facet_date ON reply_facet(date);
DROP INDEX IF EXISTS reply_department_key;
CREATE INDEX reply_department_key ON reply(department_key, date);
CREATE INDEX reply_region ON reply(region, date);
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'department_key', quote(department_key), department_key, count(*), max(date)
FROM reply GROUP BY department_key;

-- The distinct department keys, by their characters (the tokenizer of reply_fts).
-- A key is added by the commit that counts its first reply (src/store/count.c); it
-- stays when its last reply goes (a filter then finds it and no reply of it), and
-- is added again if a reply of it comes back.
CREATE VIRTUAL TABLE department_fts USING fts5(key, tokenize='dafu');
INSERT INTO department_fts(key)
SELECT key FROM reply_count WHERE dim = 'department_key' AND key IS NOT NULL;

-- reply_cross: the replies of each value of the filters that select many (a year,
-- a body, a kind, a category) counted by each field the statistics group by, and by
-- proposer: a listing or statistic with one of these filters alone reads the rows
-- of its value, largest first, not the combinations of half the archive. The
-- newest date is kept for departments and proposers (the listings that show it),
-- NULL for the others. Kept with the other counts (src/store/count.c).
CREATE TABLE reply_cross (
    f      TEXT NOT NULL,                -- the filter: year body kind category
    fk     TEXT NOT NULL,                -- quote(its value)
    dim    TEXT NOT NULL,                -- total year body kind category region department delegate
    k      TEXT NOT NULL,                -- quote(key): keys may be NULL; a proposer's is its name
    key,
    n      INTEGER NOT NULL,
    latest TEXT,
    PRIMARY KEY (f, fk, dim, k)
) WITHOUT ROWID;
CREATE INDEX reply_cross_order ON reply_cross(f, fk, dim, n DESC, key);
INSERT INTO reply_cross(f, fk, dim, k, key, n, latest)
SELECT f, quote(fv), dim, quote(key), key, count(*),
       CASE WHEN dim IN ('department', 'delegate') THEN max(date) END
FROM (SELECT fl.column1 AS f, CASE fl.column1 WHEN 'year' THEN substr(r.date, 1, 4)
          WHEN 'body' THEN r.body WHEN 'kind' THEN r.kind ELSE r.category END AS fv,
          v.column1 AS dim, CASE v.column1 WHEN 'total' THEN NULL
          WHEN 'year' THEN substr(r.date, 1, 4) WHEN 'body' THEN r.body WHEN 'kind' THEN r.kind
          WHEN 'category' THEN r.category WHEN 'region' THEN r.region
          ELSE r.department END AS key, r.date AS date
      FROM reply r, (VALUES ('year'), ('body'), ('kind'), ('category')) fl,
          (VALUES ('total'), ('year'), ('body'), ('kind'), ('category'), ('region'),
          ('department')) v
      UNION ALL
      SELECT fl.column1, CASE fl.column1 WHEN 'year' THEN substr(r.date, 1, 4)
          WHEN 'body' THEN r.body WHEN 'kind' THEN r.kind ELSE r.category END,
          'delegate', dl.name, r.date
      FROM reply r JOIN reply_delegate rd ON rd.reply_id = r.id
          JOIN delegate dl ON dl.id = rd.delegate_id,
          (VALUES ('year'), ('body'), ('kind'), ('category')) fl)
WHERE fv IS NOT NULL
GROUP BY f, quote(fv), dim, quote(key);
