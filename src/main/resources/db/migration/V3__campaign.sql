create table campaign (
    id                   uuid primary key,
    name                 text           not null,
    type                 text           not null,
    channel              text,
    status               text           not null,
    start_date           date,
    end_date             date,
    owner_id             uuid,
    budget               numeric(14, 2),
    actual_cost          numeric(14, 2),
    currency             text           not null default 'CNY',
    description          text,
    form_key             text unique,
    form_thank_you_url   text,
    consent_text         text,
    consent_text_version text,
    created_at           timestamptz    not null,
    updated_at           timestamptz    not null,
    version              int            not null default 0,
    constraint campaign_dates check (end_date is null or start_date is null or end_date >= start_date),
    constraint campaign_money check ((budget is null or budget >= 0) and (actual_cost is null or actual_cost >= 0))
);
create index campaign_start_idx on campaign (start_date desc nulls last);

-- A lead's participation in a campaign; status only moves up the ladder (status_rank).
create table campaign_member (
    campaign_id uuid        not null references campaign (id) on delete cascade,
    lead_id     uuid        not null,
    status      text        not null,
    status_rank smallint    not null,
    joined_at   timestamptz not null,
    status_at   timestamptz not null,
    primary key (campaign_id, lead_id)
);
create index campaign_member_lead_idx on campaign_member (lead_id);
