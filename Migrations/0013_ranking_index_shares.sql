-- "Who should get this?" gives points to the people with whom I shared the stored resources
-- most like the article: about a hundred share rows for each of fifty resources, read from
-- `shares` on every question. This packs each resource's shares into one row instead.
--
-- Unlike the rest of the ranking index (0012), a row here does not depend on the whole
-- network, only on the shares of its own resource, so it is kept resource by resource: every
-- change to a resource's shares (the sqlite3 shell's included) marks its row stale by
-- setting `postings` to NULL, and `Questions.saveRankingIndex()` (which `kith recommend`
-- calls) packs the stale rows again. A question reads the packed rows that are current and
-- `shares` for every other resource, so the answer is the same either way.
--
-- Derived: never edit it by hand. Deleting rows is safe (those resources are then read from
-- `shares`); to pack everything again, run
--   INSERT INTO ranking_index_shares(resource_id) SELECT DISTINCT resource_id FROM shares WHERE true
--     ON CONFLICT (resource_id) DO UPDATE SET people = NULL, postings = NULL;
-- and ask once. JSON backups leave it out.
--   SELECT count(*) AS resources, count(postings) AS packed FROM ranking_index_shares;
--
-- Each packed row holds the people a resource passed between us (`people` of them), by
-- ascending id, in the format of ranking_index_topics: the id (a LEB128 varint, zigzag for the
-- first, the difference from the one before for the others), a byte of how it was received
-- (1: they gave it to me, or my gift was thanked or found useful; 2: my gift, with nothing
-- more known; 4: my gift, with no reply; the bits of every share of it with them), and four
-- bytes kept at zero.
CREATE TABLE ranking_index_shares (
    resource_id INTEGER PRIMARY KEY,
    people      INTEGER CHECK (people > 0),
    postings    BLOB CHECK (length(postings) >= 6 * people),
    CHECK ((people IS NULL) = (postings IS NULL))
) STRICT;

CREATE INDEX ranking_index_shares_stale ON ranking_index_shares(resource_id) WHERE postings IS NULL;

INSERT INTO ranking_index_shares(resource_id) SELECT DISTINCT resource_id FROM shares;

CREATE TRIGGER ranking_index_shares_after_share_insert AFTER INSERT ON shares BEGIN
    INSERT INTO ranking_index_shares(resource_id) VALUES (NEW.resource_id)
        ON CONFLICT (resource_id) DO UPDATE SET people = NULL, postings = NULL;
END;

CREATE TRIGGER ranking_index_shares_after_share_delete AFTER DELETE ON shares BEGIN
    INSERT INTO ranking_index_shares(resource_id) VALUES (OLD.resource_id)
        ON CONFLICT (resource_id) DO UPDATE SET people = NULL, postings = NULL;
END;

CREATE TRIGGER ranking_index_shares_after_share_update
AFTER UPDATE OF resource_id, person_id, direction, reception ON shares BEGIN
    INSERT INTO ranking_index_shares(resource_id) VALUES (OLD.resource_id), (NEW.resource_id)
        ON CONFLICT (resource_id) DO UPDATE SET people = NULL, postings = NULL;
END;
