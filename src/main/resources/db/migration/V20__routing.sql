-- Routing (分配规则): who gets a new MQL. Ordered rules with conditions; targets a named person, a weighted
-- round-robin pool, the owner of the lead's account, or the queue.
create table routing_pool (
    id         uuid primary key,
    name       text        not null,
    created_at timestamptz not null
);
create unique index routing_pool_name_uq on routing_pool (lower(name));

create table routing_pool_member (
    pool_id          uuid   not null references routing_pool (id) on delete cascade,
    user_id          uuid   not null,
    weight           int    not null default 1,
    daily_cap        int,
    capacity         int,
    -- the weighted round robin hands the next lead to the member furthest behind its share: (assigned + 1) / weight
    assigned_total   bigint not null default 0,
    last_assigned_at timestamptz,
    primary key (pool_id, user_id),
    constraint routing_pool_member_weight check (weight between 1 and 100),
    constraint routing_pool_member_daily_cap check (daily_cap is null or daily_cap > 0),
    constraint routing_pool_member_capacity check (capacity is null or capacity > 0)
);

create table routing_rule (
    id             uuid primary key,
    position       int         not null,
    name           text        not null,
    -- [{"field": "province", "operator": "IN", "value": "上海, 江苏, 浙江"}, …]: all must hold
    conditions     jsonb       not null default '[]',
    target_kind    text        not null,
    target_user_id uuid,
    target_pool_id uuid references routing_pool (id) on delete restrict,
    active         boolean     not null default true,
    updated_at     timestamptz not null,
    constraint routing_rule_target_kind check (target_kind in ('USER', 'POOL', 'ACCOUNT_OWNER', 'QUEUE')),
    constraint routing_rule_target check ((target_kind = 'USER') = (target_user_id is not null)
                                          and (target_kind = 'POOL') = (target_pool_id is not null))
);
create index routing_rule_position_idx on routing_rule (position);

-- Out of office: routing skips these people on these days.
create table routing_absence (
    user_id   uuid not null,
    first_day date not null,
    last_day  date not null,
    note      text,
    primary key (user_id, first_day),
    constraint routing_absence_days check (last_day >= first_day)
);

-- Why each lead went where it went: the rule, the pool, who was skipped and why. Shown on the lead.
create table routing_decision (
    id          uuid primary key,
    lead_id     uuid        not null,
    decided_at  timestamptz not null,
    trigger     text        not null,
    rule_id     uuid,
    rule_name   text,
    pool_id     uuid,
    assignee_id uuid,
    skipped     jsonb       not null default '[]',
    outcome     text        not null,
    constraint routing_decision_outcome check (outcome in ('ASSIGNED', 'QUEUED', 'NO_RULE', 'NOBODY_AVAILABLE',
                                                           'ALREADY_TAKEN'))
);
create index routing_decision_lead_idx on routing_decision (lead_id, decided_at desc);
-- daily caps count today's assignments of a member of a pool
create index routing_decision_pool_day_idx on routing_decision (pool_id, assignee_id, decided_at)
    where pool_id is not null;
