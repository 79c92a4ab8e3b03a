create table team (
    id         uuid primary key,
    name       text        not null,
    manager_id uuid,
    created_at timestamptz not null,
    version    int         not null default 0
);
create unique index team_name_uq on team (lower(name));

create table app_user (
    id            uuid primary key,
    username      text        not null,
    display_name  text        not null,
    email         text,
    password_hash text        not null,
    roles         text[]      not null,
    team_id       uuid references team (id),
    locale        text,
    active        boolean     not null default true,
    created_at    timestamptz not null,
    version       int         not null default 0,
    constraint app_user_username_lower check (username = lower(username))
);
create unique index app_user_username_uq on app_user (username);

alter table team add constraint team_manager_fk foreign key (manager_id) references app_user (id);

create table api_token (
    id           uuid primary key,
    user_id      uuid        not null references app_user (id),
    name         text        not null,
    token_hash   text        not null unique,
    token_prefix text        not null,
    scopes       text[]      not null,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    version      int         not null default 0
);
create index api_token_user_idx on api_token (user_id);
