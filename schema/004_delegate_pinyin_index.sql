-- Schema version 4: a delegate looked up by pinyin ("heruqiu", "He Ruqiu") is found
-- through an index, not by computing every delegate's pinyin without spaces.
-- src/query.c compares exactly this expression.
CREATE INDEX delegate_pinyin_key ON delegate(replace(pinyin, ' ', ''));
