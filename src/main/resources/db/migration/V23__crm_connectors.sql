-- The CRM bridge (docs/adr/0014): connectors to the company's CRM, their field mappings, the leads transferred out to
-- each, the outbound delivery queue, the sync log and the back-sync's watermarks.

create table crm_connector (
    id                   uuid primary key,
    name                 text        not null unique,
    kind                 text        not null,
    enabled              boolean     not null default false,
    -- endpoints and object/field names an admin sets (no secrets)
    settings             jsonb       not null default '{}',
    -- client secrets, private keys, API tokens, signing secrets: written, never shown again
    secrets              jsonb       not null default '{}',
    -- e.g. {"stages": ["MQL"], "grades": ["A"]}: such leads go out on their own; null = transfers by hand only
    auto_rule            jsonb,
    daily_call_budget    int         not null default 15000,
    max_concurrent_calls int         not null default 4,
    access_token         text,
    token_expires_at     timestamptz,
    instance_url         text,
    -- a 429 / REQUEST_LIMIT_EXCEEDED pauses every call to the CRM until then
    paused_until         timestamptz,
    paused_reason        text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    constraint crm_connector_kind check (kind in ('SALESFORCE', 'HUBSPOT', 'WEBHOOK')),
    constraint crm_connector_budget check (daily_call_budget > 0 and max_concurrent_calls between 1 and 64)
);

create table crm_field_mapping (
    connector_id  uuid    not null references crm_connector (id) on delete cascade,
    position      int     not null,
    tandem_field  text    not null,
    crm_field     text    not null,
    direction     text    not null,
    conflict_rule text    not null,
    value_map     jsonb   not null default '{}',
    required      boolean not null default false,
    primary key (connector_id, position),
    constraint crm_field_mapping_direction check (direction in ('TO_CRM', 'FROM_CRM', 'BOTH')),
    constraint crm_field_mapping_conflict check (conflict_rule in ('TANDEM_WINS', 'CRM_WINS', 'CRM_UNLESS_BLANK'))
);
create unique index crm_field_mapping_crm_field_uq on crm_field_mapping (connector_id, crm_field);

-- A lead that was transferred out to a CRM, and what the CRM says about it.
create table crm_link (
    connector_id       uuid        not null references crm_connector (id) on delete cascade,
    lead_id            uuid        not null,
    crm_id             text,
    crm_status         text,
    crm_owner          text,
    crm_opportunity_id text,
    opportunity_id     uuid,
    transferred_at     timestamptz not null,
    transferred_by     text        not null,
    delivered_at       timestamptz,
    changed_from_crm_at timestamptz,
    primary key (connector_id, lead_id)
);
create index crm_link_lead_idx on crm_link (lead_id);
create unique index crm_link_crm_id_uq on crm_link (connector_id, crm_id) where crm_id is not null;
create unique index crm_link_crm_opportunity_uq on crm_link (connector_id, crm_opportunity_id)
    where crm_opportunity_id is not null;

-- The outbound queue: at most one pending delivery per lead and connector. A change while one is pending bumps
-- change_seq, so a delivery that read older data stays pending and goes again.
create table crm_delivery (
    id              bigint generated always as identity primary key,
    connector_id    uuid        not null references crm_connector (id) on delete cascade,
    lead_id         uuid        not null,
    state           text        not null,
    cause           text        not null,
    change_seq      int         not null default 0,
    attempts        int         not null default 0,
    first_queued_at timestamptz not null,
    next_attempt_at timestamptz not null,
    leased_until    timestamptz,
    finished_at     timestamptz,
    last_error      text,
    constraint crm_delivery_state check (state in ('PENDING', 'DELIVERED', 'FAILED', 'DEAD'))
);
create unique index crm_delivery_one_open_uq on crm_delivery (connector_id, lead_id)
    where state in ('PENDING', 'FAILED', 'DEAD');
create index crm_delivery_due_idx on crm_delivery (connector_id, next_attempt_at) where state = 'PENDING';
create index crm_delivery_lead_idx on crm_delivery (lead_id, id desc);

-- Every call and what came back, per lead and per connector.
create table crm_sync_log (
    id           bigint generated always as identity primary key,
    connector_id uuid        not null references crm_connector (id) on delete cascade,
    lead_id      uuid,
    delivery_id  bigint,
    direction    text        not null,
    occurred_at  timestamptz not null,
    attempt      int,
    operation    text        not null,
    request      text,
    status       int,
    response     text,
    error        text,
    duration_ms  int,
    constraint crm_sync_log_direction check (direction in ('OUT', 'IN'))
);
create index crm_sync_log_lead_idx on crm_sync_log (lead_id, occurred_at desc) where lead_id is not null;
create index crm_sync_log_connector_idx on crm_sync_log (connector_id, occurred_at desc);

-- The API budget governor's count of calls per connector and UTC day.
create table crm_call_budget (
    connector_id uuid not null references crm_connector (id) on delete cascade,
    day          date not null,
    calls        int  not null default 0,
    primary key (connector_id, day)
);

-- Where the back-sync of each CRM object stopped (e.g. the last SystemModstamp seen).
create table crm_watermark (
    connector_id uuid        not null references crm_connector (id) on delete cascade,
    object       text        not null,
    watermark    text        not null,
    updated_at   timestamptz not null,
    primary key (connector_id, object)
);

-- Each change the CRM reported, applied once: a change seen again (a page re-read, a webhook retried) is skipped.
create table crm_inbound_change (
    connector_id uuid        not null references crm_connector (id) on delete cascade,
    object       text        not null,
    crm_id       text        not null,
    version      text        not null,
    lead_id      uuid,
    outcome      text        not null,
    applied_at   timestamptz not null,
    primary key (connector_id, object, crm_id, version)
);

-- An opportunity that sales works in the company's CRM may have no owner in Tandem: its owner is the CRM's.
alter table opportunity alter column owner_id drop not null;
