-- Schema version 19: a short sketch of each signature (src/similar/).
--
-- A candidate's signature (similar_sig, 512 bytes) is read only to tell how
-- many of its values agree with the new letter's; most candidates agree in
-- few. The low 4 bits of each value, 64 bytes, agree wherever the values do,
-- so a candidate whose sketch agrees in fewer places than the comparison
-- needs is dropped without its signature being read: the same candidates are
-- kept, from a table eight times smaller. A letter compared before this
-- version has no sketch: its signature is read, as before.
CREATE TABLE similar_sketch (
    id INTEGER PRIMARY KEY,           -- reply.id
    sk BLOB NOT NULL                  -- SIM_K 4-bit values, two a byte (the first low)
);

CREATE TRIGGER similar_sketch_ad AFTER DELETE ON reply BEGIN
    DELETE FROM similar_sketch WHERE id = old.id;
END;
