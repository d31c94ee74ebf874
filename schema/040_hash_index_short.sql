-- Schema version 40: the index by which an import finds a letter already stored holds the
-- first 16 hex digits of its hash, not all 64.
--
-- reply_sha256 (schema 001) held each reply's 64 hex digits again, some 70 bytes an entry
-- (8.2 MB at 100,000 letters): the look-up of each letter imported was its one reader. The
-- look-up now reads the replies whose hash starts with the same 16 digits (64 bits: that two of
-- a million different texts share them has a chance of about one in 37 million) and
-- compares the whole hash in their rows, so it finds the same reply, the first by id, as
-- before; a new letter, whose digits no reply has, is not looked up in reply at all.
DROP INDEX reply_sha256;
CREATE INDEX reply_hash ON reply(substr(sha256, 1, 16));
