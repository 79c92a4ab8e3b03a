-- The built-in sales workspace (商机池) for companies without an external CRM.
create table opportunity_stage (
    code        text primary key,
    name_en     text    not null,
    name_zh     text    not null,
    position    int     not null,
    probability int     not null,
    outcome     text    not null,
    constraint opportunity_stage_code_format check (code ~ '^[A-Z][A-Z0-9_]{0,30}$'),
    constraint opportunity_stage_probability check (probability between 0 and 100),
    constraint opportunity_stage_outcome check (outcome in ('OPEN', 'WON', 'LOST'))
);
insert into opportunity_stage (code, name_en, name_zh, position, probability, outcome) values
    ('DISCOVERY', 'Discovery', '需求确认', 10, 10, 'OPEN'),
    ('SOLUTION', 'Solution', '方案', 20, 30, 'OPEN'),
    ('PROPOSAL', 'Proposal / quote', '报价', 30, 60, 'OPEN'),
    ('NEGOTIATION', 'Negotiation', '商务谈判', 40, 80, 'OPEN'),
    ('WON', 'Won', '赢单', 90, 100, 'WON'),
    ('LOST', 'Lost', '输单', 95, 0, 'LOST');

create table opportunity (
    id             uuid primary key,
    name           text          not null,
    account_id     uuid,
    owner_id       uuid          not null,
    stage          text          not null references opportunity_stage (code),
    amount         numeric(18, 2) not null,
    currency       char(3)       not null,
    expected_close date          not null,
    probability    int           not null,
    lost_reason    text,
    lost_comment   text,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    closed_at      timestamptz,
    version        int           not null default 0,
    constraint opportunity_amount_not_negative check (amount >= 0),
    constraint opportunity_probability check (probability between 0 and 100)
);
create index opportunity_owner_idx on opportunity (owner_id, updated_at desc);
create index opportunity_account_idx on opportunity (account_id) where account_id is not null;

-- The buying group: the leads on an opportunity and their roles. The first is the lead it was converted from.
create table opportunity_contact (
    opportunity_id uuid    not null references opportunity (id) on delete cascade,
    lead_id        uuid    not null,
    role           text    not null,
    is_primary     boolean not null default false,
    added_at       timestamptz not null,
    primary key (opportunity_id, lead_id)
);
create index opportunity_contact_lead_idx on opportunity_contact (lead_id);

-- The campaigns the opportunity's leads came from, kept at conversion so revenue traces back to marketing.
create table opportunity_campaign (
    opportunity_id uuid not null references opportunity (id) on delete cascade,
    campaign_id    uuid not null,
    primary key (opportunity_id, campaign_id)
);

create table opportunity_history (
    id             bigint generated always as identity primary key,
    opportunity_id uuid        not null references opportunity (id) on delete cascade,
    occurred_at    timestamptz not null,
    kind           text        not null,
    detail         text,
    actor          text        not null
);
create index opportunity_history_idx on opportunity_history (opportunity_id, occurred_at);

create table opportunity_follow_up (
    id             uuid primary key,
    opportunity_id uuid        not null references opportunity (id) on delete cascade,
    occurred_at    timestamptz not null,
    author_id      uuid        not null,
    note           text        not null
);
create index opportunity_follow_up_idx on opportunity_follow_up (opportunity_id, occurred_at desc);

-- An order (订单): what a won opportunity brought.
create table sales_order (
    id             uuid primary key,
    opportunity_id uuid          not null unique references opportunity (id),
    amount         numeric(18, 2) not null,
    currency       char(3)       not null,
    won_on         date          not null,
    created_at     timestamptz   not null
);
