-- A capped rule's points on a day are now worked out from the lead's activities of that day, read from the activity
-- index by lead, as a re-score does: incremental scoring and re-scoring agree by construction, and ingestion no longer
-- writes a running total per lead, rule and day for nearly every activity (a fifth of scoring's database time).
drop table lead_score_daily;

-- Every scored batch rewrites the engagement of thousands of score rows; room on each page keeps those rewrites on
-- their page (HOT), touching no index.
alter table lead_score set (fillfactor = 80);
