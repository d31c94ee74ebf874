-- Schema version 60: the rows of reply_combo_delegate that the last commits changed, kept
-- apart, as reply_cross's, reply_count's and delegate_stat's are (schemas 053, 057).
--
-- reply_combo_delegate (schema 018) counts the replies of each combination of the fields of
-- few values by proposer; its key (the combination, then the proposer's number) puts a batch's
-- rows all over it: a batch of 1,000 letters into 99,000 changed 417 of its pages. A commit now
-- writes each row it changes, whole (its count and newest date as reply_combo_delegate would
-- hold them), into reply_combo_delegate_recent, which stands for the row of the same key and
-- is merged in, in key order, once it holds more rows than a bound (store/count.c). The readers
-- read reply_combo_delegate's rows that it does not hold, then its own, and add them up by
-- proposer in memory (src/search/group.c).
CREATE TABLE reply_combo_delegate_recent (
    combo       TEXT NOT NULL,
    delegate_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    latest      TEXT,
    PRIMARY KEY (combo, delegate_id)
) WITHOUT ROWID;
