-- Schema version 43: a reply to a range of proposals keeps the range as its header
-- writes it ("12至15" for 第12至15号建议, "31至34" for 第31号至第34号提案, "12-15",
-- "12~15" for 第12～15号), and a look-up by a number inside it (dafu search --number 13,
-- dafu show 13, /?number=13) finds it, as a look-up by one number of a list ("12、15",
-- schema 037) finds the list. The index of the lists alone gives way to one of the keys
-- that name more than one number: those that hold 、 or a range's word (至, 到, ~, —,
-- -). They are few; the look-up reads them through this index and asks of each
-- whether it names the number (dafu_number_in, src/model/letter.c), not every reply's
-- number. The condition is written the same in src/search/filter_sql.c, for SQLite to
-- take the index.
DROP INDEX IF EXISTS reply_number_list;
CREATE INDEX reply_number_many ON reply(number_key) WHERE number_key GLOB '*[、至到~—-]*';
