-- A new lead's id is new: no funnel row can exist for it (a lead's row goes with the lead, and merged leads are never
-- inserted again). "on conflict (id) do nothing" made PostgreSQL search the primary key once more for every new lead
-- of an import before inserting into it; a row that did exist would now fail the insert loudly instead of being skipped.
create or replace function lead_funnel_leads_inserted() returns trigger language plpgsql as $$
begin
    insert into lead_funnel (id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id)
    select id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id
    from inserted_leads where merged_into is null;
    return null;
end $$;
