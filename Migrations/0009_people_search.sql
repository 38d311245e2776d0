-- Finding anyone: a full-text index over each person's name, organization, title, email
-- addresses and phone numbers, kept in step by triggers (edits in the sqlite3 shell too).
-- Words are folded (unicode61, diacritics removed) but not stemmed, and prefixes of two
-- to four letters are indexed, so "zoe", "Zo" and "ZOË" all find "Zoë Martin". A phone is
-- indexed as written and as its digits alone ("+1 555-0100" also as "15550100").
-- Try it:  SELECT rowid, name FROM people_search WHERE people_search MATCH 'ann*';

CREATE VIRTUAL TABLE people_search USING fts5(
    name, organization, title, emails, phones, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);

CREATE TRIGGER people_search_after_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search(rowid, name, organization, title, emails, phones)
    VALUES (new.id, new.name, new.organization, new.title, '', '');
END;

CREATE TRIGGER people_search_after_update AFTER UPDATE OF name, organization, title ON people BEGIN
    UPDATE people_search SET name = new.name, organization = new.organization, title = new.title WHERE rowid = new.id;
END;

CREATE TRIGGER people_search_after_delete AFTER DELETE ON people BEGIN
    DELETE FROM people_search WHERE rowid = old.id;
END;

-- A person's addresses, one line, as the index holds them.
CREATE VIEW people_search_emails AS
    SELECT p.id AS person_id, coalesce((SELECT group_concat(address, ' ') FROM emails e WHERE e.person_id = p.id), '') AS emails
    FROM people p;

-- A person's phone numbers, each as written and as its digits, separated by ' ; '.
CREATE VIEW people_search_phones AS
    SELECT p.id AS person_id, coalesce((
        SELECT group_concat(number || ' ' || replace(replace(replace(replace(replace(replace(replace(
            number, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', ''), ' ; ')
        FROM phones f WHERE f.person_id = p.id), '') AS phones
    FROM people p;

CREATE TRIGGER people_search_after_email_insert AFTER INSERT ON emails BEGIN
    UPDATE people_search SET emails = (SELECT emails FROM people_search_emails WHERE person_id = new.person_id) WHERE rowid = new.person_id;
END;
CREATE TRIGGER people_search_after_email_update AFTER UPDATE ON emails BEGIN
    UPDATE people_search SET emails = (SELECT emails FROM people_search_emails WHERE person_id = old.person_id) WHERE rowid = old.person_id;
    UPDATE people_search SET emails = (SELECT emails FROM people_search_emails WHERE person_id = new.person_id) WHERE rowid = new.person_id;
END;
CREATE TRIGGER people_search_after_email_delete AFTER DELETE ON emails BEGIN
    UPDATE people_search SET emails = (SELECT emails FROM people_search_emails WHERE person_id = old.person_id) WHERE rowid = old.person_id;
END;

CREATE TRIGGER people_search_after_phone_insert AFTER INSERT ON phones BEGIN
    UPDATE people_search SET phones = (SELECT phones FROM people_search_phones WHERE person_id = new.person_id) WHERE rowid = new.person_id;
END;
CREATE TRIGGER people_search_after_phone_update AFTER UPDATE ON phones BEGIN
    UPDATE people_search SET phones = (SELECT phones FROM people_search_phones WHERE person_id = old.person_id) WHERE rowid = old.person_id;
    UPDATE people_search SET phones = (SELECT phones FROM people_search_phones WHERE person_id = new.person_id) WHERE rowid = new.person_id;
END;
CREATE TRIGGER people_search_after_phone_delete AFTER DELETE ON phones BEGIN
    UPDATE people_search SET phones = (SELECT phones FROM people_search_phones WHERE person_id = old.person_id) WHERE rowid = old.person_id;
END;

-- Index who was there before this migration.
INSERT INTO people_search(rowid, name, organization, title, emails, phones)
    SELECT p.id, p.name, p.organization, p.title, e.emails, f.phones
    FROM people p JOIN people_search_emails e ON e.person_id = p.id JOIN people_search_phones f ON f.person_id = p.id;

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
