-- Schema version 16: an update or a delete of a counted reply that held the newest
-- date of its combination (reply_facet) or of its department (reply_count) finds the
-- next newest through the index of departments, not by walking every reply.
--
-- The triggers of schema 14 asked `max(r.date) ... WHERE r.facet_k = old.facet_k`:
-- facet_k is computed and has no index, so SQLite walked reply_date from the newest
-- date and read each reply's row (its text inline) to compute it; most combinations
-- hold one reply, so the walk found none and read the whole archive (8 GB and 3.6 s
-- an update at 500,000 letters). A combination names its department, so the replies
-- of that department are the only ones to read (max(+date): not by reply_date). A
-- department's newest date is read the same way, a year's from the range of its
-- dates in reply_date; body, kind and category have few values, so the walk from the
-- newest date soon finds one; a region's still walks. The seven rows of reply_count
-- a reply is counted in are named by their keys one by one: `(dim, k) IN (VALUES
-- ...)` scanned the whole table (every department's and region's row) at every update
-- and delete.
DROP TRIGGER IF EXISTS reply_facet_ad;
CREATE TRIGGER reply_facet_ad AFTER DELETE ON reply
    WHEN NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
    UPDATE reply_facet SET n = n - 1, date = CASE WHEN date IS NOT old.date THEN date ELSE
        (SELECT max(+r.date) FROM reply r WHERE r.department IS old.department
            AND r.facet_k = old.facet_k) END
    WHERE k = old.facet_k;
    DELETE FROM reply_facet WHERE k = old.facet_k AND n <= 0;
END;
DROP TRIGGER IF EXISTS reply_facet_au;
CREATE TRIGGER reply_facet_au AFTER UPDATE OF body, kind, category, region, department,
        department_key, term, session, date ON reply WHEN (old.facet_k IS NOT new.facet_k
        OR old.date IS NOT new.date) AND NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
    UPDATE reply_facet SET n = n - 1, date = CASE WHEN date IS NOT old.date THEN date ELSE
        (SELECT max(+r.date) FROM reply r WHERE r.department IS old.department
            AND r.facet_k = old.facet_k AND r.id <> old.id) END
    WHERE k = old.facet_k;
    DELETE FROM reply_facet WHERE k = old.facet_k AND n <= 0;
    INSERT INTO reply_facet VALUES (new.facet_k, new.body, new.kind, new.category, new.region,
        new.department, new.department_key, new.term, new.session, new.date, 1)
    ON CONFLICT(k) DO UPDATE SET n = n + 1,
        date = CASE WHEN date IS NULL OR excluded.date > date THEN excluded.date ELSE date END;
END;
DROP TRIGGER IF EXISTS reply_count_ad;
CREATE TRIGGER reply_count_ad AFTER DELETE ON reply
    WHEN NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
    UPDATE reply_count SET n = n - 1, latest = CASE WHEN latest IS NOT old.date THEN latest
        WHEN dim = 'department' THEN (SELECT max(+x.date) FROM reply x
            WHERE x.department IS reply_count.key AND x.id <> old.id)
        WHEN dim = 'year' AND key IS NOT NULL THEN (SELECT max(x.date) FROM reply x
            WHERE x.date >= reply_count.key AND x.date < reply_count.key || '~' AND x.id <> old.id)
        ELSE (SELECT max(x.date) FROM reply x WHERE x.id <> old.id AND CASE reply_count.dim
            WHEN 'total' THEN 1 WHEN 'year' THEN substr(x.date, 1, 4) IS reply_count.key
            WHEN 'body' THEN x.body IS reply_count.key WHEN 'kind' THEN x.kind IS reply_count.key
            WHEN 'category' THEN x.category IS reply_count.key
            ELSE x.region IS reply_count.key END) END
    WHERE (dim = 'total' AND k = 'NULL')
        OR (dim = 'year' AND k = quote(substr(old.date, 1, 4)))
        OR (dim = 'body' AND k = quote(old.body)) OR (dim = 'kind' AND k = quote(old.kind))
        OR (dim = 'category' AND k = quote(old.category))
        OR (dim = 'region' AND k = quote(old.region))
        OR (dim = 'department' AND k = quote(old.department));
    DELETE FROM reply_count WHERE n <= 0 AND ((dim = 'total' AND k = 'NULL')
        OR (dim = 'year' AND k = quote(substr(old.date, 1, 4)))
        OR (dim = 'body' AND k = quote(old.body)) OR (dim = 'kind' AND k = quote(old.kind))
        OR (dim = 'category' AND k = quote(old.category))
        OR (dim = 'region' AND k = quote(old.region))
        OR (dim = 'department' AND k = quote(old.department)));
END;
DROP TRIGGER IF EXISTS reply_count_au;
CREATE TRIGGER reply_count_au AFTER UPDATE OF body, kind, category, region, department, date
ON reply WHEN (old.body IS NOT new.body OR old.kind IS NOT new.kind
    OR old.category IS NOT new.category OR old.region IS NOT new.region
    OR old.department IS NOT new.department OR old.date IS NOT new.date) AND
    NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
    UPDATE reply_count SET n = n - 1, latest = CASE WHEN latest IS NOT old.date THEN latest
        WHEN dim = 'department' THEN (SELECT max(+x.date) FROM reply x
            WHERE x.department IS reply_count.key AND x.id <> old.id)
        WHEN dim = 'year' AND key IS NOT NULL THEN (SELECT max(x.date) FROM reply x
            WHERE x.date >= reply_count.key AND x.date < reply_count.key || '~' AND x.id <> old.id)
        ELSE (SELECT max(x.date) FROM reply x WHERE x.id <> old.id AND CASE reply_count.dim
            WHEN 'total' THEN 1 WHEN 'year' THEN substr(x.date, 1, 4) IS reply_count.key
            WHEN 'body' THEN x.body IS reply_count.key WHEN 'kind' THEN x.kind IS reply_count.key
            WHEN 'category' THEN x.category IS reply_count.key
            ELSE x.region IS reply_count.key END) END
    WHERE (dim = 'total' AND k = 'NULL')
        OR (dim = 'year' AND k = quote(substr(old.date, 1, 4)))
        OR (dim = 'body' AND k = quote(old.body)) OR (dim = 'kind' AND k = quote(old.kind))
        OR (dim = 'category' AND k = quote(old.category))
        OR (dim = 'region' AND k = quote(old.region))
        OR (dim = 'department' AND k = quote(old.department));
    DELETE FROM reply_count WHERE n <= 0 AND ((dim = 'total' AND k = 'NULL')
        OR (dim = 'year' AND k = quote(substr(old.date, 1, 4)))
        OR (dim = 'body' AND k = quote(old.body)) OR (dim = 'kind' AND k = quote(old.kind))
        OR (dim = 'category' AND k = quote(old.category))
        OR (dim = 'region' AND k = quote(old.region))
        OR (dim = 'department' AND k = quote(old.department)));
    INSERT INTO reply_count(dim, k, key, n, latest)
    SELECT column1, quote(column2), column2, 1, new.date FROM (VALUES ('total', NULL), ('year', substr(new.date, 1, 4)),
        ('body', new.body), ('kind', new.kind), ('category', new.category),
        ('region', new.region), ('department', new.department)) WHERE 1
    ON CONFLICT(dim, k) DO UPDATE SET n = n + 1, latest = CASE
        WHEN latest IS NULL OR excluded.latest > latest THEN excluded.latest ELSE latest END;
END;
