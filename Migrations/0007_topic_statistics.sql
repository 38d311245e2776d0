-- How many people care about each topic, kept up to date by the triggers below (edits made
-- in the sqlite3 shell included), so that "who should get this?" can weigh a topic by how
-- specific it is without counting every interest. weight_squares is the sum of the squared
-- weights, from which the typical length of a profile follows. Derived: never edit it by
-- hand, and JSON backups leave it out (it is rebuilt from the interests).
--   SELECT t.name, s.people FROM topic_statistics s JOIN topics t ON t.id = s.topic_id ORDER BY s.people DESC LIMIT 10;
CREATE TABLE topic_statistics (
    topic_id       INTEGER PRIMARY KEY REFERENCES topics(id) ON DELETE CASCADE,
    people         INTEGER NOT NULL CHECK (people > 0),
    weight_squares INTEGER NOT NULL CHECK (weight_squares > 0)
) STRICT;

INSERT INTO topic_statistics(topic_id, people, weight_squares)
    SELECT topic_id, count(*), sum(weight * weight) FROM interests GROUP BY topic_id;

CREATE TRIGGER topic_statistics_after_insert AFTER INSERT ON interests BEGIN
    INSERT INTO topic_statistics(topic_id, people, weight_squares) VALUES (new.topic_id, 1, new.weight * new.weight)
        ON CONFLICT (topic_id) DO UPDATE SET people = people + 1, weight_squares = weight_squares + new.weight * new.weight;
END;

CREATE TRIGGER topic_statistics_after_delete AFTER DELETE ON interests BEGIN
    DELETE FROM topic_statistics WHERE topic_id = old.topic_id AND people = 1;
    UPDATE topic_statistics SET people = people - 1, weight_squares = weight_squares - old.weight * old.weight
        WHERE topic_id = old.topic_id;
END;

CREATE TRIGGER topic_statistics_after_update AFTER UPDATE OF topic_id, weight ON interests BEGIN
    DELETE FROM topic_statistics WHERE topic_id = old.topic_id AND people = 1;
    UPDATE topic_statistics SET people = people - 1, weight_squares = weight_squares - old.weight * old.weight
        WHERE topic_id = old.topic_id;
    INSERT INTO topic_statistics(topic_id, people, weight_squares) VALUES (new.topic_id, 1, new.weight * new.weight)
        ON CONFLICT (topic_id) DO UPDATE SET people = people + 1, weight_squares = weight_squares + new.weight * new.weight;
END;
