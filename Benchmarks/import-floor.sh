#!/bin/sh
# The floor under importing N contacts (100,000 by default): the rows the import benchmark's
# vCard file becomes (a person with an organization and a birthday, an email, a phone, two
# interests, a note and the kept card), written by SQLite alone, one INSERT ... SELECT per
# table, into Kith's schema (Migrations/*.sql, its indexes, CHECKs and triggers) with the
# settings Kith uses. No Swift, no parsing: what is left is what the schema costs.
#   Benchmarks/import-floor.sh [N]
set -eu
n=${1:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
db=$(mktemp -d)/floor.sqlite
cat "$here"/Migrations/*.sql | sqlite3 "$db" >/dev/null
sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;
.timer on
.print 'topics'
BEGIN;
INSERT INTO topics(name) SELECT 'topic ' || value FROM generate_series(0, 299);
.print 'people'
INSERT INTO people(name, organization, birthday) SELECT 'Ann Person ' || value, 'Company ' || (value % 500), '1980-03-' || (10 + value % 18) FROM generate_series(1, $n);
.print 'emails'
INSERT INTO emails(person_id, address, label) SELECT value, 'ann' || value || '@example.org', 'Work' FROM generate_series(1, $n);
.print 'phones'
INSERT INTO phones(person_id, number, label) SELECT value, '+1 555 ' || (100000 + value), 'CELL' FROM generate_series(1, $n);
.print 'interests, two a person'
INSERT OR IGNORE INTO interests(person_id, topic_id, weight, learned_on)
    SELECT p.value, (p.value * m.k) % 300 + 1, 3, date('now') FROM generate_series(1, $n) p, (SELECT 1 AS k UNION ALL SELECT 7) m;
.print 'notes, through the full-text index'
INSERT INTO notes(person_id, body, written_on) SELECT value, 'Met at event ' || (value % 40) || ', talked about gardens', date('now') FROM generate_series(1, $n);
.print 'kept vCard properties'
INSERT INTO vcard_cards(person_id, uid, properties) SELECT value, 'kith:card:' || value, 'N:Person ' || value || ';Ann;;;' FROM generate_series(1, $n);
.print 'commit'
COMMIT;
SQL
rm -r "$(dirname "$db")"
