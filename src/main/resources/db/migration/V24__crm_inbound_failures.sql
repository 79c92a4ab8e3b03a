-- A change from a CRM that could not be applied: tried again at the next pulls, then set aside (and shown) so that it
-- does not hold back every later change of its object.
create table crm_inbound_failure (
    connector_id uuid        not null references crm_connector (id) on delete cascade,
    object       text        not null,
    crm_id       text        not null,
    version      text        not null,
    attempts     int         not null,
    last_error   text        not null,
    failed_at    timestamptz not null,
    primary key (connector_id, object, crm_id, version)
);
