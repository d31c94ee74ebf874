-- Schema version 63: a reply's text hash kept as its 32 bytes, and the time it was imported as
-- the seconds since 1970.
--
-- reply.sha256 (schema 001) held the SHA-256 of the normalized text as 64 hex digits (1.3 MB at
-- 20,000 letters), reply_hash (schema 040) the first 16 of them, and reply.imported_at the
-- time in ISO 8601 (2024-05-06T07:08:09Z, 0.4 MB). The column sha256 now holds the hash's 32
-- bytes and reply_hash the first 4 of them (an import's look-up compares the whole hash of
-- what it finds), imported_at the seconds since 1970 (UTC) in decimal (the column's TEXT
-- affinity keeps them as text). Both are read back in their former forms wherever they are
-- shown (`dafu show`, the exports, the web page; src/store/row.c): 64 lowercase hex digits, the
-- ISO 8601 text. A row another tool stores in the former forms is read as it is; a time in
-- any other form is left as it is.
DROP INDEX reply_hash;
UPDATE reply SET sha256 = dafu_hash_bytes(sha256),
    imported_at = iif(strftime('%Y-%m-%dT%H:%M:%SZ', imported_at) IS imported_at,
                      CAST(strftime('%s', imported_at) AS INTEGER), imported_at)
WHERE typeof(sha256) = 'text' OR imported_at GLOB '*[^0-9]*';
CREATE INDEX reply_hash ON reply(substr(sha256, 1, 4));
