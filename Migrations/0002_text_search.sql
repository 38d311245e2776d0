-- Full-text indexes over what I wrote about people (notes, and how we met), for the
-- "who should get this?" question. Words are stemmed (porter) and folded (unicode61,
-- diacritics removed), so "runners" finds "running" and "Zoe" finds "Zoë".
-- They are external-content FTS5 tables: the text lives in notes and people, and the
-- triggers below keep the indexes in step, including for edits made in the sqlite3 shell.
-- Try it:  SELECT rowid FROM notes_search WHERE notes_search MATCH 'marathon';

CREATE VIRTUAL TABLE notes_search USING fts5(
    body, content = 'notes', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER notes_search_after_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_search(rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER notes_search_after_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_search(notes_search, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER notes_search_after_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_search(notes_search, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_search(rowid, body) VALUES (new.id, new.body);
END;

CREATE VIRTUAL TABLE how_we_met_search USING fts5(
    how_we_met, content = 'people', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER how_we_met_search_after_insert AFTER INSERT ON people WHEN new.how_we_met IS NOT NULL BEGIN
    INSERT INTO how_we_met_search(rowid, how_we_met) VALUES (new.id, new.how_we_met);
END;

CREATE TRIGGER how_we_met_search_after_delete AFTER DELETE ON people WHEN old.how_we_met IS NOT NULL BEGIN
    INSERT INTO how_we_met_search(how_we_met_search, rowid, how_we_met) VALUES ('delete', old.id, old.how_we_met);
END;

CREATE TRIGGER how_we_met_search_after_update AFTER UPDATE OF how_we_met ON people BEGIN
    INSERT INTO how_we_met_search(how_we_met_search, rowid, how_we_met)
        SELECT 'delete', old.id, old.how_we_met WHERE old.how_we_met IS NOT NULL;
    INSERT INTO how_we_met_search(rowid, how_we_met)
        SELECT new.id, new.how_we_met WHERE new.how_we_met IS NOT NULL;
END;

-- Index what was there before this migration.
INSERT INTO notes_search(notes_search) VALUES ('rebuild');
INSERT INTO how_we_met_search(how_we_met_search) VALUES ('rebuild');
