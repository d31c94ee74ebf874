-- Schema version 47: a band value's letters as varints rather than decimal text
-- (src/store/idlist.h).
--
-- A row of similar_band_ids listed its letters' ids in decimal joined by ',' (about 6.6 bytes
-- an id at 100,000 letters). Its column ids holds them now as a blob (the column keeps its
-- declared type, TEXT, which leaves a blob as it is; the table is not made again, a rename
-- parsing the whole schema at every new archive): each id an unsigned LEB128 varint of its
-- difference from the id before it (the first from 0; an id not above the one before it is
-- the byte 0, then the id itself), the same ids in the same order. dafu_band_join appends a
-- value's new letters, dafu_band_ids gives them back in decimal joined by ',' (as the rows
-- were) and dafu_band_count counts them. The view similar_band lists the rows as (key, id),
-- as before.
DROP VIEW similar_band;
UPDATE similar_band_ids SET ids = dafu_band_pack(ids);
CREATE VIEW similar_band(key, id) AS
SELECT b.key, j.value FROM similar_band_ids AS b,
    json_each('[' || dafu_band_ids(b.ids) || ']') AS j;
