-- Schema version 18: listings and statistics with several filters of few values read
-- the counts of the combinations of those fields, not every combination of reply_facet.
--
-- reply_facet has nearly a row a reply (its combinations hold the region and the
-- department): a statistic with two filters (a term and a session, a kind and a year)
-- read all of it, 97,000 rows at 100,000 letters. The fields of few values (body,
-- kind, category, term, session, year) now make a combination of their own,
-- reply.combo_k, counted in reply_combo: a few thousand rows, which the filters select
-- and whose sums give the total and the groupings by those fields. reply_facet's key
-- starts with that combination, so the regions and departments of the combinations a
-- filter selects are ranges of its key (k from combo || '|' to combo || '}'), and
-- reply_combo_delegate counts each combination's replies by proposer. Kept with the
-- other counts (src/store/count.c).
ALTER TABLE reply ADD COLUMN combo_k TEXT AS (
    quote(body) || '|' || quote(kind) || '|' || quote(category) || '|' || quote(term) ||
    '|' || quote(session) || '|' || quote(substr(date, 1, 4))) VIRTUAL;
ALTER TABLE reply DROP COLUMN facet_k;
ALTER TABLE reply ADD COLUMN facet_k TEXT AS (
    combo_k || '|' || quote(region) || '|' || quote(department) || '|' ||
    quote(department_key)) VIRTUAL;
DELETE FROM reply_facet;
INSERT INTO reply_facet
SELECT facet_k, body, kind, category, region, department, department_key, term, session,
       max(date), count(*)
FROM reply GROUP BY facet_k;

CREATE TABLE reply_combo (
    k        TEXT PRIMARY KEY,           -- reply.combo_k
    body     TEXT,
    kind     TEXT,
    category TEXT,
    term     INTEGER,
    session  INTEGER,
    date     TEXT,                       -- the year, substr(reply.date, 1, 4): the year
                                         -- filter (a range of dates) reads it as it reads
                                         -- reply.date
    n        INTEGER NOT NULL            -- its replies
) WITHOUT ROWID;
INSERT INTO reply_combo
SELECT combo_k, body, kind, category, term, session, substr(date, 1, 4), count(*)
FROM reply GROUP BY combo_k;

CREATE TABLE reply_combo_delegate (
    combo       TEXT NOT NULL,           -- reply_combo.k
    delegate_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,        -- the combination's replies the proposer made
    latest      TEXT,                    -- the newest of their dates
    PRIMARY KEY (combo, delegate_id)
) WITHOUT ROWID;
INSERT INTO reply_combo_delegate
SELECT r.combo_k, rd.delegate_id, count(*), max(r.date)
FROM reply r JOIN reply_delegate rd ON rd.reply_id = r.id
GROUP BY r.combo_k, rd.delegate_id;
