-- A deal row is refreshed inside the statement that changed its parts, often right after those tables grew by far
-- more than their statistics know: a first history import, or a data load that adds a hundred thousand opportunities
-- and their contacts in one transaction. Planned on such statistics, the touches were found by hashing every
-- membership against a sequential scan of the buying groups, once per deal — quadratic, hours for 100,000 deals. The
-- touches are now looked up contact by contact (each a look-up by lead), and the function plans without sequential
-- scans, so its cost stays proportional to the deals it refreshes whatever the statistics say.
create or replace function deal_fact_refresh(ids uuid[]) returns void language sql
set enable_seqscan = off
as $$
    delete from deal_fact d using unnest(ids) as x(id)
    where d.id = x.id and not exists (select 1 from opportunity o where o.id = d.id);
    insert into deal_fact (id, created_at, closed_at, amount, owner_id, order_amount, won_on, lead_id, touches,
                           lead_created_at, lead_source, lead_first_campaign_id)
    select o.id, o.created_at, o.closed_at, o.amount, o.owner_id, so.amount, so.won_on, p.lead_id,
           coalesce(t.touches, ''::bytea), l.created_at, l.source, l.first_campaign_id
    from (select distinct id from unnest(ids) as x(id)) x
    join opportunity o on o.id = x.id
    left join sales_order so on so.opportunity_id = o.id
    left join lateral (select c.lead_id from opportunity_contact c where c.opportunity_id = o.id and c.is_primary
                       order by c.added_at, c.lead_id limit 1) p on true
    left join lateral (select ld.created_at, ld.source, ld.first_campaign_id from lead ld
                       where ld.id = p.lead_id and ld.merged_into is null for share) l on true
    left join lateral (select string_agg(deal_fact_touch(m.campaign_id, m.joined_at), ''::bytea
                                         order by m.joined_at, m.campaign_id) as touches
                       from opportunity_contact c
                       -- offset 0 keeps the look-up by lead a look-up: pulled up, it becomes a join to plan
                       cross join lateral (select cm.campaign_id, cm.joined_at from campaign_member cm
                                           where cm.lead_id = c.lead_id offset 0) m
                       where c.opportunity_id = o.id) t on true
    on conflict (id) do update set created_at = excluded.created_at, closed_at = excluded.closed_at,
        amount = excluded.amount, owner_id = excluded.owner_id, order_amount = excluded.order_amount,
        won_on = excluded.won_on, lead_id = excluded.lead_id, touches = excluded.touches,
        lead_created_at = excluded.lead_created_at, lead_source = excluded.lead_source,
        lead_first_campaign_id = excluded.lead_first_campaign_id
$$;
