-- Re-scoring reads the activities of every lead, range by range of lead ids. With their type and campaign in the
-- index it reads them from the index alone instead of from a heap page per activity. Lead timelines use it as before.
drop index activity_lead_idx;
create index activity_lead_idx on activity (lead_id, occurred_at desc) include (type, campaign_id);
