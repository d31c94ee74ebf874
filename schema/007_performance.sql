-- Schema version 7: searches and listings that do not read every hit or every row.
--
-- reply_top: per frequent index term, the hits that can take the first 60 places of
-- a ranked search for it (the hits that fewer than 60 others beat with a frequency
-- at least as high and a length at least as short), with its number of hits. dafu
-- fills it after each import (src/store/topk.c, topk_refresh) and ranks a one-term
-- search from it, exactly as from every hit. A letter deleted or changed after a
-- refresh makes the rows that counted it stale until the next one.
CREATE TABLE reply_top (
    token TEXT PRIMARY KEY,          -- the term as the index holds it: 县, 建设, 2023
    upto  INTEGER NOT NULL,          -- the highest reply id it has counted
    hits  INTEGER NOT NULL,          -- letters with the term, ids up to upto
    stale INTEGER NOT NULL DEFAULT 0,
    best  BLOB NOT NULL              -- 16 bytes a hit: id, frequency, length (little-endian)
);
CREATE TABLE reply_top_state (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL            -- the highest reply id the last refresh saw
);
CREATE TRIGGER reply_top_ad AFTER DELETE ON reply BEGIN
    UPDATE reply_top SET stale = 1 WHERE NOT stale AND upto >= old.id;
END;
CREATE TRIGGER reply_top_au AFTER UPDATE OF title, department, delegates, text ON reply BEGIN
    UPDATE reply_top SET stale = 1 WHERE NOT stale AND upto >= old.id;
END;

-- reply_facet: the replies counted by every combination of the fields that the
-- listings group and filter by (year, not the date), with the newest date of each.
-- Its column `date` holds that newest date, so the year filter and the year grouping
-- read it as they read reply.date. Kept by triggers; `k` names the combination, as
-- reply.facet_k computes it. (Every trigger is parsed by every process that opens
-- the archive, so they are kept short.)
ALTER TABLE reply ADD COLUMN facet_k TEXT AS (
    quote(body) || '|' || quote(kind) || '|' || quote(category) || '|' || quote(region) ||
    '|' || quote(department) || '|' || quote(department_key) || '|' || quote(term) || '|' ||
    quote(session) || '|' || quote(substr(date, 1, 4))) VIRTUAL;
CREATE TABLE reply_facet (
    k              TEXT PRIMARY KEY,
    body           TEXT,
    kind           TEXT,
    category       TEXT,
    region         TEXT,
    department     TEXT,
    department_key TEXT,
    term           INTEGER,
    session        INTEGER,
    date           TEXT,             -- the newest signing date of the combination
    n              INTEGER NOT NULL  -- its replies
) WITHOUT ROWID;
CREATE TRIGGER reply_facet_ai AFTER INSERT ON reply BEGIN
    INSERT INTO reply_facet VALUES (new.facet_k, new.body, new.kind, new.category, new.region,
        new.department, new.department_key, new.term, new.session, new.date, 1)
    ON CONFLICT(k) DO UPDATE SET n = n + 1,
        date = CASE WHEN date IS NULL OR excluded.date > date THEN excluded.date ELSE date END;
END;
CREATE TRIGGER reply_facet_ad AFTER DELETE ON reply BEGIN
    UPDATE reply_facet SET n = n - 1, date = CASE WHEN date IS NOT old.date THEN date ELSE
        (SELECT max(r.date) FROM reply r WHERE r.facet_k = old.facet_k) END
    WHERE k = old.facet_k;
    DELETE FROM reply_facet WHERE k = old.facet_k AND n <= 0;
END;
CREATE TRIGGER reply_facet_au AFTER UPDATE OF body, kind, category, region, department,
        department_key, term, session, date ON reply WHEN old.facet_k IS NOT new.facet_k
        OR old.date IS NOT new.date BEGIN
    UPDATE reply_facet SET n = n - 1, date = CASE WHEN date IS NOT old.date THEN date ELSE
        (SELECT max(r.date) FROM reply r WHERE r.facet_k = old.facet_k AND r.id <> old.id) END
    WHERE k = old.facet_k;
    DELETE FROM reply_facet WHERE k = old.facet_k AND n <= 0;
    INSERT INTO reply_facet VALUES (new.facet_k, new.body, new.kind, new.category, new.region,
        new.department, new.department_key, new.term, new.session, new.date, 1)
    ON CONFLICT(k) DO UPDATE SET n = n + 1,
        date = CASE WHEN date IS NULL OR excluded.date > date THEN excluded.date ELSE date END;
END;
INSERT INTO reply_facet
SELECT facet_k, body, kind, category, region, department, department_key, term, session,
       max(date), count(*)
FROM reply GROUP BY facet_k;

-- reply_count: the replies of each year, body, kind, category, region and department,
-- and of the whole archive (dim 'total'), with the newest date of each: the listings
-- and statistics without filters read one short run of it. Kept by triggers.
CREATE TABLE reply_count (
    dim    TEXT NOT NULL,                -- total year body kind category region department
    k      TEXT NOT NULL,                -- quote(key): keys may be NULL
    key,
    n      INTEGER NOT NULL,
    latest TEXT,
    PRIMARY KEY (dim, k)
) WITHOUT ROWID;
CREATE INDEX reply_count_order ON reply_count(dim, n DESC, key);

CREATE TRIGGER reply_count_ai AFTER INSERT ON reply BEGIN
    INSERT INTO reply_count(dim, k, key, n, latest)
    SELECT column1, quote(column2), column2, 1, new.date FROM (VALUES ('total', NULL), ('year', substr(new.date, 1, 4)),
        ('body', new.body), ('kind', new.kind), ('category', new.category),
        ('region', new.region), ('department', new.department)) WHERE 1
    ON CONFLICT(dim, k) DO UPDATE SET n = n + 1, latest = CASE
        WHEN latest IS NULL OR excluded.latest > latest THEN excluded.latest ELSE latest END;
END;
CREATE TRIGGER reply_count_ad AFTER DELETE ON reply BEGIN
    UPDATE reply_count SET n = n - 1, latest = CASE WHEN latest IS NOT old.date THEN latest
        ELSE (SELECT max(x.date) FROM reply x WHERE x.id <> old.id AND CASE reply_count.dim
            WHEN 'total' THEN 1 WHEN 'year' THEN substr(x.date, 1, 4) IS reply_count.key
            WHEN 'body' THEN x.body IS reply_count.key WHEN 'kind' THEN x.kind IS reply_count.key
            WHEN 'category' THEN x.category IS reply_count.key
            WHEN 'region' THEN x.region IS reply_count.key
            ELSE x.department IS reply_count.key END) END
    WHERE (dim, k) IN (VALUES ('total', 'NULL'), ('year', quote(substr(old.date, 1, 4))),
        ('body', quote(old.body)), ('kind', quote(old.kind)), ('category', quote(old.category)),
        ('region', quote(old.region)), ('department', quote(old.department)));
    DELETE FROM reply_count WHERE n <= 0 AND dim IN ('total', 'year', 'body', 'kind',
        'category', 'region', 'department');
END;
CREATE TRIGGER reply_count_au AFTER UPDATE OF body, kind, category, region, department, date
ON reply WHEN old.body IS NOT new.body OR old.kind IS NOT new.kind
    OR old.category IS NOT new.category OR old.region IS NOT new.region
    OR old.department IS NOT new.department OR old.date IS NOT new.date BEGIN
    UPDATE reply_count SET n = n - 1, latest = CASE WHEN latest IS NOT old.date THEN latest
        ELSE (SELECT max(x.date) FROM reply x WHERE x.id <> old.id AND CASE reply_count.dim
            WHEN 'total' THEN 1 WHEN 'year' THEN substr(x.date, 1, 4) IS reply_count.key
            WHEN 'body' THEN x.body IS reply_count.key WHEN 'kind' THEN x.kind IS reply_count.key
            WHEN 'category' THEN x.category IS reply_count.key
            WHEN 'region' THEN x.region IS reply_count.key
            ELSE x.department IS reply_count.key END) END
    WHERE (dim, k) IN (VALUES ('total', 'NULL'), ('year', quote(substr(old.date, 1, 4))),
        ('body', quote(old.body)), ('kind', quote(old.kind)), ('category', quote(old.category)),
        ('region', quote(old.region)), ('department', quote(old.department)));
    DELETE FROM reply_count WHERE n <= 0 AND dim IN ('total', 'year', 'body', 'kind',
        'category', 'region', 'department');
    INSERT INTO reply_count(dim, k, key, n, latest)
    SELECT column1, quote(column2), column2, 1, new.date FROM (VALUES ('total', NULL), ('year', substr(new.date, 1, 4)),
        ('body', new.body), ('kind', new.kind), ('category', new.category),
        ('region', new.region), ('department', new.department)) WHERE 1
    ON CONFLICT(dim, k) DO UPDATE SET n = n + 1, latest = CASE
        WHEN latest IS NULL OR excluded.latest > latest THEN excluded.latest ELSE latest END;
END;
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'total', quote(NULL), NULL, count(*), max(r.date) FROM reply r GROUP BY 'total';
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'year', quote(substr(r.date, 1, 4)), substr(r.date, 1, 4), count(*), max(r.date) FROM reply r GROUP BY substr(r.date, 1, 4);
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'body', quote(r.body), r.body, count(*), max(r.date) FROM reply r GROUP BY r.body;
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'kind', quote(r.kind), r.kind, count(*), max(r.date) FROM reply r GROUP BY r.kind;
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'category', quote(r.category), r.category, count(*), max(r.date) FROM reply r GROUP BY r.category;
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'region', quote(r.region), r.region, count(*), max(r.date) FROM reply r GROUP BY r.region;
INSERT INTO reply_count(dim, k, key, n, latest)
SELECT 'department', quote(r.department), r.department, count(*), max(r.date) FROM reply r GROUP BY r.department;

-- delegate_stat: each proposer's replies and newest date, for the listing of all
-- proposers, largest first (the index is its order).
CREATE TABLE delegate_stat (
    delegate_id INTEGER PRIMARY KEY REFERENCES delegate(id),
    name        TEXT NOT NULL,
    pinyin      TEXT,
    n           INTEGER NOT NULL,
    latest      TEXT
);
CREATE INDEX delegate_stat_order ON delegate_stat(n DESC, name);
CREATE TRIGGER delegate_stat_ai AFTER INSERT ON reply_delegate BEGIN
    INSERT INTO delegate_stat(delegate_id, name, pinyin, n, latest)
    SELECT dl.id, dl.name, dl.pinyin, 1, (SELECT date FROM reply WHERE id = new.reply_id)
    FROM delegate dl WHERE dl.id = new.delegate_id
    ON CONFLICT(delegate_id) DO UPDATE SET n = n + 1,
        latest = CASE WHEN latest IS NULL OR excluded.latest > latest THEN excluded.latest
                      ELSE latest END;
END;
CREATE TRIGGER delegate_stat_ad AFTER DELETE ON reply_delegate BEGIN
    UPDATE delegate_stat SET n = n - 1,
        latest = (SELECT max(r.date) FROM reply_delegate rd JOIN reply r ON r.id = rd.reply_id
                  WHERE rd.delegate_id = old.delegate_id)
    WHERE delegate_id = old.delegate_id;
    DELETE FROM delegate_stat WHERE delegate_id = old.delegate_id AND n <= 0;
END;
CREATE TRIGGER delegate_stat_date AFTER UPDATE OF date ON reply BEGIN
    UPDATE delegate_stat SET latest = (
        SELECT max(r.date) FROM reply_delegate rd JOIN reply r ON r.id = rd.reply_id
        WHERE rd.delegate_id = delegate_stat.delegate_id)
    WHERE delegate_id IN (SELECT delegate_id FROM reply_delegate WHERE reply_id = new.id);
END;
CREATE TRIGGER delegate_stat_name AFTER UPDATE OF name, pinyin ON delegate BEGIN
    UPDATE delegate_stat SET name = new.name, pinyin = new.pinyin WHERE delegate_id = new.id;
END;
INSERT INTO delegate_stat(delegate_id, name, pinyin, n, latest)
SELECT dl.id, dl.name, dl.pinyin, count(DISTINCT rd.reply_id), max(r.date)
FROM delegate dl JOIN reply_delegate rd ON rd.delegate_id = dl.id
JOIN reply r ON r.id = rd.reply_id
GROUP BY dl.id;
