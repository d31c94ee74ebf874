-- Schema version 29: reply_cross names its filter and its grouping by small integers, and
-- holds its filter's value as it is, not quoted.
--
-- reply_cross (schemas 013, 028) held in each row, and its order index again, the filter
-- ('year', 'body', 'kind', 'category'), quote(its value) and the grouping ('total' ..
-- 'delegate'): some 16 bytes a row of text that a few dozen values repeat (556,618 rows at
-- 100,000 letters). The filter and the grouping are now numbers, a filter by the number of
-- its field as a grouping: 0 total, 1 year, 2 body, 3 kind, 4 category, 5 region,
-- 6 department, 7 delegate; fk is the value itself (no row has none). The keys (k) and
-- the order of the rows of one filter's value and grouping are those of schema 028.
-- (The table's comments are kept out of its declaration, which every process that opens
-- the archive parses.)
CREATE TABLE reply_cross_new (f INTEGER NOT NULL, fk TEXT NOT NULL, dim INTEGER NOT NULL,
    k NOT NULL, key AS (CASE WHEN typeof(k) = 'integer' THEN NULL ELSE k END) VIRTUAL,
    n INTEGER NOT NULL, latest TEXT, PRIMARY KEY (f, fk, dim, k)) WITHOUT ROWID;
INSERT INTO reply_cross_new(f, fk, dim, k, n, latest)
SELECT CASE f WHEN 'year' THEN 1 WHEN 'body' THEN 2 WHEN 'kind' THEN 3 ELSE 4 END,
       replace(substr(fk, 2, length(fk) - 2), '''''', ''''),
       CASE dim WHEN 'total' THEN 0 WHEN 'year' THEN 1 WHEN 'body' THEN 2 WHEN 'kind' THEN 3
       WHEN 'category' THEN 4 WHEN 'region' THEN 5 WHEN 'department' THEN 6 ELSE 7 END,
       k, n, latest
FROM reply_cross ORDER BY 1, 2, 3, 4;
DROP TABLE reply_cross;
ALTER TABLE reply_cross_new RENAME TO reply_cross;
CREATE INDEX reply_cross_order ON reply_cross(f, fk, dim, n DESC, k);
