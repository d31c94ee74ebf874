-- Schema version 9: an import finds the reply a letter updates (the same proposal
-- number and department, src/store/db.c find_existing) in one index, without
-- reading the replies of every meeting that used the same number (at 100,000
-- letters a number is shared by 18 replies on average, each read from its own
-- page). Searches by number read the same index by its first column.
DROP INDEX reply_number_key;
CREATE INDEX reply_number_key ON reply(number_key, department);
