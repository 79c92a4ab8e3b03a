-- The name-and-company key is only ever compared for equality (the intake looks up the leads that share it). A hash
-- index answers that from one bucket instead of descending a tree of text keys, and each new lead's entry costs less
-- to add: an import with dedupe looks up and adds one per lead.
create index lead_dedupe_hash_idx on lead using hash (dedupe_key) where dedupe_key is not null and merged_into is null;
drop index lead_dedupe_idx;
