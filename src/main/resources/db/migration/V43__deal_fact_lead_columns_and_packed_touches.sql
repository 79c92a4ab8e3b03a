-- The deal rows (ADR 16) carry what attribution needs of their primary lead — when it was created, its source and its
-- first campaign; null when the deal has no live primary lead (none, or merged away), which the dashboards leave out
-- as their join on the funnel rows did — and their campaign touches packed into one bytea. Without a filter on the
-- leads, the period's deals are then read from the deal rows alone instead of being hashed against a million funnel
-- rows, and the JDBC driver no longer parses two text arrays per row (it spent more time on them than on everything
-- else of a year's report).

-- A touch is 24 bytes: the campaign's uuid (16 bytes), then the moment as microseconds since 1970-01-01 UTC (8 bytes,
-- big-endian); a deal's touches follow each other in time order. deal_fact_touch_list unpacks them for people and
-- tests.
create function deal_fact_touch(campaign uuid, at timestamptz) returns bytea language sql immutable as $$
    select uuid_send(campaign) || int8send((extract(epoch from at) * 1000000)::bigint)
$$;

create function deal_fact_touch_list(touches bytea) returns table (campaign_id uuid, at timestamptz)
language sql immutable as $$
    select encode(substring(touches from i for 16), 'hex')::uuid,
           timestamptz '1970-01-01 00:00:00+00'
               + ('x' || encode(substring(touches from i + 16 for 8), 'hex'))::bit(64)::bigint
                 * interval '1 microsecond'
    from generate_series(1, length(touches), 24) as i
    order by i
$$;

alter table deal_fact
    add column lead_created_at        timestamptz,
    add column lead_source            text,
    add column lead_first_campaign_id uuid,
    add column touches                bytea not null default ''::bytea;

-- every row rewritten once
update deal_fact d
set lead_created_at = l.created_at, lead_source = l.source, lead_first_campaign_id = l.first_campaign_id,
    touches = coalesce((select string_agg(deal_fact_touch(u.c, u.t), ''::bytea order by u.n)
                        from unnest(d.touch_campaigns, d.touch_times) with ordinality as u(c, t, n)), ''::bytea)
from deal_fact x
left join lead l on l.id = x.lead_id and l.merged_into is null
where x.id = d.id;

alter table deal_fact drop column touch_campaigns, drop column touch_times;

create index deal_fact_lead_idx on deal_fact (lead_id);

-- The primary lead is read under a share lock: a transaction that makes a lead the primary contact of a deal and
-- another that changes that lead (its source, first campaign, or a merge) then take turns, and whichever comes second
-- sees what the first wrote (else the second's refresh could miss the first's uncommitted deal row, and the row would
-- keep the old values).
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
    left join lateral (select ld.created_at, ld.source, ld.first_campaign_id from lead ld
                       where ld.id = p.lead_id and ld.merged_into is null for share) l on true
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

-- A lead's deal rows follow it when one of the kept columns changes or it is merged away (or back). Most leads are in
-- no deal; the look-up by lead answers that at once, and the WHEN clause spares every other update of a lead.
create function deal_fact_lead_changed() returns trigger language plpgsql as $$
begin
    update deal_fact d
    set lead_created_at = case when new.merged_into is null then new.created_at end,
        lead_source = case when new.merged_into is null then new.source end,
        lead_first_campaign_id = case when new.merged_into is null then new.first_campaign_id end
    where d.lead_id = new.id;
    return null;
end $$;

create trigger deal_fact_on_lead_update after update on lead for each row
    when (old.merged_into is distinct from new.merged_into or old.source is distinct from new.source
          or old.first_campaign_id is distinct from new.first_campaign_id
          or old.created_at is distinct from new.created_at)
    execute function deal_fact_lead_changed();

-- A deleted lead leaves its deal rows without a live lead (contacts keep the id: there is no foreign key).
create function deal_fact_leads_deleted() returns trigger language plpgsql as $$
begin
    update deal_fact d set lead_created_at = null, lead_source = null, lead_first_campaign_id = null
    from deleted_leads x where d.lead_id = x.id and d.lead_created_at is not null;
    return null;
end $$;

create trigger deal_fact_on_lead_delete after delete on lead
    referencing old table as deleted_leads for each statement execute function deal_fact_leads_deleted();
