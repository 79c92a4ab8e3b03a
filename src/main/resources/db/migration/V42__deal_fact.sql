-- One row per opportunity in the shape attribution asks for (ADR 16, like lead_funnel): its amount and dates, its
-- order, its primary lead and its campaign touches (the memberships of every lead of its buying group, in time
-- order) side by side. The period's deals are then one read of a narrow table instead of joins of opportunities,
-- orders, contacts and every campaign membership. Kept by the database in the statement that changes a source row.
create table deal_fact (
    id             uuid primary key,
    created_at     timestamptz    not null,
    closed_at      timestamptz,
    amount         numeric(18, 2) not null,
    owner_id       uuid,
    order_amount   numeric(18, 2),
    won_on         date,
    lead_id        uuid,
    touch_campaigns uuid[]        not null default '{}',
    touch_times    timestamptz[]  not null default '{}'
);
create index deal_fact_created_idx on deal_fact (created_at);
create index deal_fact_won_idx on deal_fact (won_on) where won_on is not null;

-- The rows of these opportunities read again from their sources (a missing opportunity loses its row).
create function deal_fact_refresh(ids uuid[]) returns void language sql as $$
    delete from deal_fact d using unnest(ids) as x(id)
    where d.id = x.id and not exists (select 1 from opportunity o where o.id = d.id);
    insert into deal_fact (id, created_at, closed_at, amount, owner_id, order_amount, won_on, lead_id,
                           touch_campaigns, touch_times)
    select o.id, o.created_at, o.closed_at, o.amount, o.owner_id, so.amount, so.won_on,
           (select c.lead_id from opportunity_contact c where c.opportunity_id = o.id and c.is_primary
            order by c.added_at, c.lead_id limit 1),
           coalesce(t.campaigns, '{}'), coalesce(t.times, '{}')
    from (select distinct id from unnest(ids) as x(id)) x
    join opportunity o on o.id = x.id
    left join sales_order so on so.opportunity_id = o.id
    left join lateral (select array_agg(m.campaign_id order by m.joined_at, m.campaign_id) as campaigns,
                              array_agg(m.joined_at order by m.joined_at, m.campaign_id) as times
                       from opportunity_contact c join campaign_member m on m.lead_id = c.lead_id
                       where c.opportunity_id = o.id) t on true
    on conflict (id) do update set created_at = excluded.created_at, closed_at = excluded.closed_at,
        amount = excluded.amount, owner_id = excluded.owner_id, order_amount = excluded.order_amount,
        won_on = excluded.won_on, lead_id = excluded.lead_id, touch_campaigns = excluded.touch_campaigns,
        touch_times = excluded.touch_times
$$;

-- backfill, set-based, in opening order
insert into deal_fact (id, created_at, closed_at, amount, owner_id, order_amount, won_on, lead_id, touch_campaigns,
                       touch_times)
select o.id, o.created_at, o.closed_at, o.amount, o.owner_id, so.amount, so.won_on, p.lead_id,
       coalesce(t.campaigns, '{}'), coalesce(t.times, '{}')
from opportunity o
left join sales_order so on so.opportunity_id = o.id
left join (select distinct on (opportunity_id) opportunity_id, lead_id from opportunity_contact where is_primary
           order by opportunity_id, added_at, lead_id) p on p.opportunity_id = o.id
left join (select c.opportunity_id, array_agg(m.campaign_id order by m.joined_at, m.campaign_id) as campaigns,
                  array_agg(m.joined_at order by m.joined_at, m.campaign_id) as times
           from opportunity_contact c join campaign_member m on m.lead_id = c.lead_id
           group by c.opportunity_id) t on t.opportunity_id = o.id
order by o.created_at;

create function deal_fact_opportunities_changed() returns trigger language plpgsql as $$
begin
    perform deal_fact_refresh(array(select id from changed_rows));
    return null;
end $$;
create trigger deal_fact_on_opportunity_insert after insert on opportunity
    referencing new table as changed_rows for each statement execute function deal_fact_opportunities_changed();
create trigger deal_fact_on_opportunity_update after update on opportunity
    referencing new table as changed_rows for each statement execute function deal_fact_opportunities_changed();
create trigger deal_fact_on_opportunity_delete after delete on opportunity
    referencing old table as changed_rows for each statement execute function deal_fact_opportunities_changed();

-- orders and buying-group members name their opportunity
create function deal_fact_parts_changed() returns trigger language plpgsql as $$
begin
    perform deal_fact_refresh(array(select distinct opportunity_id from changed_rows));
    return null;
end $$;
create trigger deal_fact_on_order_insert after insert on sales_order
    referencing new table as changed_rows for each statement execute function deal_fact_parts_changed();
create trigger deal_fact_on_order_update after update on sales_order
    referencing new table as changed_rows for each statement execute function deal_fact_parts_changed();
create trigger deal_fact_on_order_delete after delete on sales_order
    referencing old table as changed_rows for each statement execute function deal_fact_parts_changed();
create trigger deal_fact_on_contact_insert after insert on opportunity_contact
    referencing new table as changed_rows for each statement execute function deal_fact_parts_changed();
create trigger deal_fact_on_contact_update after update on opportunity_contact
    referencing new table as changed_rows for each statement execute function deal_fact_parts_changed();
create trigger deal_fact_on_contact_delete after delete on opportunity_contact
    referencing old table as changed_rows for each statement execute function deal_fact_parts_changed();

-- A membership is a touch of every opportunity its lead belongs to: most leads belong to none, and the look-up by
-- lead (opportunity_contact_lead_idx) finds that at once, so imports that add thousands of members pay little.
create function deal_fact_members_changed() returns trigger language plpgsql as $$
begin
    perform deal_fact_refresh(array(select distinct c.opportunity_id from opportunity_contact c
                                    where c.lead_id in (select lead_id from changed_rows)));
    return null;
end $$;
create trigger deal_fact_on_member_insert after insert on campaign_member
    referencing new table as changed_rows for each statement execute function deal_fact_members_changed();
create function deal_fact_members_moved() returns trigger language plpgsql as $$
begin
    perform deal_fact_refresh(array(select distinct c.opportunity_id from opportunity_contact c
                                    where c.lead_id in (select lead_id from new_rows union select lead_id from old_rows)));
    return null;
end $$;
create trigger deal_fact_on_member_update after update on campaign_member
    referencing old table as old_rows new table as new_rows
    for each statement execute function deal_fact_members_moved();
create trigger deal_fact_on_member_delete after delete on campaign_member
    referencing old table as changed_rows for each statement execute function deal_fact_members_changed();
