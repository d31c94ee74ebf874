-- Schema version 14: the counts of new replies are added once a batch, not a letter.
--
-- Every reply inserted ran two triggers that added it to reply_count (seven rows: the
-- total, its year, body, kind, category, region and department, each moved in the
-- index of their order too) and to reply_facet: eight upserts a letter, on pages the
-- file's savepoint then copied to its journal. Now an insert records the new id in
-- reply_uncounted; dafu adds the batch's replies to both tables in one grouped
-- statement each just before it commits (db_commit), so the table is empty outside a
-- transaction and the counts read by listings are those of committed replies, as
-- before. The triggers for updates and deletes leave alone a reply of the batch not
-- counted yet (its final values are counted at the commit); otherwise they are those
-- of schema 7.
CREATE TABLE reply_uncounted (
    id INTEGER PRIMARY KEY            -- reply.id not yet in reply_count and reply_facet
);
DROP TRIGGER IF EXISTS reply_count_ai;
DROP TRIGGER IF EXISTS reply_facet_ai;
DROP TRIGGER IF EXISTS reply_ai;
CREATE TRIGGER reply_ai AFTER INSERT ON reply BEGIN
    INSERT INTO reply_unindexed(id) VALUES (new.id);
    INSERT OR IGNORE INTO reply_uncounted(id) VALUES (new.id);
END;
DROP TRIGGER IF EXISTS reply_facet_ad;
CREATE TRIGGER reply_facet_ad AFTER DELETE ON reply
    WHEN NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
    UPDATE reply_facet SET n = n - 1, date = CASE WHEN date IS NOT old.date THEN date ELSE
        (SELECT max(r.date) FROM reply r WHERE r.facet_k = old.facet_k) END
    WHERE k = old.facet_k;
    DELETE FROM reply_facet WHERE k = old.facet_k AND n <= 0;
END;
DROP TRIGGER IF EXISTS reply_facet_au;
CREATE TRIGGER reply_facet_au AFTER UPDATE OF body, kind, category, region, department,
        department_key, term, session, date ON reply WHEN (old.facet_k IS NOT new.facet_k
        OR old.date IS NOT new.date) AND NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
    UPDATE reply_facet SET n = n - 1, date = CASE WHEN date IS NOT old.date THEN date ELSE
        (SELECT max(r.date) FROM reply r WHERE r.facet_k = old.facet_k AND r.id <> old.id) END
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
DROP TRIGGER IF EXISTS reply_count_au;
CREATE TRIGGER reply_count_au AFTER UPDATE OF body, kind, category, region, department, date
ON reply WHEN (old.body IS NOT new.body OR old.kind IS NOT new.kind
    OR old.category IS NOT new.category OR old.region IS NOT new.region
    OR old.department IS NOT new.department OR old.date IS NOT new.date) AND
    NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = old.id) BEGIN
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
