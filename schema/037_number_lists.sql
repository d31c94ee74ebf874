-- Schema version 37: a reply that answers several proposals at once keeps their numbers in
-- one field, as its header names them, joined by 、 ("12、15" for 第12号、第15号建议, "12、15"
-- for 第12、15号建议): a look-up by one of the numbers (dafu search --number 15, dafu show
-- 15, /?number=15) finds the reply by its number_key, or by one of the numbers of such a
-- list. The lists are few; this index holds them alone, so that the look-up reads them and
-- not every reply's number.
CREATE INDEX reply_number_list ON reply(number_key) WHERE number_key GLOB '*、*';
