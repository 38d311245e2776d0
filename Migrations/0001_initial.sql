-- Kith v1 schema: the people I know, what they care about, and what passes between us.
--
-- Conventions: plural table names, `id INTEGER PRIMARY KEY`, `<thing>_id` foreign keys,
-- STRICT tables, CHECK constraints that spell out allowed values. Days are 'YYYY-MM-DD'
-- text (a birthday may be '--MM-DD' when the year is unknown); timestamps are ISO-8601
-- UTC text. Every column but `people.name` has a default, so this works by hand:
--   INSERT INTO people(name) VALUES ('Ann');
-- Turn foreign keys on in the sqlite3 shell (`PRAGMA foreign_keys = ON;`) before editing.

-- People I know. Archived people stay (with their history) but leave every suggestion.
CREATE TABLE people (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    organization       TEXT,
    title              TEXT,
    how_we_met         TEXT,
    met_on             TEXT    CHECK (met_on IS NULL OR date(met_on, '+0 days') IS met_on),
    birthday           TEXT    CHECK (birthday IS NULL OR date(birthday, '+0 days') IS birthday
                                      OR (birthday GLOB '--[0-9][0-9]-[0-9][0-9]'
                                          AND date('2000' || substr(birthday, 2), '+0 days') IS '2000' || substr(birthday, 2))),
    contact_every_days INTEGER CHECK (contact_every_days IS NULL OR contact_every_days > 0),
    is_archived        INTEGER NOT NULL DEFAULT 0 CHECK (is_archived IN (0, 1)),
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX people_by_name ON people(name COLLATE NOCASE);

-- A person's email addresses, with an optional label ('work', 'home').
CREATE TABLE emails (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    address   TEXT    NOT NULL CHECK (length(trim(address)) > 0),
    label     TEXT,
    UNIQUE (person_id, address COLLATE NOCASE)
) STRICT;
CREATE INDEX emails_by_address ON emails(address COLLATE NOCASE);

-- A person's phone numbers, with an optional label ('mobile', 'work').
CREATE TABLE phones (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    number    TEXT    NOT NULL CHECK (length(trim(number)) > 0),
    label     TEXT,
    UNIQUE (person_id, number)
) STRICT;

-- Dated notes about a person: what they said, what they are working on.
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    body       TEXT    NOT NULL CHECK (length(trim(body)) > 0),
    written_on TEXT    NOT NULL DEFAULT (date('now')) CHECK (date(written_on, '+0 days') IS written_on),
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX notes_by_person ON notes(person_id, written_on);

-- Who knows whom. One row a pair, the smaller id first.
CREATE TABLE acquaintances (
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    other_person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (person_id, other_person_id),
    CHECK (person_id < other_person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX acquaintances_by_other ON acquaintances(other_person_id);

-- The topic vocabulary: 'running', 'machine learning'. Names are unique ignoring case.
-- is_mine marks the topics I care about myself.
CREATE TABLE topics (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) > 0),
    is_mine INTEGER NOT NULL DEFAULT 0 CHECK (is_mine IN (0, 1))
) STRICT;

-- Other names for a topic: 'ML' for 'machine learning'.
CREATE TABLE topic_aliases (
    id       INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    alias    TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(alias)) > 0)
) STRICT;
CREATE INDEX topic_aliases_by_topic ON topic_aliases(topic_id);

-- What a person cares about, weighted 1 (a little) to 5 (a passion), and when I learned it.
CREATE TABLE interests (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    weight     INTEGER NOT NULL DEFAULT 3 CHECK (weight BETWEEN 1 AND 5),
    learned_on TEXT    NOT NULL DEFAULT (date('now')) CHECK (date(learned_on, '+0 days') IS learned_on),
    UNIQUE (person_id, topic_id)
) STRICT;
CREATE INDEX interests_by_topic ON interests(topic_id, weight, person_id);

-- Things I pass around or receive: articles, templates, tools, vendors, books, events,
-- advice, referrals. url_key is the URL normalized by Kith (scheme and host in lower case,
-- no fragment, no utm_* parameters, no trailing slash) and is unique.
CREATE TABLE resources (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL DEFAULT 'article'
               CHECK (kind IN ('article', 'template', 'tool', 'vendor', 'book', 'event', 'advice', 'referral', 'other')),
    title      TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    url        TEXT,
    url_key    TEXT    UNIQUE,
    summary    TEXT,
    created_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (url_key IS NULL OR url IS NOT NULL)
) STRICT;

-- The topics a resource is about.
CREATE TABLE resource_topics (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    topic_id    INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, topic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX resource_topics_by_topic ON resource_topics(topic_id);

-- A resource I gave to someone ('given') or received from someone ('received'), and how
-- it landed.
CREATE TABLE shares (
    id          INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL DEFAULT 'given' CHECK (direction IN ('given', 'received')),
    shared_on   TEXT    NOT NULL DEFAULT (date('now')) CHECK (date(shared_on, '+0 days') IS shared_on),
    note        TEXT,
    reception   TEXT    CHECK (reception IS NULL OR reception IN ('thanked', 'useful', 'no-reply'))
) STRICT;
CREATE INDEX shares_by_resource ON shares(resource_id, direction, person_id);
CREATE INDEX shares_by_person ON shares(person_id, direction, shared_on);

-- What I give my time to beyond work: boards, volunteering, charity runs, petitions,
-- mentoring, field work.
CREATE TABLE commitments (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    kind            TEXT    NOT NULL DEFAULT 'volunteer'
                    CHECK (kind IN ('board', 'volunteer', 'charity-run', 'petition', 'mentoring', 'field-work', 'other')),
    organization    TEXT,
    cause           TEXT,
    role            TEXT,
    started_on      TEXT    CHECK (started_on IS NULL OR date(started_on, '+0 days') IS started_on),
    ended_on        TEXT    CHECK (ended_on IS NULL OR date(ended_on, '+0 days') IS ended_on),
    hours_per_month REAL    CHECK (hours_per_month IS NULL OR hours_per_month >= 0),
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (started_on IS NULL OR ended_on IS NULL OR started_on <= ended_on)
) STRICT;

-- The people I share a commitment with.
CREATE TABLE commitment_members (
    commitment_id INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (commitment_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX commitment_members_by_person ON commitment_members(person_id);

-- Time spent with someone: a coffee, a call, a mentoring session.
CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL DEFAULT 'other'
                 CHECK (kind IN ('coffee', 'call', 'email', 'message', 'meeting', 'mentoring', 'event', 'other')),
    occurred_on  TEXT    NOT NULL DEFAULT (date('now')) CHECK (date(occurred_on, '+0 days') IS occurred_on),
    minutes      INTEGER CHECK (minutes IS NULL OR minutes >= 0),
    initiated_by TEXT    CHECK (initiated_by IS NULL OR initiated_by IN ('me', 'them')),
    note         TEXT
) STRICT;
CREATE INDEX interactions_by_person ON interactions(person_id, occurred_on);

-- Asks: what I asked of someone ('mine') or they asked of me ('theirs'), and how it ended.
-- A redirected ask may name the person it was redirected to.
CREATE TABLE asks (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    direction         TEXT    NOT NULL CHECK (direction IN ('mine', 'theirs')),
    topic             TEXT    NOT NULL CHECK (length(trim(topic)) > 0),
    asked_on          TEXT    NOT NULL DEFAULT (date('now')) CHECK (date(asked_on, '+0 days') IS asked_on),
    status            TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'helped', 'declined', 'redirected')),
    redirected_to_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    resolved_on       TEXT    CHECK (resolved_on IS NULL OR date(resolved_on, '+0 days') IS resolved_on),
    note              TEXT,
    CHECK (redirected_to_id IS NULL OR status = 'redirected')
) STRICT;
CREATE INDEX asks_by_person ON asks(person_id, direction, status);
CREATE INDEX asks_by_redirected_to ON asks(redirected_to_id);
