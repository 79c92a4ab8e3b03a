-- Who works a lead besides its owner: the SDR who qualified it, and the rep a transfer awaits an answer from.
-- Both live on the lead row so that "who may see this lead" is one indexed predicate on one table.
alter table lead add column sdr_id uuid;
alter table lead add column pending_rep_id uuid;
create index lead_sdr_idx on lead (sdr_id) where sdr_id is not null;
create index lead_pending_rep_idx on lead (pending_rep_id) where pending_rep_id is not null;

-- Questions an admin adds to BANT; answers are kept by question id, so renaming a question keeps its answers.
create table qualification_question (
    id         uuid primary key,
    label_en   text        not null,
    label_zh   text        not null,
    position   int         not null,
    required   boolean     not null default false,
    active     boolean     not null default true,
    created_at timestamptz not null
);

-- The SDR's working qualification of a lead: saved as they go, copied into the handoff at transfer.
create table qualification (
    lead_id    uuid primary key,
    budget     text,
    authority  text,
    need       text,
    timeline   text,
    answers    jsonb       not null default '{}',
    updated_at timestamptz not null,
    updated_by text        not null
);

create table call_recording (
    id            uuid primary key,
    lead_id       uuid        not null,
    storage_key   text        not null unique,
    content_type  text        not null,
    size_bytes    bigint      not null,
    original_name text,
    uploaded_by   uuid        not null,
    uploaded_at   timestamptz not null
);
create index call_recording_lead_idx on call_recording (lead_id, uploaded_at);

-- Calls and notes an SDR logs while qualifying. A note is a call without a disposition.
create table sdr_call (
    id           uuid primary key,
    lead_id      uuid        not null,
    sdr_id       uuid        not null,
    occurred_at  timestamptz not null,
    disposition  text,
    notes        text,
    recording_id uuid references call_recording (id),
    constraint sdr_call_disposition check (disposition in
        ('NO_ANSWER', 'WRONG_CONTACT', 'NOT_INTERESTED', 'NURTURE', 'QUALIFIED'))
);
create index sdr_call_lead_idx on sdr_call (lead_id, occurred_at);

-- One transfer out (转出) and sales' answer to it.
create table handoff (
    id             uuid primary key,
    lead_id        uuid        not null,
    sdr_id         uuid        not null,
    rep_id         uuid        not null,
    status         text        not null,
    qualification  jsonb       not null,
    notes          text        not null,
    recording_ids  uuid[]      not null default '{}',
    transferred_at timestamptz not null,
    answered_at    timestamptz,
    answered_by    text,
    reason_code    text,
    reason_comment text,
    version        int         not null default 0,
    constraint handoff_status check (status in ('PENDING', 'ACCEPTED', 'REJECTED', 'RECYCLED')),
    constraint handoff_rejection_has_reason check (status <> 'REJECTED' or reason_code is not null)
);
-- A lead has at most one transfer awaiting an answer.
create unique index handoff_one_pending_uq on handoff (lead_id) where status = 'PENDING';
create index handoff_lead_idx on handoff (lead_id, transferred_at desc);
create index handoff_rep_pending_idx on handoff (rep_id, transferred_at) where status = 'PENDING';
create index handoff_sdr_idx on handoff (sdr_id, transferred_at desc);
