-- Schema version 42: reply_facet's key is computed from its columns, not stored, and the
-- table has row ids, so that its two covering indexes no longer hold the key.
--
-- reply_facet (schema 007) was a WITHOUT ROWID table keyed by k, some 75 bytes of text a
-- row (the combination, the region, the department, schema 030) that repeat the row's own
-- columns; an index of such a table holds its key beside its own columns, so each of the
-- two covering indexes of schema 022 held k again: three copies of it, 56.9 MB at 100,000
-- letters (97,596 rows). k is now a column computed from the others (the combination's
-- year, which reply_combo's key holds, is kept as a column: `date` is its newest date),
-- the table has row ids, and a UNIQUE index on k holds the one copy of it: the key of the
-- upserts and of the reads of a combination's range, as before. The covering indexes hold
-- the row id in its place. The rows are copied in the order of k, so that their ids keep
-- that order.
CREATE TEMP TABLE facet_before AS
SELECT k, body, kind, category, region, department, department_key, term, session, date, n
FROM reply_facet;
DROP TABLE reply_facet;
CREATE TABLE reply_facet (
    k AS (quote(body) || '|' || quote(kind) || '|' || quote(category) || '|' || quote(term) ||
          '|' || quote(session) || '|' || quote(year) || '|' || quote(region) || '|' ||
          quote(department) || '|' ||
          iif(department_key IS department, '=', quote(department_key))) VIRTUAL,
    body TEXT, kind TEXT, category TEXT, region TEXT, department TEXT, department_key TEXT,
    term INTEGER, session INTEGER, date TEXT, n INTEGER NOT NULL, year TEXT);
INSERT INTO reply_facet(body, kind, category, region, department, department_key, term, session,
    date, n, year)
SELECT body, kind, category, region, department, department_key, term, session, date, n,
    substr(date, 1, 4)
FROM temp.facet_before ORDER BY k;
DROP TABLE temp.facet_before;
CREATE UNIQUE INDEX reply_facet_k ON reply_facet(k);
CREATE INDEX reply_facet_department_key ON reply_facet(department_key, body, kind, category,
    term, session, date, region, department, n);
CREATE INDEX reply_facet_region ON reply_facet(region, body, kind, category, term, session, date,
    department_key, department, n);
