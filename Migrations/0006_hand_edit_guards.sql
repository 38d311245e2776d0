-- Guards for edits made by hand in the sqlite3 shell, where foreign keys are off unless
-- the user runs PRAGMA foreign_keys = ON. Kith's own connections always turn them on, so
-- for Kith these triggers only repeat what the foreign keys already do; in the shell they
-- are what keeps the file consistent:
--   * a row that names a person, topic, resource or commitment that does not exist is
--     refused, on insert and on update of that column;
--   * deleting a person, topic, resource or commitment deletes the rows that were only
--     theirs (and clears an ask's redirected_to_id), as ON DELETE CASCADE / SET NULL would.
-- The messages name the table and column, never the values.

CREATE TRIGGER emails_person_id_exists_on_insert BEFORE INSERT ON emails
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'emails.person_id names no person'); END;

CREATE TRIGGER emails_person_id_exists_on_update BEFORE UPDATE OF person_id ON emails
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'emails.person_id names no person'); END;

CREATE TRIGGER phones_person_id_exists_on_insert BEFORE INSERT ON phones
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'phones.person_id names no person'); END;

CREATE TRIGGER phones_person_id_exists_on_update BEFORE UPDATE OF person_id ON phones
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'phones.person_id names no person'); END;

CREATE TRIGGER notes_person_id_exists_on_insert BEFORE INSERT ON notes
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'notes.person_id names no person'); END;

CREATE TRIGGER notes_person_id_exists_on_update BEFORE UPDATE OF person_id ON notes
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'notes.person_id names no person'); END;

CREATE TRIGGER acquaintances_person_id_exists_on_insert BEFORE INSERT ON acquaintances
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'acquaintances.person_id names no person'); END;

CREATE TRIGGER acquaintances_person_id_exists_on_update BEFORE UPDATE OF person_id ON acquaintances
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'acquaintances.person_id names no person'); END;

CREATE TRIGGER acquaintances_other_person_id_exists_on_insert BEFORE INSERT ON acquaintances
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.other_person_id)
BEGIN SELECT RAISE(ABORT, 'acquaintances.other_person_id names no person'); END;

CREATE TRIGGER acquaintances_other_person_id_exists_on_update BEFORE UPDATE OF other_person_id ON acquaintances
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.other_person_id)
BEGIN SELECT RAISE(ABORT, 'acquaintances.other_person_id names no person'); END;

CREATE TRIGGER topic_aliases_topic_id_exists_on_insert BEFORE INSERT ON topic_aliases
WHEN NOT EXISTS (SELECT 1 FROM topics WHERE id = new.topic_id)
BEGIN SELECT RAISE(ABORT, 'topic_aliases.topic_id names no topic'); END;

CREATE TRIGGER topic_aliases_topic_id_exists_on_update BEFORE UPDATE OF topic_id ON topic_aliases
WHEN NOT EXISTS (SELECT 1 FROM topics WHERE id = new.topic_id)
BEGIN SELECT RAISE(ABORT, 'topic_aliases.topic_id names no topic'); END;

CREATE TRIGGER interests_person_id_exists_on_insert BEFORE INSERT ON interests
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'interests.person_id names no person'); END;

CREATE TRIGGER interests_person_id_exists_on_update BEFORE UPDATE OF person_id ON interests
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'interests.person_id names no person'); END;

CREATE TRIGGER interests_topic_id_exists_on_insert BEFORE INSERT ON interests
WHEN NOT EXISTS (SELECT 1 FROM topics WHERE id = new.topic_id)
BEGIN SELECT RAISE(ABORT, 'interests.topic_id names no topic'); END;

CREATE TRIGGER interests_topic_id_exists_on_update BEFORE UPDATE OF topic_id ON interests
WHEN NOT EXISTS (SELECT 1 FROM topics WHERE id = new.topic_id)
BEGIN SELECT RAISE(ABORT, 'interests.topic_id names no topic'); END;

CREATE TRIGGER resource_topics_resource_id_exists_on_insert BEFORE INSERT ON resource_topics
WHEN NOT EXISTS (SELECT 1 FROM resources WHERE id = new.resource_id)
BEGIN SELECT RAISE(ABORT, 'resource_topics.resource_id names no resource'); END;

CREATE TRIGGER resource_topics_resource_id_exists_on_update BEFORE UPDATE OF resource_id ON resource_topics
WHEN NOT EXISTS (SELECT 1 FROM resources WHERE id = new.resource_id)
BEGIN SELECT RAISE(ABORT, 'resource_topics.resource_id names no resource'); END;

CREATE TRIGGER resource_topics_topic_id_exists_on_insert BEFORE INSERT ON resource_topics
WHEN NOT EXISTS (SELECT 1 FROM topics WHERE id = new.topic_id)
BEGIN SELECT RAISE(ABORT, 'resource_topics.topic_id names no topic'); END;

CREATE TRIGGER resource_topics_topic_id_exists_on_update BEFORE UPDATE OF topic_id ON resource_topics
WHEN NOT EXISTS (SELECT 1 FROM topics WHERE id = new.topic_id)
BEGIN SELECT RAISE(ABORT, 'resource_topics.topic_id names no topic'); END;

CREATE TRIGGER shares_resource_id_exists_on_insert BEFORE INSERT ON shares
WHEN NOT EXISTS (SELECT 1 FROM resources WHERE id = new.resource_id)
BEGIN SELECT RAISE(ABORT, 'shares.resource_id names no resource'); END;

CREATE TRIGGER shares_resource_id_exists_on_update BEFORE UPDATE OF resource_id ON shares
WHEN NOT EXISTS (SELECT 1 FROM resources WHERE id = new.resource_id)
BEGIN SELECT RAISE(ABORT, 'shares.resource_id names no resource'); END;

CREATE TRIGGER shares_person_id_exists_on_insert BEFORE INSERT ON shares
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'shares.person_id names no person'); END;

CREATE TRIGGER shares_person_id_exists_on_update BEFORE UPDATE OF person_id ON shares
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'shares.person_id names no person'); END;

CREATE TRIGGER commitment_members_commitment_id_exists_on_insert BEFORE INSERT ON commitment_members
WHEN NOT EXISTS (SELECT 1 FROM commitments WHERE id = new.commitment_id)
BEGIN SELECT RAISE(ABORT, 'commitment_members.commitment_id names no commitment'); END;

CREATE TRIGGER commitment_members_commitment_id_exists_on_update BEFORE UPDATE OF commitment_id ON commitment_members
WHEN NOT EXISTS (SELECT 1 FROM commitments WHERE id = new.commitment_id)
BEGIN SELECT RAISE(ABORT, 'commitment_members.commitment_id names no commitment'); END;

CREATE TRIGGER commitment_members_person_id_exists_on_insert BEFORE INSERT ON commitment_members
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'commitment_members.person_id names no person'); END;

CREATE TRIGGER commitment_members_person_id_exists_on_update BEFORE UPDATE OF person_id ON commitment_members
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'commitment_members.person_id names no person'); END;

CREATE TRIGGER interactions_person_id_exists_on_insert BEFORE INSERT ON interactions
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'interactions.person_id names no person'); END;

CREATE TRIGGER interactions_person_id_exists_on_update BEFORE UPDATE OF person_id ON interactions
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'interactions.person_id names no person'); END;

CREATE TRIGGER asks_person_id_exists_on_insert BEFORE INSERT ON asks
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'asks.person_id names no person'); END;

CREATE TRIGGER asks_person_id_exists_on_update BEFORE UPDATE OF person_id ON asks
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'asks.person_id names no person'); END;

CREATE TRIGGER asks_redirected_to_id_exists_on_insert BEFORE INSERT ON asks
WHEN new.redirected_to_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people WHERE id = new.redirected_to_id)
BEGIN SELECT RAISE(ABORT, 'asks.redirected_to_id names no person'); END;

CREATE TRIGGER asks_redirected_to_id_exists_on_update BEFORE UPDATE OF redirected_to_id ON asks
WHEN new.redirected_to_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people WHERE id = new.redirected_to_id)
BEGIN SELECT RAISE(ABORT, 'asks.redirected_to_id names no person'); END;

CREATE TRIGGER vcard_cards_person_id_exists_on_insert BEFORE INSERT ON vcard_cards
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'vcard_cards.person_id names no person'); END;

CREATE TRIGGER vcard_cards_person_id_exists_on_update BEFORE UPDATE OF person_id ON vcard_cards
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'vcard_cards.person_id names no person'); END;

CREATE TRIGGER people_delete_cascades AFTER DELETE ON people BEGIN
    DELETE FROM emails WHERE person_id = old.id;
    DELETE FROM phones WHERE person_id = old.id;
    DELETE FROM notes WHERE person_id = old.id;
    DELETE FROM acquaintances WHERE person_id = old.id;
    DELETE FROM acquaintances WHERE other_person_id = old.id;
    DELETE FROM interests WHERE person_id = old.id;
    DELETE FROM shares WHERE person_id = old.id;
    DELETE FROM commitment_members WHERE person_id = old.id;
    DELETE FROM interactions WHERE person_id = old.id;
    DELETE FROM asks WHERE person_id = old.id;
    UPDATE asks SET redirected_to_id = NULL WHERE redirected_to_id = old.id;
    DELETE FROM vcard_cards WHERE person_id = old.id;
END;

CREATE TRIGGER topics_delete_cascades AFTER DELETE ON topics BEGIN
    DELETE FROM topic_aliases WHERE topic_id = old.id;
    DELETE FROM interests WHERE topic_id = old.id;
    DELETE FROM resource_topics WHERE topic_id = old.id;
END;

CREATE TRIGGER resources_delete_cascades AFTER DELETE ON resources BEGIN
    DELETE FROM resource_topics WHERE resource_id = old.id;
    DELETE FROM shares WHERE resource_id = old.id;
END;

CREATE TRIGGER commitments_delete_cascades AFTER DELETE ON commitments BEGIN
    DELETE FROM commitment_members WHERE commitment_id = old.id;
END;
