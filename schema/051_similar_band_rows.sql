-- Schema version 51: a row of similar_band_ids holds the band values of one bucket
-- (src/store/idlist.h).
--
-- A row of similar_band_ids was one band value, its rowid the value: a 64-bit hash,
-- 9 bytes of the row's cell, which with the cell's pointer, size and header was 15 bytes
-- a value beside its list of letters (about 4 at 100,000 letters, most values naming one
-- letter). Its rowid is now the value's top 16 bits (3 bytes), and the row holds every value
-- so beginning, in order, each its low 48 bits (6 bytes), the length of its list and the
-- list (store/idlist.h), so that a value costs its 6 bytes and one of length. A look-up reads
-- the row of its value's top bits and finds the value in it; new letters are merged into a
-- row (dafu_band_merge). The view similar_band lists the rows as (key, id), as before.
DROP VIEW similar_band;
CREATE TEMP TABLE band_rows AS
SELECT (key >> 48) & 65535 AS key, dafu_band_row(key, ids) AS ids
FROM similar_band_ids GROUP BY 1;
DELETE FROM similar_band_ids;
INSERT INTO similar_band_ids(key, ids) SELECT key, ids FROM temp.band_rows ORDER BY key;
DROP TABLE temp.band_rows;
CREATE VIEW similar_band(key, id) AS
SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')
FROM similar_band_ids AS b, json_each(dafu_band_rows(b.key, b.ids)) AS j;
