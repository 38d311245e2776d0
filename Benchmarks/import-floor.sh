#!/bin/sh
# The floor under importing N contacts (100,000 by default): the rows the import benchmark's
# vCard file becomes (a person with an organization and a birthday, an email, a phone, two
# interests, a note and the kept card), written by SQLite alone, one INSERT ... SELECT per
# table, into Kith's schema (Migrations/*.sql, its indexes, CHECKs and triggers) with the
# settings Kith uses. No Swift, no parsing: what is left is what the schema costs.
#   Benchmarks/import-floor.sh [N] [json]
# With `json`, each table's rows are first made into one JSON array (not timed) and inserted
# from json_each, as a bulk path that binds a batch as one value would.
set -eu
n=${1:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -r "$dir"' EXIT
db=$dir/floor.sqlite
cat "$here"/Migrations/*.sql | sqlite3 "$db" >/dev/null

# Each table's rows as a SELECT over generate_series, its columns named as in the table.
people="SELECT value AS id, 'Ann Person ' || value AS name, 'Company ' || (value % 500) AS organization, '1980-03-' || (10 + value % 18) AS birthday FROM generate_series(1, $n)"
emails="SELECT value AS person_id, 'ann' || value || '@example.org' AS address, 'Work' AS label FROM generate_series(1, $n)"
phones="SELECT value AS person_id, '+1 555 ' || (100000 + value) AS number, 'CELL' AS label FROM generate_series(1, $n)"
interests="SELECT p.value AS person_id, (p.value * m.k) % 300 + 1 AS topic_id FROM generate_series(1, $n) p, (SELECT 1 AS k UNION ALL SELECT 7) m"
notes="SELECT value AS person_id, 'Met at event ' || (value % 40) || ', talked about gardens' AS body FROM generate_series(1, $n)"
cards="SELECT value AS person_id, 'kith:card:' || value AS uid, 'N:Person ' || value || ';Ann;;;' AS properties FROM generate_series(1, $n)"

if [ "${2:-}" = json ]; then
    # The same rows, read back out of one JSON array per table.
    prepare="CREATE TEMP TABLE batch(name TEXT PRIMARY KEY, rows TEXT);
INSERT INTO batch SELECT 'people', json_group_array(json_array(id, name, organization, birthday)) FROM ($people);
INSERT INTO batch SELECT 'emails', json_group_array(json_array(person_id, address, label)) FROM ($emails);
INSERT INTO batch SELECT 'phones', json_group_array(json_array(person_id, number, label)) FROM ($phones);
INSERT INTO batch SELECT 'interests', json_group_array(json_array(person_id, topic_id)) FROM ($interests);
INSERT INTO batch SELECT 'notes', json_group_array(json_array(person_id, body)) FROM ($notes);
INSERT INTO batch SELECT 'cards', json_group_array(json_array(person_id, uid, properties)) FROM ($cards);"
    rows() { echo "SELECT $2 FROM batch, json_each(batch.rows) WHERE batch.name = '$1'"; }
    people=$(rows people "value->>0, value->>1, value->>2, value->>3")
    emails=$(rows emails "value->>0, value->>1, value->>2")
    phones=$(rows phones "value->>0, value->>1, value->>2")
    interests=$(rows interests "value->>0, value->>1")
    notes=$(rows notes "value->>0, value->>1")
    cards=$(rows cards "value->>0, value->>1, value->>2")
else
    prepare=""
fi

sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;
$prepare
BEGIN;
INSERT INTO topics(name) SELECT 'topic ' || value FROM generate_series(0, 299);
.timer on
.print 'people'
INSERT INTO people(id, name, organization, birthday) $people;
.print 'emails'
INSERT INTO emails(person_id, address, label) $emails;
.print 'phones'
INSERT INTO phones(person_id, number, label) $phones;
.print 'interests, two a person'
INSERT OR IGNORE INTO interests(person_id, topic_id, weight, learned_on) SELECT *, 3, date('now') FROM ($interests);
.print 'notes, through the full-text index'
INSERT INTO notes(person_id, body, written_on) SELECT *, date('now') FROM ($notes);
.print 'kept vCard properties'
INSERT INTO vcard_cards(person_id, uid, properties) $cards;
.print 'commit'
COMMIT;
SQL
