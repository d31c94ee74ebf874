-- Schema version 64: the band rows left waiting moved into similar_band_ids (src/similar/bands.c).
--
-- A letter's new band rows wait in similar_band_waiting (schema 021), 8 bytes a value, until
-- SIM_RECENT_MAX of them are moved into similar_band_ids at once (schemas 047, 051). A whole
-- import left up to that many waiting: at 20,000 letters 105,528 values in 6,009 rows, 1.0 MB
-- of pages, which the next process comparing letters reads whole. An import of a quarter of
-- the archive or more now moves them at its end (similar_settle), as it merges the full-text
-- index; this moves those an archive has, as a move by a later import would: each value's new
-- letters, once each and in order, appended to its list (dafu_band_merge).
INSERT INTO similar_band_ids(key, ids)
SELECT (key >> 48) & 65535, dafu_band_row(key, ids)
FROM (SELECT key, dafu_band_pack(group_concat(id)) AS ids
      FROM (SELECT DISTINCT key, id FROM similar_band_waiting_rows ORDER BY key, id)
      GROUP BY key)
GROUP BY 1 ORDER BY 1
ON CONFLICT(key) DO UPDATE SET ids = dafu_band_merge(ids, excluded.ids);
DELETE FROM similar_band_waiting;
-- The table written again in order of key, its pages filled (as an import that moves them
-- leaves it): rows merged into at random leave them about four fifths full.
CREATE TEMP TABLE band_rows AS SELECT key, ids FROM similar_band_ids ORDER BY key;
DELETE FROM similar_band_ids;
INSERT INTO similar_band_ids(key, ids) SELECT key, ids FROM temp.band_rows ORDER BY key;
DROP TABLE temp.band_rows;
