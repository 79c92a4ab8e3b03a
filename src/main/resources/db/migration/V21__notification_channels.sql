-- Group robots (WeCom, DingTalk, Feishu, Slack), SMS and each person's say over what reaches them where.

-- A group chat's incoming webhook. Its URL and secret are credentials: pages never show them in full. A robot takes
-- about 20 messages a minute, so the dispatcher sends one combined message per robot at most every few seconds;
-- next_send_at is the earliest moment of the next one (later after a rate-limit answer).
create table notification_channel (
    id           uuid primary key,
    kind         text        not null,
    name         text        not null,
    webhook_url  text        not null,
    secret       text,
    -- only notifications addressed to members of this team; null: everybody's
    team_id      uuid references team (id),
    -- which notification kinds it forwards
    kinds        text[]      not null,
    language     text        not null default 'zh-CN',
    active       boolean     not null default true,
    next_send_at timestamptz,
    last_sent_at timestamptz,
    last_error   text,
    created_at   timestamptz not null,
    constraint notification_channel_kind check (kind in ('WECOM', 'DINGTALK', 'FEISHU', 'SLACK'))
);

-- One row per message and address as before; group robot rows name their channel, digest rows wait for the day's
-- e-mail of their person, SMS rows carry the E.164 number.
alter table notification_delivery drop constraint notification_delivery_channel;
alter table notification_delivery add constraint notification_delivery_channel
    check (channel in ('EMAIL', 'DIGEST', 'SMS', 'IM'));
alter table notification_delivery add column channel_id uuid references notification_channel (id) on delete cascade;
alter table notification_delivery add constraint notification_delivery_im_channel
    check ((channel = 'IM') = (channel_id is not null));
alter table notification_delivery drop constraint notification_delivery_notification_id_channel_key;
create unique index notification_delivery_person_uq on notification_delivery (notification_id, channel)
    where channel_id is null;
create unique index notification_delivery_robot_uq on notification_delivery (notification_id, channel_id)
    where channel_id is not null;
create index notification_delivery_robot_due_idx on notification_delivery (channel_id, next_attempt_at)
    where status = 'PENDING' and channel_id is not null;

-- What a person wants where. Kinds switched off for e-mail and kinds switched on for SMS are stored, so a kind added
-- later reaches people by e-mail and not by SMS until they say otherwise. No row: the defaults.
create table notification_preference (
    user_id     uuid primary key references app_user (id) on delete cascade,
    email_off   text[]      not null default '{}',
    sms_on      text[]      not null default '{}',
    quiet_from  time,
    quiet_until time,
    time_zone   text        not null,
    digest_hour int,
    updated_at  timestamptz not null,
    constraint notification_preference_quiet check ((quiet_from is null) = (quiet_until is null)
        and (quiet_from is null or quiet_from <> quiet_until)),
    constraint notification_preference_digest check (digest_hour between 0 and 23)
);

alter table app_user add column mobile text;
