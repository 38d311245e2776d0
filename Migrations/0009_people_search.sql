-- Finding anyone: full-text indexes over each person's name, organization and title, their
-- email addresses and their phone numbers, kept in step by triggers (edits in the sqlite3
-- shell too). Words are folded (unicode61, diacritics removed) but not stemmed, and prefixes
-- of two to four letters are indexed, so "zoe", "Zo" and "ZOË" all find "Zoë Martin". A phone
-- is indexed as written and as its digits alone ("+1 555-0100" also as "15550100").
-- Each is one row per row of its table, so adding an email or a phone indexes only it.
-- Try it:  SELECT rowid, name FROM people_search WHERE people_search MATCH 'ann*';

CREATE VIRTUAL TABLE people_search USING fts5(
    name, organization, title, content = 'people', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

CREATE TRIGGER people_search_after_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search(rowid, name, organization, title) VALUES (new.id, new.name, new.organization, new.title);
END;

CREATE TRIGGER people_search_after_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_search(people_search, rowid, name, organization, title)
    VALUES ('delete', old.id, old.name, old.organization, old.title);
END;

CREATE TRIGGER people_search_after_update AFTER UPDATE OF name, organization, title ON people BEGIN
    INSERT INTO people_search(people_search, rowid, name, organization, title)
    VALUES ('delete', old.id, old.name, old.organization, old.title);
    INSERT INTO people_search(rowid, name, organization, title) VALUES (new.id, new.name, new.organization, new.title);
END;

CREATE VIRTUAL TABLE emails_search USING fts5(
    address, content = 'emails', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

CREATE TRIGGER emails_search_after_insert AFTER INSERT ON emails BEGIN
    INSERT INTO emails_search(rowid, address) VALUES (new.id, new.address);
END;

CREATE TRIGGER emails_search_after_delete AFTER DELETE ON emails BEGIN
    INSERT INTO emails_search(emails_search, rowid, address) VALUES ('delete', old.id, old.address);
END;

CREATE TRIGGER emails_search_after_update AFTER UPDATE OF address ON emails BEGIN
    INSERT INTO emails_search(emails_search, rowid, address) VALUES ('delete', old.id, old.address);
    INSERT INTO emails_search(rowid, address) VALUES (new.id, new.address);
END;

-- A phone as written, then its digits: what phones_search indexes (it keeps no copy).
CREATE VIEW phones_searched AS
    SELECT id, person_id, number || ' ' || replace(replace(replace(replace(replace(replace(replace(
        number, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '') AS searched
    FROM phones;

CREATE VIRTUAL TABLE phones_search USING fts5(
    number, content = '', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

CREATE TRIGGER phones_search_after_insert AFTER INSERT ON phones BEGIN
    INSERT INTO phones_search(rowid, number) SELECT id, searched FROM phones_searched WHERE id = new.id;
END;

CREATE TRIGGER phones_search_before_delete BEFORE DELETE ON phones BEGIN
    INSERT INTO phones_search(phones_search, rowid, number) SELECT 'delete', id, searched FROM phones_searched WHERE id = old.id;
END;

CREATE TRIGGER phones_search_before_update BEFORE UPDATE OF number ON phones BEGIN
    INSERT INTO phones_search(phones_search, rowid, number) SELECT 'delete', id, searched FROM phones_searched WHERE id = old.id;
END;

CREATE TRIGGER phones_search_after_update AFTER UPDATE OF number ON phones BEGIN
    INSERT INTO phones_search(rowid, number) SELECT id, searched FROM phones_searched WHERE id = new.id;
END;

-- Index who was there before this migration.
INSERT INTO people_search(people_search) VALUES ('rebuild');
INSERT INTO emails_search(emails_search) VALUES ('rebuild');
INSERT INTO phones_search(rowid, number) SELECT id, searched FROM phones_searched;

-- The ledger counts a resource once per person and direction: giving the same article
-- twice is one gift.
DROP VIEW ledger;
CREATE VIEW ledger AS
    SELECT *, shares_given + asks_i_helped + mentoring_sessions AS given,
              shares_received + asks_they_helped AS received,
              (shares_given + asks_i_helped + mentoring_sessions) - (shares_received + asks_they_helped) AS balance
    FROM (
        SELECT p.id AS person_id, p.name, p.is_archived,
            (SELECT count(DISTINCT s.resource_id) FROM shares s WHERE s.person_id = p.id AND s.direction = 'given') AS shares_given,
            (SELECT count(DISTINCT s.resource_id) FROM shares s WHERE s.person_id = p.id AND s.direction = 'received') AS shares_received,
            (SELECT count(*) FROM asks a WHERE a.person_id = p.id AND a.direction = 'theirs' AND a.status = 'helped') AS asks_i_helped,
            (SELECT count(*) FROM asks a WHERE a.person_id = p.id AND a.direction = 'mine' AND a.status = 'helped') AS asks_they_helped,
            (SELECT count(*) FROM interactions i WHERE i.person_id = p.id AND i.kind = 'mentoring') AS mentoring_sessions,
            (SELECT coalesce(sum(i.minutes), 0) FROM interactions i WHERE i.person_id = p.id) AS minutes_together
        FROM people p
    );

-- Drift speaks only of people I am in touch with: someone never contacted counts only
-- when I gave them a cadence (from when they were added).
DROP VIEW overdue_contacts;
CREATE VIEW overdue_contacts AS
    SELECT person_id, name, last_contact_on, cadence_days,
           CAST(julianday('now') - julianday(coalesce(last_contact_on, substr(created_at, 1, 10))) AS INTEGER) AS days_since
    FROM (
        SELECT p.id AS person_id, p.name, p.created_at, p.contact_every_days, coalesce(p.contact_every_days, 90) AS cadence_days,
               (SELECT max(t.day) FROM touchpoints t WHERE t.person_id = p.id) AS last_contact_on
        FROM people p
        WHERE p.is_archived = 0
    )
    WHERE days_since > cadence_days AND (last_contact_on IS NOT NULL OR contact_every_days IS NOT NULL)
    ORDER BY days_since - cadence_days DESC, name;
