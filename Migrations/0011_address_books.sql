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
-- yet), and the card as both sides last agreed, as Kith writes it (the base of a
-- field-by-field merge when both sides changed).
CREATE TABLE address_book_cards (
    address_book_id INTEGER NOT NULL REFERENCES address_books(id) ON DELETE CASCADE,
    href            TEXT    NOT NULL CHECK (href LIKE '/%'),
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    etag            TEXT,
    agreed_card     TEXT    NOT NULL,
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
