-- dafu archive, schema version 1.
-- Each file schema/NNN_*.sql is one migration; dafu runs those whose NNN is above the
-- database's PRAGMA user_version, in order, each in one transaction, then sets user_version.

-- One reply letter (答复) from one department about one proposal.
CREATE TABLE reply (
    id             INTEGER PRIMARY KEY,
    body           TEXT,             -- 人大 or 政协
    level          TEXT,             -- 全国 省 市 县 区 镇
    region         TEXT,             -- 湖南省, 马关县 ...
    term           INTEGER,          -- 届
    session        INTEGER,          -- 次
    kind           TEXT,             -- 建议 议案 提案
    number         TEXT,             -- proposal number as written: '0831', '台52'
    number_key     TEXT,             -- normalized for look-ups: '831', '台52'
    number_int     INTEGER,          -- trailing integer of the number: 831, 52
    department     TEXT,             -- replying body as written
    delegates      TEXT,             -- proposers joined by '、' (searchable copy of reply_delegate)
    delegate_count INTEGER,          -- count the letter states (等13位代表), else NULL
    title          TEXT,             -- proposal title without 《》
    doc_number     TEXT,             -- 文号 as written
    date           TEXT,             -- signing date, YYYY-MM-DD
    category       TEXT,             -- A B C
    text           TEXT NOT NULL,    -- the letter, page chrome removed
    source         TEXT,             -- path or URL it came from
    sha256         TEXT NOT NULL,    -- of the normalized text
    imported_at    TEXT NOT NULL     -- UTC, ISO 8601
);
CREATE INDEX reply_number_key ON reply(number_key);
CREATE INDEX reply_department ON reply(department);
CREATE INDEX reply_date ON reply(date);
CREATE INDEX reply_sha256 ON reply(sha256);

-- A proposer: a delegate, a member, or a group (致公党广州市委员会).
CREATE TABLE delegate (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,  -- as written
    name_key  TEXT NOT NULL,         -- normalized (simplified, folded)
    pinyin    TEXT                   -- 'he ruqiu', computed once at import
);
CREATE INDEX delegate_name_key ON delegate(name_key);

CREATE TABLE reply_delegate (
    reply_id    INTEGER NOT NULL REFERENCES reply(id) ON DELETE CASCADE,
    delegate_id INTEGER NOT NULL REFERENCES delegate(id),
    position    INTEGER NOT NULL,    -- 0 = lead proposer
    PRIMARY KEY (reply_id, delegate_id)
) WITHOUT ROWID;
CREATE INDEX reply_delegate_delegate ON reply_delegate(delegate_id);

-- Common abbreviations (简称) that are not the name's characters in order.
CREATE TABLE department_alias (
    alias TEXT PRIMARY KEY,          -- 发改委
    expansion TEXT NOT NULL          -- 发展和改革委员会
) WITHOUT ROWID;
INSERT INTO department_alias VALUES
    ('发改委', '发展和改革委员会'),
    ('发改局', '发展和改革局'),
    ('人社厅', '人力资源和社会保障厅'),
    ('人社局', '人力资源和社会保障局'),
    ('工信厅', '工业和信息化厅'),
    ('工信局', '工业和信息化局'),
    ('住建厅', '住房和城乡建设厅'),
    ('住建局', '住房和城乡建设局'),
    ('卫健委', '卫生健康委员会'),
    ('卫健局', '卫生健康局'),
    ('交通厅', '交通运输厅'),
    ('交通局', '交通运输局'),
    ('教体局', '教育和体育局'),
    ('文旅厅', '文化和旅游厅'),
    ('文旅局', '文化和旅游局'),
    ('市场监管局', '市场监督管理局'),
    ('应急局', '应急管理局'),
    ('医保局', '医疗保障局'),
    ('林草局', '林业和草原局');

-- Full-text index over the letters with the dafu tokenizer (Han bigrams + unigrams).
-- External content: the text lives once, in reply; triggers keep the index in step.
CREATE VIRTUAL TABLE reply_fts USING fts5(
    title, department, delegates, text,
    content='reply', content_rowid='id', tokenize='dafu'
);
CREATE TRIGGER reply_ai AFTER INSERT ON reply BEGIN
    INSERT INTO reply_fts(rowid, title, department, delegates, text)
    VALUES (new.id, new.title, new.department, new.delegates, new.text);
END;
CREATE TRIGGER reply_ad AFTER DELETE ON reply BEGIN
    INSERT INTO reply_fts(reply_fts, rowid, title, department, delegates, text)
    VALUES ('delete', old.id, old.title, old.department, old.delegates, old.text);
END;
CREATE TRIGGER reply_au AFTER UPDATE ON reply BEGIN
    INSERT INTO reply_fts(reply_fts, rowid, title, department, delegates, text)
    VALUES ('delete', old.id, old.title, old.department, old.delegates, old.text);
    INSERT INTO reply_fts(rowid, title, department, delegates, text)
    VALUES (new.id, new.title, new.department, new.delegates, new.text);
END;
