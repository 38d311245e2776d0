-- What Kith keeps of an imported vCard beyond the fields it models: the card's UID, so a
-- second import of the same card updates the person instead of adding them again, and
-- every property Kith does not model, verbatim (unfolded lines), so an export gives it back.
CREATE TABLE vcard_cards (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    uid        TEXT    NOT NULL UNIQUE CHECK (length(uid) > 0),
    properties TEXT    NOT NULL DEFAULT ''
) STRICT;
