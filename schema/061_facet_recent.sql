-- Schema version 61: the replies a batch adds to facet_count kept apart, in facet_count_recent,
-- and merged in by size.
--
-- facet_count (schema 059) counts the replies by combination, a row about a reply; its key and
-- its two covering indexes (a department key, a region) put a batch's rows all over them: a
-- batch of 1,000 letters into 99,000 changed 770 pages, every page of the three b-trees. A
-- commit now adds its replies to facet_count_recent, whose rows are added to facet_count's of
-- the same key (the replies of both, the newer of their dates): it stays small, and once it
-- holds more rows than a bound (store/count.c) it is added into facet_count in key order and
-- emptied. Every reader adds up its rows with facet_count's (SUM and MAX in SQL, or in memory,
-- src/search/group.c); a reply taken out of the counts first adds its row there into
-- facet_count's.
CREATE TABLE facet_count_recent (
    body           INTEGER NOT NULL,
    kind           INTEGER NOT NULL,
    category       INTEGER NOT NULL,
    term           INTEGER NOT NULL,
    session        INTEGER NOT NULL,
    year           TEXT NOT NULL,
    region         INTEGER NOT NULL,
    department     INTEGER NOT NULL,
    department_key INTEGER NOT NULL,
    date           TEXT,
    n              INTEGER NOT NULL,
    PRIMARY KEY (body, kind, category, term, session, year, region, department, department_key)
) WITHOUT ROWID;
CREATE INDEX facet_count_recent_department_key ON facet_count_recent(department_key, body, kind,
    category, term, session, date, n);
CREATE INDEX facet_count_recent_region ON facet_count_recent(region, body, kind, category, term,
    session, date, n);
