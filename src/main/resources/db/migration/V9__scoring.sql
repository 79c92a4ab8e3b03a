-- Scoring rules. FIT rules look at who the lead is, ENGAGEMENT rules at what the lead did.
create table scoring_rule (
    id            uuid primary key,
    kind          text        not null,
    label         text        not null,
    field         text,
    operator      text,
    value         text,
    activity_type text,
    campaign_id   uuid,
    points        int         not null,
    daily_cap     int,
    active        boolean     not null default true,
    created_at    timestamptz not null,
    constraint scoring_rule_kind check (kind in ('FIT', 'ENGAGEMENT')),
    constraint scoring_rule_shape check (
        (kind = 'FIT' and field is not null and operator is not null)
        or (kind = 'ENGAGEMENT' and activity_type is not null)),
    constraint scoring_rule_cap check (daily_cap is null or daily_cap > 0)
);

-- One row of settings; ruleset_version counts rule changes, so a lead scored under older rules is recognisable.
create table scoring_settings (
    id                 int primary key default 1,
    half_life_days     int     not null default 30,
    grade_a            int     not null default 60,
    grade_b            int     not null default 40,
    grade_c            int     not null default 20,
    mql_min_grade      text    not null default 'B',
    mql_min_engagement int     not null default 60,
    hand_raisers       text[]  not null default '{DEMO_REQUESTED,CONTACT_SALES}',
    ruleset_version    int     not null default 1,
    constraint scoring_settings_single check (id = 1),
    constraint scoring_settings_grades check (grade_a > grade_b and grade_b > grade_c),
    constraint scoring_settings_half_life check (half_life_days > 0)
);
insert into scoring_settings (id) values (1);

insert into scoring_rule (id, kind, label, field, operator, value, activity_type, points, daily_cap, created_at) values
    (gen_random_uuid(), 'FIT', 'Decision maker title', 'title', 'CONTAINS', '总监,总经理,CTO,CIO,Head,Director,VP,首席', null, 25, null, now()),
    (gen_random_uuid(), 'FIT', 'Company of 200+ employees', 'companySize', 'IN', '200-999,1000-4999,5000+', null, 20, null, now()),
    (gen_random_uuid(), 'FIT', 'Corporate email', 'emailDomain', 'NOT_FREE_MAIL', null, null, 15, null, now()),
    (gen_random_uuid(), 'FIT', 'Target industry', 'industry', 'IN', '制造业,Manufacturing,汽车,半导体,医疗', null, 15, null, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Page view', null, null, null, 'PAGE_VIEW', 2, 10, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Email click', null, null, null, 'EMAIL_CLICKED', 5, 15, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Email open', null, null, null, 'EMAIL_OPENED', 1, 3, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Content download', null, null, null, 'CONTENT_DOWNLOADED', 15, 30, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Webinar attended', null, null, null, 'WEBINAR_ATTENDED', 20, null, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Event check-in', null, null, null, 'EVENT_CHECKED_IN', 25, null, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Form submitted', null, null, null, 'FORM_SUBMITTED', 10, 20, now()),
    (gen_random_uuid(), 'ENGAGEMENT', 'Unsubscribed', null, null, null, 'UNSUBSCRIBED', -30, null, now());

-- The score of each lead: fit as of its data, engagement as of engagement_at (it decays from there). The explanation
-- is derived on the lead's page from its data and activities under the same rules.
create table lead_score (
    lead_id         uuid primary key,
    fit_points      int            not null default 0,
    grade           text           not null default 'D',
    engagement      numeric(12, 3) not null default 0,
    engagement_at   timestamptz,
    ruleset_version int            not null,
    updated_at      timestamptz    not null
);
create index lead_score_grade_idx on lead_score (grade, engagement desc);

-- Points a rule already gave a lead on a day, for the rule's daily cap.
create table lead_score_daily (
    lead_id uuid not null,
    rule_id uuid not null,
    day     date not null,
    points  int  not null,
    primary key (lead_id, rule_id, day)
);

create table rescore_job (
    id              uuid primary key,
    status          text        not null,
    total           bigint      not null default 0,
    processed       bigint      not null default 0,
    last_lead_id    uuid,
    ruleset_version int         not null,
    started_at      timestamptz not null,
    finished_at     timestamptz
);
