-- Websites, nicknames and postal addresses, as first-class parts of a person: imported from
-- vCards (URL, NICKNAME, ADR) and from every CSV dialect, shown, exported and backed up.
-- Try it:  SELECT p.name, w.url FROM websites w JOIN people p ON p.id = w.person_id;

-- A homepage, a LinkedIn profile: a URL with an optional label ("work", "LinkedIn").
CREATE TABLE websites (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    url       TEXT    NOT NULL CHECK (length(trim(url)) > 0),
    label     TEXT,
    UNIQUE (person_id, url)
) STRICT;

-- What people call them: "Jay" for Jason.
CREATE TABLE nicknames (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    nickname  TEXT    NOT NULL CHECK (length(trim(nickname)) > 0),
    UNIQUE (person_id, nickname)
) STRICT;

-- A postal address in the parts vCard's ADR has, with an optional label ("home", "work").
CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    label       TEXT,
    po_box      TEXT,
    extended    TEXT,
    street      TEXT,
    locality    TEXT,
    region      TEXT,
    postal_code TEXT,
    country     TEXT,
    CHECK (coalesce(po_box, extended, street, locality, region, postal_code, country) IS NOT NULL)
) STRICT;
CREATE INDEX addresses_by_person ON addresses(person_id);

-- The guards of 0006 for these tables: a row must name a person, even with foreign keys off.
CREATE TRIGGER websites_person_id_exists_on_insert BEFORE INSERT ON websites
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'websites.person_id names no person'); END;

CREATE TRIGGER websites_person_id_exists_on_update BEFORE UPDATE OF person_id ON websites
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'websites.person_id names no person'); END;

CREATE TRIGGER nicknames_person_id_exists_on_insert BEFORE INSERT ON nicknames
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'nicknames.person_id names no person'); END;

CREATE TRIGGER nicknames_person_id_exists_on_update BEFORE UPDATE OF person_id ON nicknames
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'nicknames.person_id names no person'); END;

CREATE TRIGGER addresses_person_id_exists_on_insert BEFORE INSERT ON addresses
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'addresses.person_id names no person'); END;

CREATE TRIGGER addresses_person_id_exists_on_update BEFORE UPDATE OF person_id ON addresses
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'addresses.person_id names no person'); END;

CREATE TRIGGER people_delete_cascades_to_details AFTER DELETE ON people BEGIN
    DELETE FROM websites WHERE person_id = old.id;
    DELETE FROM nicknames WHERE person_id = old.id;
    DELETE FROM addresses WHERE person_id = old.id;
END;
