-- Companies. A lead belongs to one when its corporate email domain or its normalised company name matches.
create table account (
    id         uuid primary key,
    name       text        not null,
    name_key   text collate "C" not null,
    domain     text collate "C",
    industry   text,
    province   text,
    city       text,
    owner_id   uuid,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version    int         not null default 0
);
create unique index account_domain_uq on account (domain) where domain is not null;
create unique index account_name_key_uq on account (name_key);
create index account_name_idx on account ((lower(name) collate "C"));

-- One row per person. Merged leads stay as tombstones pointing at the survivor.
create table lead (
    id                uuid primary key,
    name              text,
    email             text collate "C",
    phone             text collate "C",
    company           text,
    title             text,
    industry          text,
    company_size      text,
    province          text,
    city              text,
    country           text,
    source            text        not null,
    source_detail     text,
    first_campaign_id uuid,
    account_id        uuid,
    owner_id          uuid,
    tags              text[]      not null default '{}',
    custom            jsonb       not null default '{}',
    dedupe_key        text collate "C",
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    last_activity_at  timestamptz,
    created_via       text        not null,
    merged_into       uuid,
    version           int         not null default 0
) with (fillfactor = 85);
-- fillfactor: room on each page lets the frequent last-activity updates stay HOT (no index writes).
-- account_id and merged_into have no foreign keys: the intake path writes them set-based and a key check per row
-- would cost more than the lead insert itself; LeadStore is the only writer.
create index lead_created_idx on lead (created_at desc, id desc) where merged_into is null;
-- Prefix search and keyset paging by name and company share these expressions with the queries in LeadSearch.
create index lead_name_idx on lead ((coalesce(lower(name), '') collate "C"), id) where merged_into is null;
create index lead_company_idx on lead ((coalesce(lower(company), '') collate "C"), id) where merged_into is null;
create index lead_owner_idx on lead (owner_id, created_at desc) where owner_id is not null;
create index lead_account_idx on lead (account_id) where account_id is not null;
-- Most leads have no tags; leaving them out of the index keeps imports fast. Queries repeat the predicate.
create index lead_tags_idx on lead using gin (tags) where cardinality(tags) > 0;
create index lead_dedupe_idx on lead (dedupe_key) where dedupe_key is not null and merged_into is null;

-- Every email address, mobile number and anonymous visitor id that identifies a lead. The primary key is what makes
-- "one person, once" hold under concurrent captures; merges move the keys to the survivor.
create table lead_identity (
    kind       text collate "C" not null,
    value      text collate "C" not null,
    lead_id    uuid        not null,
    created_at timestamptz not null,
    primary key (kind, value)
);
create index lead_identity_lead_idx on lead_identity (lead_id);

-- Immutable history of a lead: creation, field changes, merges, tags, owner changes.
create table lead_history (
    id          bigint generated always as identity primary key,
    lead_id     uuid        not null,
    occurred_at timestamptz not null,
    kind        text        not null,
    field       text,
    old_value   text,
    new_value   text,
    actor       text        not null,
    origin      text
);
create index lead_history_lead_idx on lead_history (lead_id, occurred_at desc);

create table duplicate_suggestion (
    id            uuid primary key,
    lead_id       uuid        not null references lead (id) on delete cascade,
    other_lead_id uuid        not null references lead (id) on delete cascade,
    reason        text        not null,
    status        text        not null default 'OPEN',
    created_at    timestamptz not null,
    resolved_at   timestamptz,
    resolved_by   text,
    constraint duplicate_pair_ordered check (lead_id < other_lead_id)
);
create unique index duplicate_pair_uq on duplicate_suggestion (lead_id, other_lead_id);
create index duplicate_open_idx on duplicate_suggestion (created_at desc) where status = 'OPEN';

create table custom_field (
    key        text primary key,
    label_en   text        not null,
    label_zh   text        not null,
    type       text        not null,
    options    text[]      not null default '{}',
    created_at timestamptz not null,
    constraint custom_field_key_format check (key ~ '^[a-z][a-z0-9_]{0,62}$')
);

create table lead_consent (
    id           bigint generated always as identity primary key,
    lead_id      uuid        not null references lead (id) on delete cascade,
    purpose      text        not null,
    granted      boolean     not null,
    text_version text,
    captured_at  timestamptz not null,
    source       text        not null,
    origin       text
);
create index lead_consent_lead_idx on lead_consent (lead_id, captured_at desc);
