-- Schema version 22: a department's or a region's combinations are read from one index,
-- in order, without reading reply_facet.
--
-- Listings and statistics filtered by a department or a region read reply_facet through
-- its index on department_key or on region (schema 013), and each combination found there
-- from the table by its key. Since schema 018 that key starts with the combination of the
-- fields of few values, so one department's or region's combinations lie on pages of
-- their own, and each of the statistics' six groupings read them again one page each
-- (`dafu stats --department 公安部` 156 combinations at 100,000 letters). The two indexes
-- now hold every column those queries read, the filters of few values first: they answer
-- without the table, a department's or a region's combinations as neighbours. The index on
-- the date goes: every read of reply_facet has a department or a region (the filters of
-- few values alone read reply_combo, schema 018).
DROP INDEX IF EXISTS reply_facet_department_key;
DROP INDEX IF EXISTS reply_facet_region;
DROP INDEX IF EXISTS reply_facet_date;
CREATE INDEX reply_facet_department_key ON reply_facet(department_key, body, kind, category,
    term, session, date, region, department, n);
CREATE INDEX reply_facet_region ON reply_facet(region, body, kind, category, term, session, date,
    department_key, department, n);
