-- "Who should get this?" weighs each interest by its topic's rarity and by the length of the
-- person's whole profile, and both move with every interest anyone adds; it finds the stored
-- resources most like the article by their topics' rarity among resources, which moves with
-- every resource. Reading them from `interests` and `resource_topics` costs a question every
-- profile of everyone who shares one of its topics, and every topic of every resource that
-- does. The ranking index keeps them packed instead, so that a question reads two rows per
-- topic of the article.
--
-- ranking_revision changes, by the triggers below, whenever interests, people, resources or
-- their topics change (edits made in the sqlite3 shell included). It is a random number, not
-- a counter, so that two states of the file never share one. An index built at another
-- revision is never read: the question builds one from `interests` and `resource_topics`
-- instead (the same answer, slower) until Kith stores it again (`kith recommend` does, and
-- `Questions.saveRankingIndex()`).
--
-- Derived: never edit ranking_index, ranking_index_topics or ranking_index_resources by hand
-- (deleting their rows is safe), and JSON backups leave all four tables out.
--   SELECT revision = (SELECT revision FROM ranking_revision) AS current, people, typical_length FROM ranking_index;
CREATE TABLE ranking_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
) STRICT;

INSERT INTO ranking_revision(id, revision) VALUES (1, random());

CREATE TRIGGER ranking_revision_after_interest_insert AFTER INSERT ON interests BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_interest_delete AFTER DELETE ON interests BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_interest_update AFTER UPDATE OF person_id, topic_id, weight ON interests BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_person_insert AFTER INSERT ON people BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_person_delete AFTER DELETE ON people BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_resource_insert AFTER INSERT ON resources BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_resource_delete AFTER DELETE ON resources BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_resource_topic_insert AFTER INSERT ON resource_topics BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_resource_topic_delete AFTER DELETE ON resource_topics BEGIN
    UPDATE ranking_revision SET revision = random();
END;

CREATE TRIGGER ranking_revision_after_resource_topic_update AFTER UPDATE ON resource_topics BEGIN
    UPDATE ranking_revision SET revision = random();
END;

-- The network at one revision: how many people and resources it has, the root mean square of
-- the people's profile lengths, and the smallest and largest id of anyone with an interest.
CREATE TABLE ranking_index (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    revision        INTEGER NOT NULL,
    people          INTEGER NOT NULL CHECK (people >= 0),
    resources       INTEGER NOT NULL CHECK (resources >= 0),
    typical_length  REAL NOT NULL CHECK (typical_length > 0),
    first_person_id INTEGER NOT NULL,
    last_person_id  INTEGER NOT NULL CHECK (last_person_id >= first_person_id)
) STRICT;

-- Who cares about each topic at that revision (`people` of them), by ascending person id,
-- each as: the id (a LEB128 varint, zigzag for the first, the difference from the one before
-- for the others), the weight (1 byte) and the length of the person's profile (a 4-byte
-- little-endian float).
CREATE TABLE ranking_index_topics (
    topic_id INTEGER PRIMARY KEY,
    people   INTEGER NOT NULL CHECK (people > 0),
    postings BLOB NOT NULL CHECK (length(postings) >= 6 * people)
) STRICT;

-- The resources with each topic at that revision (`resources` of them), packed the same way:
-- the resource's id, 1, and the length of its topics (√Σ idf², idf among resources).
CREATE TABLE ranking_index_resources (
    topic_id  INTEGER PRIMARY KEY,
    resources INTEGER NOT NULL CHECK (resources > 0),
    postings  BLOB NOT NULL CHECK (length(postings) >= 6 * resources)
) STRICT;

-- History reads who passed each of the most similar resources and how it was received: with
-- the reception in the index, that is read from the index alone (the same name, one more column).
DROP INDEX shares_by_resource;
CREATE INDEX shares_by_resource ON shares(resource_id, direction, person_id, reception);
