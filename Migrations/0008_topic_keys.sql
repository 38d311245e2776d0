-- Each topic's and alias's key: its name as people mean it, with case, diacritics, punctuation
-- and spaces folded and English endings stemmed, so that "Post-Rock", "post rock" and
-- "post rocks" all have the key 'postrock'. "Who should get this?" finds the topics named in
-- a text through these indexes, and a topic named in a question matches by key when no
-- topic has that exact name. Kith computes keys (the folding needs Unicode); a topic or
-- alias added or renamed in the sqlite3 shell has a NULL key, which Kith treats as unknown
-- (it works the key out when it reads the row) and fills in at its next write of topics.
--   SELECT key, group_concat(name, ' ~ ') FROM topics GROUP BY key HAVING count(*) > 1;
ALTER TABLE topics ADD COLUMN key TEXT CHECK (key IS NULL OR length(key) > 0);
ALTER TABLE topic_aliases ADD COLUMN key TEXT CHECK (key IS NULL OR length(key) > 0);
CREATE INDEX topics_by_key ON topics(key);
CREATE INDEX topic_aliases_by_key ON topic_aliases(key);

CREATE TRIGGER topics_key_after_rename AFTER UPDATE OF name ON topics WHEN new.name IS NOT old.name BEGIN
    UPDATE topics SET key = NULL WHERE id = new.id;
END;

CREATE TRIGGER topic_aliases_key_after_rename AFTER UPDATE OF alias ON topic_aliases WHEN new.alias IS NOT old.alias BEGIN
    UPDATE topic_aliases SET key = NULL WHERE id = new.id;
END;
