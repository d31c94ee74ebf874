-- Schema version 2: departments are looked up in normalized form, so a simplified
-- query finds a department written in traditional characters (饒平縣… for 饶平县)
-- and full-width forms fold. dafu_norm() is the same normalization the full-text
-- index uses, registered by dafu on every connection.
ALTER TABLE reply ADD COLUMN department_key TEXT;
UPDATE reply SET department_key = dafu_norm(department);
CREATE INDEX reply_department_key ON reply(department_key);
