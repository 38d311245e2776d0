-- "Who should get this?" worked out, for every interest in the article's topics, what its
-- weight saturates to for the length of the person's profile (BM25, Questions.Scoring): a
-- division per interest, on every question. The index now keeps that number instead of the
-- length: in each entry of ranking_index_topics, the 4-byte little-endian float after the
-- weight is
--   w (k1 + 1) / (w + k1 (1 − b + b L / typical_length))
-- for weight w and profile length L, worked out once when the index is built. An index
-- stored before holds lengths there, so it is deleted: the next question builds it from
-- `interests`, and `Questions.saveRankingIndex()` (which `kith recommend` calls) stores it again.
--   SELECT count(*) FROM ranking_index;  -- 0 until then
DELETE FROM ranking_index_topics;
DELETE FROM ranking_index_resources;
DELETE FROM ranking_index;
