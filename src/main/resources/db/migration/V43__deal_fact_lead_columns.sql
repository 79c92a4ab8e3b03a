-- The deal rows carry what attribution needs of their primary lead (ADR 16): when it was created, its source and its
-- first campaign, taken from its funnel row; null when the deal has no live primary lead (none, or merged away), which
-- the dashboards leave out as the join on the funnel rows did. Without a filter on the leads, the period's deals are
-- then read from the deal rows alone, instead of hashing them against a million funnel rows.
alter table deal_fact
    add column lead_created_at        timestamptz,
    add column lead_source            text,
    add column lead_first_campaign_id uuid;

create index deal_fact_lead_idx on deal_fact (lead_id);

update deal_fact d set lead_created_at = l.created_at, lead_source = l.source,
                       lead_first_campaign_id = l.first_campaign_id
from lead_funnel l where l.id = d.lead_id;

create or replace function deal_fact_refresh(ids uuid[]) returns void language sql as $$
    delete from deal_fact d using unnest(ids) as x(id)
    where d.id = x.id and not exists (select 1 from opportunity o where o.id = d.id);
    insert into deal_fact (id, created_at, closed_at, amount, owner_id, order_amount, won_on, lead_id,
                           touch_campaigns, touch_times, lead_created_at, lead_source, lead_first_campaign_id)
    select o.id, o.created_at, o.closed_at, o.amount, o.owner_id, so.amount, so.won_on, p.lead_id,
           coalesce(t.campaigns, '{}'), coalesce(t.times, '{}'), l.created_at, l.source, l.first_campaign_id
    from (select distinct id from unnest(ids) as x(id)) x
    join opportunity o on o.id = x.id
    left join sales_order so on so.opportunity_id = o.id
    left join lateral (select c.lead_id from opportunity_contact c where c.opportunity_id = o.id and c.is_primary
                       order by c.added_at, c.lead_id limit 1) p on true
    left join lead_funnel l on l.id = p.lead_id
    left join lateral (select array_agg(m.campaign_id order by m.joined_at, m.campaign_id) as campaigns,
                              array_agg(m.joined_at order by m.joined_at, m.campaign_id) as times
                       from opportunity_contact c join campaign_member m on m.lead_id = c.lead_id
                       where c.opportunity_id = o.id) t on true
    on conflict (id) do update set created_at = excluded.created_at, closed_at = excluded.closed_at,
        amount = excluded.amount, owner_id = excluded.owner_id, order_amount = excluded.order_amount,
        won_on = excluded.won_on, lead_id = excluded.lead_id, touch_campaigns = excluded.touch_campaigns,
        touch_times = excluded.touch_times, lead_created_at = excluded.lead_created_at,
        lead_source = excluded.lead_source, lead_first_campaign_id = excluded.lead_first_campaign_id
$$;

-- The lead's deal rows follow its funnel row: a lead changes (or is merged away) in the trigger that keeps the funnel
-- row. Most leads are in no deal; the look-up by lead answers that at once.
create function deal_fact_refresh_lead(lead uuid) returns void language sql as $$
    update deal_fact d set lead_created_at = l.created_at, lead_source = l.source,
                           lead_first_campaign_id = l.first_campaign_id
    from (select lead as id) x left join lead_funnel l on l.id = x.id
    where d.lead_id = x.id
      and (d.lead_created_at, d.lead_source, d.lead_first_campaign_id)
          is distinct from (l.created_at, l.source, l.first_campaign_id)
$$;

create or replace function lead_funnel_lead_updated() returns trigger language plpgsql as $$
begin
    if new.merged_into is not null then
        delete from lead_funnel where id = new.id;
        perform deal_fact_refresh_lead(new.id);
        return null;
    end if;
    insert into lead_funnel (id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id,
                             mql_at, sal_at, sql_at, opportunity_at, won_at)
    values (new.id, new.created_at, new.source, new.first_campaign_id, new.province, new.industry, new.sdr_id,
            new.owner_id,
            (select first_entered_at from lead_stage_date where lead_id = new.id and stage = 'MQL'),
            (select first_entered_at from lead_stage_date where lead_id = new.id and stage = 'SAL'),
            (select first_entered_at from lead_stage_date where lead_id = new.id and stage = 'SQL'),
            (select first_entered_at from lead_stage_date where lead_id = new.id and stage = 'OPPORTUNITY'),
            (select first_entered_at from lead_stage_date where lead_id = new.id and stage = 'WON'))
    on conflict (id) do update set created_at = excluded.created_at, source = excluded.source,
        first_campaign_id = excluded.first_campaign_id, province = excluded.province, industry = excluded.industry,
        sdr_id = excluded.sdr_id, owner_id = excluded.owner_id;
    perform deal_fact_refresh_lead(new.id);
    return null;
end $$;

-- A deleted lead's contacts go with it (their trigger reads the deals again); this covers a deal row that still
-- names it.
create or replace function lead_funnel_leads_deleted() returns trigger language plpgsql as $$
begin
    delete from lead_funnel f using deleted_leads d where f.id = d.id;
    update deal_fact d set lead_created_at = null, lead_source = null, lead_first_campaign_id = null
    from deleted_leads x where d.lead_id = x.id and d.lead_created_at is not null;
    return null;
end $$;
