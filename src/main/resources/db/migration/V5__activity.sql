create table activity (
    id          uuid primary key,
    lead_id     uuid        not null,
    type        text        not null,
    occurred_at timestamptz not null,
    campaign_id uuid,
    properties  jsonb,
    source      text        not null,
    external_id text collate "C",
    recorded_at timestamptz not null
);
create unique index activity_external_id_uq on activity (external_id) where external_id is not null;
create index activity_lead_idx on activity (lead_id, occurred_at desc);
create index activity_campaign_idx on activity (campaign_id, occurred_at) where campaign_id is not null;
