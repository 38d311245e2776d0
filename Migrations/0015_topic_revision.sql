-- "Who should get this?" finds the topics named in an article by looking each run of its
-- words up among the keys of every topic and alias (0008). Kith keeps those keys in memory,
-- and topic_revision says when to read them again: the triggers below replace it with a
-- random number whenever a topic or an alias is added, removed, renamed or given its key
-- (edits made in the sqlite3 shell included). Like ranking_revision (0012), it is random,
-- not a counter, so that two states of the file never share one.
--   SELECT revision FROM topic_revision;
CREATE TABLE topic_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
) STRICT;

INSERT INTO topic_revision(id, revision) VALUES (1, random());

CREATE TRIGGER topic_revision_after_topic_insert AFTER INSERT ON topics BEGIN
    UPDATE topic_revision SET revision = random();
END;

CREATE TRIGGER topic_revision_after_topic_delete AFTER DELETE ON topics BEGIN
    UPDATE topic_revision SET revision = random();
END;

CREATE TRIGGER topic_revision_after_topic_update AFTER UPDATE OF id, name, key ON topics BEGIN
    UPDATE topic_revision SET revision = random();
END;

CREATE TRIGGER topic_revision_after_alias_insert AFTER INSERT ON topic_aliases BEGIN
    UPDATE topic_revision SET revision = random();
END;

CREATE TRIGGER topic_revision_after_alias_delete AFTER DELETE ON topic_aliases BEGIN
    UPDATE topic_revision SET revision = random();
END;

CREATE TRIGGER topic_revision_after_alias_update AFTER UPDATE OF topic_id, alias, key ON topic_aliases BEGIN
    UPDATE topic_revision SET revision = random();
END;
