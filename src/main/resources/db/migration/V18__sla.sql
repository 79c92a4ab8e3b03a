-- Business calendars (工作日历): when a team works, in its time zone, with holidays and make-up workdays (调休).
create table business_calendar (
    id         uuid primary key,
    name       text        not null,
    zone       text        not null,
    -- working periods per weekday, e.g. {"MONDAY": ["09:00-12:00", "13:00-18:00"], …}; a make-up workday on a weekend
    -- works the hours of the first working weekday
    hours      jsonb       not null,
    is_default boolean     not null default false,
    created_at timestamptz not null,
    version    int         not null default 0
);
create unique index business_calendar_name_uq on business_calendar (lower(name));
create unique index business_calendar_one_default_uq on business_calendar (is_default) where is_default;

create table business_calendar_day (
    calendar_id uuid not null references business_calendar (id) on delete cascade,
    day         date not null,
    kind        text not null,
    name        text,
    primary key (calendar_id, day),
    constraint business_calendar_day_kind check (kind in ('HOLIDAY', 'WORKDAY'))
);

-- Which calendar a team works by; teams without one work by the default calendar.
create table team_calendar (
    team_id     uuid primary key,
    calendar_id uuid not null references business_calendar (id) on delete cascade
);

insert into business_calendar (id, name, zone, hours, is_default, created_at)
values ('0193a000-0000-7000-8000-000000000001', '中国大陆 · China (mainland)', 'Asia/Shanghai',
        '{"MONDAY": ["09:00-12:00", "13:00-18:00"], "TUESDAY": ["09:00-12:00", "13:00-18:00"],
          "WEDNESDAY": ["09:00-12:00", "13:00-18:00"], "THURSDAY": ["09:00-12:00", "13:00-18:00"],
          "FRIDAY": ["09:00-12:00", "13:00-18:00"]}', true, now());

-- The State Council's 2026 public holidays and make-up workdays (国务院办公厅 2026 年部分节假日安排).
insert into business_calendar_day (calendar_id, day, kind, name)
select '0193a000-0000-7000-8000-000000000001', d::date, 'HOLIDAY', name
from (values ('2026-01-01', '2026-01-03', '元旦'), ('2026-02-15', '2026-02-23', '春节'),
             ('2026-04-04', '2026-04-06', '清明节'), ('2026-05-01', '2026-05-05', '劳动节'),
             ('2026-06-19', '2026-06-21', '端午节'), ('2026-09-25', '2026-09-27', '中秋节'),
             ('2026-10-01', '2026-10-07', '国庆节')) as h (first_day, last_day, name),
     generate_series(first_day::date, last_day::date, interval '1 day') as d;
insert into business_calendar_day (calendar_id, day, kind, name)
values ('0193a000-0000-7000-8000-000000000001', '2026-01-04', 'WORKDAY', '元旦调休'),
       ('0193a000-0000-7000-8000-000000000001', '2026-02-14', 'WORKDAY', '春节调休'),
       ('0193a000-0000-7000-8000-000000000001', '2026-02-28', 'WORKDAY', '春节调休'),
       ('0193a000-0000-7000-8000-000000000001', '2026-05-09', 'WORKDAY', '劳动节调休'),
       ('0193a000-0000-7000-8000-000000000001', '2026-09-20', 'WORKDAY', '国庆节调休'),
       ('0193a000-0000-7000-8000-000000000001', '2026-10-10', 'WORKDAY', '国庆节调休');

-- SLA policies (服务时限): how much working time each clock gives, when it reminds, and what a breach does.
-- segment '*' applies to every lead; 'grade:A' … to leads of that fit grade and wins over '*'.
create table sla_policy (
    kind                  text        not null,
    segment               text        not null default '*',
    target_minutes        int         not null,
    remind_before_minutes int         not null default 0,
    escalate              boolean     not null default true,
    take_back             boolean     not null default false,
    active                boolean     not null default true,
    updated_at            timestamptz not null,
    updated_by            text        not null,
    primary key (kind, segment),
    constraint sla_policy_kind check (kind in ('MQL_RESPONSE', 'TRANSFER_ANSWER', 'FIRST_CONTACT')),
    constraint sla_policy_target check (target_minutes > 0),
    constraint sla_policy_reminder check (remind_before_minutes >= 0 and remind_before_minutes < target_minutes)
);
insert into sla_policy (kind, segment, target_minutes, remind_before_minutes, escalate, take_back, updated_at, updated_by)
values ('MQL_RESPONSE', '*', 120, 30, true, false, now(), 'system'),
       ('TRANSFER_ANSWER', '*', 1440, 240, true, false, now(), 'system'),
       ('FIRST_CONTACT', '*', 480, 120, true, false, now(), 'system');

-- One clock per lead and kind at a time. The clock is its own timer: next_fire_at is when it must next be looked at
-- (its reminder, then its deadline); instances fire due clocks with FOR UPDATE SKIP LOCKED, so each fires once.
create table sla_clock (
    id               uuid primary key,
    lead_id          uuid        not null,
    kind             text        not null,
    segment          text        not null,
    subject_id       uuid,
    assignee_id      uuid,
    calendar_id      uuid        not null,
    started_at       timestamptz not null,
    remind_at        timestamptz,
    due_at           timestamptz not null,
    reminded_at      timestamptz,
    breached_at      timestamptz,
    escalated_to     uuid,
    taken_back       boolean     not null default false,
    stopped_at       timestamptz,
    outcome          text,
    business_seconds bigint,
    next_fire_at     timestamptz,
    constraint sla_clock_outcome check (outcome in ('MET', 'CANCELLED'))
);
create unique index sla_clock_running_uq on sla_clock (lead_id, kind) where stopped_at is null;
create index sla_clock_fire_idx on sla_clock (next_fire_at) where next_fire_at is not null;
create index sla_clock_assignee_idx on sla_clock (assignee_id, due_at) where stopped_at is null;
create index sla_clock_lead_idx on sla_clock (lead_id, started_at desc);
create index sla_clock_started_idx on sla_clock (started_at, kind);
