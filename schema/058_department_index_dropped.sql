-- Schema version 58: no index of reply by its department as written.
--
-- reply_department (schema 001) put every reply again in the order of its department's name,
-- as reply_department_key (002) does by the department's key, which is dafu_norm(department):
-- the replies of one department are among those of its key. Its one reader was the newest
-- date of a department's other replies when a counted reply changes or goes (src/store/count.c),
-- which now reads them through reply_department_key, by the changing reply's own key. The
-- department filters read reply_department_key, reply_facet and the counts. Its keys fall all
-- over it, so that a batch of 1,000 letters into 99,000 changed 216 of its 219 pages.
DROP INDEX IF EXISTS reply_department;
