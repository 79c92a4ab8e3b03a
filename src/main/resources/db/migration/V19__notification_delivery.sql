-- Notifications on channels outside Tandem (e-mail today; WeCom, DingTalk, Feishu, Slack, SMS next). Each row is one
-- message to one address, written in the transaction that wrote the in-app notification, and sent at least once by a
-- dispatcher that retries with back-off; what could not be sent stays visible to admins.
create table notification_delivery (
    id              uuid primary key,
    notification_id uuid        not null references notification (id) on delete cascade,
    channel         text        not null,
    recipient       text        not null,
    subject         text        not null,
    body            text        not null,
    status          text        not null default 'PENDING',
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    constraint notification_delivery_channel check (channel in ('EMAIL')),
    constraint notification_delivery_status check (status in ('PENDING', 'SENT', 'FAILED')),
    unique (notification_id, channel)
);
create index notification_delivery_due_idx on notification_delivery (next_attempt_at) where status = 'PENDING';
create index notification_delivery_failed_idx on notification_delivery (created_at desc) where status = 'FAILED';
