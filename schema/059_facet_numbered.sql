-- Schema version 59: the replies counted by combination keyed by the numbers of their values
-- (facet_name), not by their text: facet_count takes the place of reply_facet.
--
-- reply_facet (schemas 007, 018, 042) held each combination's body, kind, category, region,
-- department and department key as text three times, in the table, in its two covering
-- indexes (on the department key and on the region, schema 022) and in its unique key
-- (the combination's text, schema 042): 40.9 MB at 100,000 letters (97,596 rows), 7.5 MB at
-- 20,000, the archive's largest counts after reply_cross. Each of those values has had a
-- number since schema 046 (facet_name: the department 1, its key 2, the region 3, the body 4,
-- the kind 5, the category 6), kept once with its text. facet_count holds the numbers (0: no
-- value), the term and the session (0: none; a reply never holds 0, db_bind_int), the year as
-- the date writes it ('': none) and the combination's newest date and replies; it has no row
-- ids and its key is the combination, so that the rows of one combination of the fields of few
-- values (reply_combo) are a range of it, read by the numbers of that combination's values.
-- The indexes on the department key and on the region hold every column the listings read,
-- as before. The listings add up the numbers and name the groups a page shows
-- (src/search/group.c); the filters name them through facet_name (src/search/filter_sql.c).
-- About 40 bytes a row in each of the three b-trees: 7.5 -> 2.4 MB at 20,000 letters.
CREATE TABLE facet_count (
    body           INTEGER NOT NULL,  -- facet_name's numbers: dim 4
    kind           INTEGER NOT NULL,  -- 5
    category       INTEGER NOT NULL,  -- 6
    term           INTEGER NOT NULL,
    session        INTEGER NOT NULL,
    year           TEXT NOT NULL,     -- substr(date, 1, 4)
    region         INTEGER NOT NULL,  -- 3
    department     INTEGER NOT NULL,  -- 1
    department_key INTEGER NOT NULL,  -- 2
    date           TEXT,              -- the newest signing date of the combination
    n              INTEGER NOT NULL,  -- its replies
    PRIMARY KEY (body, kind, category, term, session, year, region, department, department_key)
) WITHOUT ROWID;
INSERT INTO facet_count
SELECT coalesce((SELECT code FROM facet_name WHERE dim = 4 AND name = f.body), 0),
       coalesce((SELECT code FROM facet_name WHERE dim = 5 AND name = f.kind), 0),
       coalesce((SELECT code FROM facet_name WHERE dim = 6 AND name = f.category), 0),
       coalesce(f.term, 0), coalesce(f.session, 0), coalesce(f.year, ''),
       coalesce((SELECT code FROM facet_name WHERE dim = 3 AND name = f.region), 0),
       coalesce((SELECT code FROM facet_name WHERE dim = 1 AND name = f.department), 0),
       coalesce((SELECT code FROM facet_name WHERE dim = 2 AND name = f.department_key), 0),
       max(f.date), sum(f.n)
FROM reply_facet f GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
DROP TABLE reply_facet;
CREATE INDEX facet_count_department_key ON facet_count(department_key, body, kind, category, term,
    session, date, n);
CREATE INDEX facet_count_region ON facet_count(region, body, kind, category, term, session, date,
    n);
