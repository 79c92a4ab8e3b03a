-- A deal row reads its primary lead's funnel row under a share lock (ADR 16). Without it, a transaction that makes
-- a lead the primary contact of a deal could read the lead's funnel row while another changes that lead (its source,
-- first campaign, or a merge): the other's refresh of the lead's deal rows cannot see the first one's uncommitted
-- deal row, and after both commit the row would keep the old values. With the lock the two take turns, and whichever
-- comes second sees what the first wrote. (V43's remark that a deleted lead's contacts go with it is wrong: contacts
-- keep the id; lead_funnel_leads_deleted empties the lead's columns of its deal rows, which is what matters.)
create or replace function deal_fact_refresh(ids uuid[]) returns void language sql as $$
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
    left join lateral (select f.created_at, f.source, f.first_campaign_id from lead_funnel f where f.id = p.lead_id
                       for share) l on true
    left join lateral (select string_agg(deal_fact_touch(m.campaign_id, m.joined_at), ''::bytea
                                         order by m.joined_at, m.campaign_id) as touches
                       from opportunity_contact c join campaign_member m on m.lead_id = c.lead_id
                       where c.opportunity_id = o.id) t on true
    on conflict (id) do update set created_at = excluded.created_at, closed_at = excluded.closed_at,
        amount = excluded.amount, owner_id = excluded.owner_id, order_amount = excluded.order_amount,
        won_on = excluded.won_on, lead_id = excluded.lead_id, touches = excluded.touches,
        lead_created_at = excluded.lead_created_at, lead_source = excluded.lead_source,
        lead_first_campaign_id = excluded.lead_first_campaign_id
$$;
