-- Schema version 25: a band value's letters in one row (src/similar/bands.h).
--
-- similar_band held a row a band value and letter, ordered by (key, id): looking a value up
-- was a seek into that index and a step a letter (about six at 90,000 letters). The letters
-- of a value are now one row of a rowid table whose rowid is the value itself: a look-up is
-- one seek by rowid and one row. The rows are the same: the view similar_band lists them as
-- (key, id), as the table did.
CREATE TABLE similar_band_ids (
    key INTEGER PRIMARY KEY,          -- hash of one band of a signature
    ids TEXT NOT NULL                 -- the letters (reply.id) that have it, in decimal, joined by ','
);

INSERT INTO similar_band_ids(key, ids) SELECT key, group_concat(id) FROM similar_band GROUP BY key;
DROP TABLE similar_band;

CREATE VIEW similar_band(key, id) AS
SELECT b.key, j.value FROM similar_band_ids AS b, json_each('[' || b.ids || ']') AS j;
