-- Responses remembered per client and Idempotency-Key, so a retried request gets the first answer.
create table idempotency_key (
    scope           text        not null,
    key             text        not null,
    request_hash    text        not null,
    response_status int,
    response_body   text,
    created_at      timestamptz not null,
    primary key (scope, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

create table import_job (
    id             uuid primary key,
    file_name      text        not null,
    file_path      text        not null,
    file_format    text        not null,
    encoding       text,
    delimiter      text,
    status         text        not null,
    mapping        jsonb       not null,
    campaign_id    uuid,
    source         text        not null,
    total_rows     int,
    processed_rows int         not null default 0,
    created_leads  int         not null default 0,
    updated_leads  int         not null default 0,
    failed_rows    int         not null default 0,
    message        text,
    created_by     text        not null,
    created_by_id  uuid,
    origin         text,
    created_at     timestamptz not null,
    started_at     timestamptz,
    finished_at    timestamptz,
    version        int         not null default 0
);
create index import_job_created_idx on import_job (created_at desc);

create table import_row_error (
    job_id  uuid not null references import_job (id) on delete cascade,
    line_no int  not null,
    field   text,
    reason  text not null,
    code    text,
    args    text[]
);
create index import_row_error_job_idx on import_row_error (job_id, line_no);

-- Chunks of an import that committed; an import resumed after a crash skips exactly these.
create table import_chunk (
    job_id   uuid not null references import_job (id) on delete cascade,
    chunk_no int  not null,
    primary key (job_id, chunk_no)
);
