-- A lead's last activity is read from the top of its timeline index (activity_lead_idx) where a page shows it.
-- Copying it onto the lead with every batch of activities cost a fifth of ingestion's database time.
alter table lead drop column last_activity_at;
