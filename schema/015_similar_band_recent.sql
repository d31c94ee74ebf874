-- Schema version 15: the band rows of recently compared letters (src/similar/).
--
-- similar_band holds its rows in order of their random keys, so rows written
-- in small numbers land on nearly every page of it. New band rows go here
-- instead, in order of letter (each batch appends to the last pages); a
-- process comparing letters reads this table whole into memory, and once it
-- holds SIM_RECENT_MAX rows they are moved into similar_band at once, in
-- order of key. A letter's band rows are those of both tables.
CREATE TABLE similar_band_recent (
    id  INTEGER NOT NULL,             -- reply.id
    key INTEGER NOT NULL,             -- hash of one band of its signature
    PRIMARY KEY (id, key)
) WITHOUT ROWID;
