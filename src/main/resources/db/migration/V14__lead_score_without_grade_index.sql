-- No query reads scores by grade and stored engagement, and a stored engagement decays from its own engagement_at, so
-- the index could not rank leads by today's engagement anyway. Every score write paid for it: in a re-score, about a
-- fifth of the statement that writes the scores.
drop index lead_score_grade_idx;
