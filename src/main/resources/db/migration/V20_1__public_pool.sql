-- The public pool (公海): who gave which lead up (for the cool-down before they may claim it again) and who claimed
-- what (for the daily claim limit). The pool itself is the sales leads nobody owns.
create table public_pool_event (
    lead_id uuid        not null,
    user_id uuid        not null,
    kind    text        not null,
    at      timestamptz not null,
    reason  text,
    constraint public_pool_event_kind check (kind in ('RELEASED', 'CLAIMED'))
);
create index public_pool_event_user_idx on public_pool_event (user_id, kind, at);
create index public_pool_event_lead_idx on public_pool_event (lead_id, user_id, at);
