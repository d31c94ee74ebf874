-- Schema version 52: the order indexes of reply_cross and reply_count hold the rows that count
-- more than one reply.
--
-- reply_cross_order (schemas 013, 028, 029) and reply_count_order (007, 028) put every row of
-- their table again in the order the listings read, most replies first and a count's rows by
-- key. Most rows count one reply (a department, a region or a proposer seen once, under a
-- year, body, kind or category in reply_cross: 439,722 of its 556,618 rows at 100,000
-- letters; 48,601 of reply_count's 84,224), and those are in that order already in their
-- table, whose key ends with the key. Each index now holds the rows of more than one reply; a
-- listing reads them from it, then the rows of one reply from the table, by key.
DROP INDEX reply_cross_order;
CREATE INDEX reply_cross_order ON reply_cross(f, fk, dim, n DESC, k) WHERE n > 1;
DROP INDEX reply_count_order;
CREATE INDEX reply_count_order ON reply_count(dim, n DESC, k) WHERE n > 1;
