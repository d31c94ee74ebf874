-- Schema version 31: a letter's MinHash signature is no longer stored.
--
-- similar_sig held SIM_K 32-bit minima a letter (512 bytes; 53 MB of a 100,000-letter
-- archive, more than any other table but the letters and their index). A signature is
-- read only for a candidate whose sketch (schema 019) agrees with the new letter's in
-- enough places, and such a candidate is then mostly verified, its text shingled again
-- (src/similar). The signature depends on the shingles alone: dafu makes it again from
-- the candidate's text, the shingles it made kept for the verification, and finds the
-- same candidates. The table keeps a row a letter compared and the size of its shingles.
ALTER TABLE similar_sig DROP COLUMN sig;
