-- Schema version 60: the replies the last commits added to reply_combo_delegate kept apart, as
-- reply_cross's, reply_count's and delegate_stat's changed rows are (schemas 053, 057).
--
-- reply_combo_delegate (schema 018) counts the replies of each combination of the fields of
-- few values by proposer; its key (the combination, then the proposer's number) puts a batch's
-- rows all over it: a batch of 1,000 letters into 99,000 changed 417 of its pages. A commit now
-- adds its replies to reply_combo_delegate_recent, whose rows add to reply_combo_delegate's of
-- the same key (their replies summed, the newer date), and which is added in, in key order,
-- once it holds more rows than a bound (store/count.c). Every reader adds up both (in memory,
-- src/search/group.c); a reply taken out of the counts first adds its row there into
-- reply_combo_delegate's.
CREATE TABLE reply_combo_delegate_recent (
    combo       TEXT NOT NULL,
    delegate_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    latest      TEXT,
    PRIMARY KEY (combo, delegate_id)
) WITHOUT ROWID;
