-- Schema version 21: the band rows of recently compared letters, one row a letter (src/similar/).
--
-- similar_band_recent (schema 015) held each band row of a letter compared recently as a row
-- of its own, about 20 a letter, each an insert into its index. They now wait here, one row a
-- letter: its band keys as one blob. A process comparing letters reads this table whole, as it
-- read the old one, and moves its rows into similar_band, in order of key, once enough are
-- there. A letter's band rows are those of similar_band and of this table; the rows of the old
-- table are moved into similar_band now (the same rows).
CREATE TABLE similar_band_waiting (
    seq  INTEGER PRIMARY KEY,         -- in the order written
    id   INTEGER NOT NULL,            -- reply.id
    keys BLOB NOT NULL                -- its band keys: 8 bytes each, the lowest first
);

-- The waiting rows as similar_band holds them: (key, id) a row.
CREATE VIEW similar_band_waiting_rows(key, id) AS
WITH RECURSIVE k(id, keys, i) AS (
    SELECT id, keys, 0 FROM similar_band_waiting WHERE length(keys) >= 8
    UNION ALL
    SELECT id, keys, i + 8 FROM k WHERE i + 16 <= length(keys)
)
SELECT (SELECT sum((instr('0123456789ABCDEF', substr(h, 2 * j + 1, 1)) * 16 +
                    instr('0123456789ABCDEF', substr(h, 2 * j + 2, 1)) - 17) << (8 * j))
        FROM (SELECT hex(substr(keys, i + 1, 8)) AS h),
             (SELECT 0 AS j UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
              UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7)),
       id
FROM k;

INSERT OR IGNORE INTO similar_band(key, id)
    SELECT key, id FROM similar_band_recent ORDER BY key, id;
DROP TABLE similar_band_recent;
