-- Views that answer common questions in plain SQL, for Kith and for the sqlite3 shell.

-- Every contact with a person, either way: interactions and shares, one row each.
CREATE VIEW touchpoints AS
    SELECT person_id, occurred_on AS day, 'interaction' AS source, kind AS detail FROM interactions
    UNION ALL
    SELECT person_id, shared_on AS day, 'share', direction FROM shares;

-- What I gave each person and what they gave me. A gift is a share, an ask helped, or a
-- mentoring session; balance = given - received, so a negative balance means I owe them.
CREATE VIEW ledger AS
    SELECT *, shares_given + asks_i_helped + mentoring_sessions AS given,
              shares_received + asks_they_helped AS received,
              (shares_given + asks_i_helped + mentoring_sessions) - (shares_received + asks_they_helped) AS balance
    FROM (
        SELECT p.id AS person_id, p.name, p.is_archived,
            (SELECT count(*) FROM shares s WHERE s.person_id = p.id AND s.direction = 'given') AS shares_given,
            (SELECT count(*) FROM shares s WHERE s.person_id = p.id AND s.direction = 'received') AS shares_received,
            (SELECT count(*) FROM asks a WHERE a.person_id = p.id AND a.direction = 'theirs' AND a.status = 'helped') AS asks_i_helped,
            (SELECT count(*) FROM asks a WHERE a.person_id = p.id AND a.direction = 'mine' AND a.status = 'helped') AS asks_they_helped,
            (SELECT count(*) FROM interactions i WHERE i.person_id = p.id AND i.kind = 'mentoring') AS mentoring_sessions,
            (SELECT coalesce(sum(i.minutes), 0) FROM interactions i WHERE i.person_id = p.id) AS minutes_together
        FROM people p
    );

-- Each person with their interests, strongest first, as one readable line.
CREATE VIEW people_with_interests AS
    SELECT p.id AS person_id, p.name,
        (SELECT group_concat(name || ' (' || weight || ')', ', ')
         FROM (SELECT t.name, i.weight FROM interests i JOIN topics t ON t.id = i.topic_id
               WHERE i.person_id = p.id ORDER BY i.weight DESC, t.name)) AS interests
    FROM people p
    WHERE p.is_archived = 0;

-- People I have not been in touch with for longer than their cadence (90 days when unset),
-- most overdue first. Someone never contacted counts from when they were added.
CREATE VIEW overdue_contacts AS
    SELECT person_id, name, last_contact_on, cadence_days,
           CAST(julianday('now') - julianday(coalesce(last_contact_on, substr(created_at, 1, 10))) AS INTEGER) AS days_since
    FROM (
        SELECT p.id AS person_id, p.name, p.created_at, coalesce(p.contact_every_days, 90) AS cadence_days,
               (SELECT max(t.day) FROM touchpoints t WHERE t.person_id = p.id) AS last_contact_on
        FROM people p
        WHERE p.is_archived = 0
    )
    WHERE days_since > cadence_days
    ORDER BY days_since - cadence_days DESC, name;
