-- The in-app inbox (the bell). External channels (email, WeCom …) will consume the same events later.
create table notification (
    id         uuid primary key,
    user_id    uuid        not null,
    kind       text        not null,
    lead_id    uuid,
    link       text        not null,
    params     jsonb       not null default '{}',
    created_at timestamptz not null,
    read_at    timestamptz,
    -- the event that caused it: a redelivered event must not notify twice
    dedupe_key text        not null unique
);
create index notification_user_idx on notification (user_id, created_at desc);
create index notification_unread_idx on notification (user_id) where read_at is null;
