-- Schema version 5: where the parser read each field of a reply.
--
-- evidence: a JSON object, field -> {"from": "header" | "salutation" | "opening" |
-- "body" | "signature" | "metadata" | "page title" | "page footer" |
-- "department name", "line": the line as written}; NULL when not known (a record
-- imported without it).
ALTER TABLE reply ADD COLUMN evidence TEXT;
