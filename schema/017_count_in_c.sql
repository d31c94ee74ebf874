-- Schema version 17: the counts the listings read are kept by dafu alone, not by
-- triggers.
--
-- reply_count, reply_facet and delegate_stat were kept by triggers on updates and
-- deletes (schemas 007, 014, 016) and, for the proposers, on every link inserted.
-- dafu now takes a counted reply out of the counts itself before it changes or
-- deletes it (src/store/db.c, uncount) and counts the replies of a batch, their
-- proposers included, in grouped statements before it commits (count_pending):
-- one place that counts. Every process that opens the archive parsed these
-- triggers; they were most of its schema.
--
-- Another program that updates or deletes rows of reply leaves the counts as
-- they were: `dafu check` says so.
DROP TRIGGER IF EXISTS reply_facet_ad;
DROP TRIGGER IF EXISTS reply_facet_au;
DROP TRIGGER IF EXISTS reply_count_ad;
DROP TRIGGER IF EXISTS reply_count_au;
DROP TRIGGER IF EXISTS delegate_stat_ai;
DROP TRIGGER IF EXISTS delegate_stat_ad;
DROP TRIGGER IF EXISTS delegate_stat_date;
DROP TRIGGER IF EXISTS delegate_stat_name;
