-- CardDAV address books that Kith keeps in step with (`kith sync`, the KithSync library).
-- Try it:  SELECT b.url, count(c.href) FROM address_books b LEFT JOIN address_book_cards c
--            ON c.address_book_id = b.id GROUP BY b.id;

-- An address book on a server: its collection URL, who logs in (the password is never
-- stored here), the collection's sync token (RFC 6578) after the last complete pull, and
-- when the last sync ended (ISO-8601).
CREATE TABLE address_books (
    id         INTEGER PRIMARY KEY,
    url        TEXT    NOT NULL UNIQUE CHECK (url LIKE 'http://%/' OR url LIKE 'https://%/'),
    username   TEXT    NOT NULL CHECK (length(username) > 0),
    sync_token TEXT,
    synced_at  TEXT
) STRICT;

-- Each card of an address book and the person it is: the card's href on the server, its
-- ETag when Kith last read or wrote it (NULL: a PUT was sent and its answer not recorded
-- yet), the card as both sides last agreed, as Kith writes it (the base of a
-- field-by-field merge when both sides changed), and whether the person may have changed
-- here since (set by the triggers below on any change of them or their details, by hand
-- too; a sync compares only those people with their card).
CREATE TABLE address_book_cards (
    address_book_id INTEGER NOT NULL REFERENCES address_books(id) ON DELETE CASCADE,
    href            TEXT    NOT NULL CHECK (href LIKE '/%'),
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    etag            TEXT,
    agreed_card     TEXT    NOT NULL,
    changed_here    INTEGER NOT NULL DEFAULT 1 CHECK (changed_here IN (0, 1)),
    PRIMARY KEY (address_book_id, href),
    UNIQUE (address_book_id, person_id)
) STRICT;
CREATE INDEX address_book_cards_by_person ON address_book_cards(person_id);

-- The guards of 0006 for this table: a card must name a person and an address book, even
-- with foreign keys off, and deleting either deletes its cards.
CREATE TRIGGER address_book_cards_person_id_exists_on_insert BEFORE INSERT ON address_book_cards
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'address_book_cards.person_id names no person'); END;

CREATE TRIGGER address_book_cards_person_id_exists_on_update BEFORE UPDATE OF person_id ON address_book_cards
WHEN NOT EXISTS (SELECT 1 FROM people WHERE id = new.person_id)
BEGIN SELECT RAISE(ABORT, 'address_book_cards.person_id names no person'); END;

CREATE TRIGGER address_book_cards_address_book_id_exists_on_insert BEFORE INSERT ON address_book_cards
WHEN NOT EXISTS (SELECT 1 FROM address_books WHERE id = new.address_book_id)
BEGIN SELECT RAISE(ABORT, 'address_book_cards.address_book_id names no address book'); END;

CREATE TRIGGER address_book_cards_address_book_id_exists_on_update
BEFORE UPDATE OF address_book_id ON address_book_cards
WHEN NOT EXISTS (SELECT 1 FROM address_books WHERE id = new.address_book_id)
BEGIN SELECT RAISE(ABORT, 'address_book_cards.address_book_id names no address book'); END;

CREATE TRIGGER people_delete_cascades_to_address_book_cards AFTER DELETE ON people BEGIN
    DELETE FROM address_book_cards WHERE person_id = old.id;
END;

CREATE TRIGGER address_books_delete_cascades AFTER DELETE ON address_books BEGIN
    DELETE FROM address_book_cards WHERE address_book_id = old.id;
END;

-- A change of a person, or of their emails, phones, websites, nicknames or addresses,
-- marks their cards for the next sync to compare.
CREATE TRIGGER people_update_marks_cards AFTER UPDATE ON people BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = new.id AND changed_here = 0;
END;

CREATE TRIGGER emails_insert_marks_cards AFTER INSERT ON emails BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = new.person_id AND changed_here = 0;
END;
CREATE TRIGGER emails_update_marks_cards AFTER UPDATE ON emails BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id IN (old.person_id, new.person_id) AND changed_here = 0;
END;
CREATE TRIGGER emails_delete_marks_cards AFTER DELETE ON emails BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = old.person_id AND changed_here = 0;
END;

CREATE TRIGGER phones_insert_marks_cards AFTER INSERT ON phones BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = new.person_id AND changed_here = 0;
END;
CREATE TRIGGER phones_update_marks_cards AFTER UPDATE ON phones BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id IN (old.person_id, new.person_id) AND changed_here = 0;
END;
CREATE TRIGGER phones_delete_marks_cards AFTER DELETE ON phones BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = old.person_id AND changed_here = 0;
END;

CREATE TRIGGER websites_insert_marks_cards AFTER INSERT ON websites BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = new.person_id AND changed_here = 0;
END;
CREATE TRIGGER websites_update_marks_cards AFTER UPDATE ON websites BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id IN (old.person_id, new.person_id) AND changed_here = 0;
END;
CREATE TRIGGER websites_delete_marks_cards AFTER DELETE ON websites BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = old.person_id AND changed_here = 0;
END;

CREATE TRIGGER nicknames_insert_marks_cards AFTER INSERT ON nicknames BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = new.person_id AND changed_here = 0;
END;
CREATE TRIGGER nicknames_update_marks_cards AFTER UPDATE ON nicknames BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id IN (old.person_id, new.person_id) AND changed_here = 0;
END;
CREATE TRIGGER nicknames_delete_marks_cards AFTER DELETE ON nicknames BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = old.person_id AND changed_here = 0;
END;

CREATE TRIGGER addresses_insert_marks_cards AFTER INSERT ON addresses BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = new.person_id AND changed_here = 0;
END;
CREATE TRIGGER addresses_update_marks_cards AFTER UPDATE ON addresses BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id IN (old.person_id, new.person_id) AND changed_here = 0;
END;
CREATE TRIGGER addresses_delete_marks_cards AFTER DELETE ON addresses BEGIN
    UPDATE address_book_cards SET changed_here = 1 WHERE person_id = old.person_id AND changed_here = 0;
END;
