create table audit_event (
    id          bigint generated always as identity primary key,
    occurred_at timestamptz not null,
    actor_id    uuid,
    actor       text        not null,
    origin      text,
    action      text        not null,
    object_type text        not null,
    object_id   text,
    summary     text
);
create index audit_event_time_idx on audit_event (occurred_at desc);
create index audit_event_object_idx on audit_event (object_type, object_id);
