-- Reverse-funnel plans (目标倒推): a named plan and its versions. A version keeps only the inputs; the numbers are
-- recomputed from them (ReverseFunnel), so a version always shows what its inputs mean.
create table plan (
    id         uuid primary key,
    name       text        not null,
    created_at timestamptz not null,
    created_by text        not null
);
create unique index plan_name_uq on plan (lower(name));

create table plan_version (
    plan_id    uuid        not null references plan (id) on delete cascade,
    version    int         not null,
    inputs     jsonb       not null,
    note       text,
    created_at timestamptz not null,
    created_by text        not null,
    primary key (plan_id, version)
);

-- Analytics reads first entries of a stage in a period (cohorts, period counts) and the sales pool's orders by date.
create index lead_stage_date_stage_idx on lead_stage_date (stage, first_entered_at);
create index sales_order_won_idx on sales_order (won_on);
create index opportunity_created_idx on opportunity (created_at);
create index handoff_answered_idx on handoff (answered_at) where status in ('ACCEPTED', 'REJECTED');
create index handoff_transferred_pending_idx on handoff (transferred_at) where status = 'PENDING';
