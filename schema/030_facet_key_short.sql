-- Schema version 30: reply_facet's key writes '=' for a department key that is its
-- department's own name, and reply no longer declares the key.
--
-- reply_facet's key (schema 018: reply.combo_k, then quote() of the region, the
-- department and the department key, between '|') is stored three times, in the table
-- and in its two covering indexes (schema 022), about 100 bytes a row, and nearly every
-- department key is its department's name again (94,007 of 97,596 rows at 100,000
-- letters). The key's last field is now '=' for a department key that is the department
-- (the same text, or both missing): about 25 bytes less a row in each copy. The key
-- still reads one way only ('=' is no value quote() writes), and still starts with its
-- combination of the fields of few values, so a combination's rows are the same range
-- of it. The column reply.facet_k goes: the statements that count the replies write the
-- key themselves (FACET_K, src/store/count.c), and every process that opens the archive
-- parses the declaration of reply, which no longer holds it.
ALTER TABLE reply DROP COLUMN facet_k;
UPDATE reply_facet SET k = substr(k, 1, length(k) - length(quote(department_key))) || '='
WHERE department_key IS department;
