-- The demand waterfall. Stages and the transitions between them are data an admin can extend (e.g. AQL, TQL).
create table stage (
    code     text primary key,
    name_en  text    not null,
    name_zh  text    not null,
    position int     not null,
    pool     text    not null,
    built_in boolean not null default false,
    constraint stage_code_format check (code ~ '^[A-Z][A-Z0-9_]{0,30}$'),
    constraint stage_pool check (pool in ('MARKETING', 'SALES', 'CLOSED'))
);

insert into stage (code, name_en, name_zh, position, pool, built_in) values
    ('LEAD', 'Lead', '线索', 10, 'MARKETING', true),
    ('NURTURE', 'Nurture', '孵化', 15, 'MARKETING', true),
    ('MQL', 'MQL', '市场认可线索 (MQL)', 20, 'MARKETING', true),
    ('SAL', 'SAL', '销售接受线索 (SAL)', 30, 'SALES', true),
    ('SQL', 'SQL', '销售认可线索 (SQL)', 40, 'SALES', true),
    ('OPPORTUNITY', 'Opportunity', '商机', 50, 'SALES', true),
    ('WON', 'Won', '成交', 60, 'CLOSED', true),
    ('LOST', 'Lost', '丢单', 70, 'CLOSED', true),
    ('DISQUALIFIED', 'Disqualified', '不合格', 80, 'CLOSED', true);

create table stage_transition (
    from_code text not null references stage (code) on delete cascade,
    to_code   text not null references stage (code) on delete cascade,
    primary key (from_code, to_code),
    constraint stage_transition_not_to_itself check (from_code <> to_code)
);

insert into stage_transition (from_code, to_code) values
    ('LEAD', 'MQL'), ('LEAD', 'NURTURE'), ('LEAD', 'DISQUALIFIED'),
    ('NURTURE', 'MQL'), ('NURTURE', 'DISQUALIFIED'),
    ('MQL', 'SAL'), ('MQL', 'NURTURE'), ('MQL', 'DISQUALIFIED'),
    ('SAL', 'SQL'), ('SAL', 'NURTURE'), ('SAL', 'DISQUALIFIED'),
    ('SQL', 'OPPORTUNITY'), ('SQL', 'NURTURE'), ('SQL', 'LOST'),
    ('OPPORTUNITY', 'WON'), ('OPPORTUNITY', 'LOST'),
    ('LOST', 'NURTURE'), ('DISQUALIFIED', 'NURTURE');

alter table lead add column stage text not null default 'LEAD';
alter table lead add column stage_changed_at timestamptz;
-- Leads beyond the first stage are few and worked in queues; new leads (all LEAD) skip this index.
create index lead_stage_idx on lead (stage, stage_changed_at desc, id desc) where stage <> 'LEAD' and merged_into is null;

-- The single source of the waterfall's history: one immutable row per transition. A lead's entry into LEAD is its
-- creation (lead.created_at) and has no row.
create table lead_stage_history (
    id          bigint generated always as identity primary key,
    lead_id     uuid        not null,
    from_stage  text,
    to_stage    text        not null,
    occurred_at timestamptz not null,
    actor       text        not null,
    rule        text,
    reason      text,
    source      text
);
create index lead_stage_history_lead_idx on lead_stage_history (lead_id, occurred_at);
create index lead_stage_history_stage_idx on lead_stage_history (to_stage, occurred_at);

-- When a lead first entered each stage, kept through recycling (for velocity).
create table lead_stage_date (
    lead_id          uuid        not null,
    stage            text        not null,
    first_entered_at timestamptz not null,
    primary key (lead_id, stage)
);
