-- A deal row's campaign touches packed into one bytea (ADR 16): 24 bytes a touch in time order, the campaign's uuid
-- (16 bytes) then the moment as microseconds since 1970-01-01 UTC (8 bytes, big-endian). Reading a year's deals,
-- the JDBC driver spent more time parsing the two text arrays than everything else of the report; bytes arrive as
-- they are. deal_fact_touch_list(touches) unpacks them for people and tests.
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

alter table deal_fact add column touches bytea not null default ''::bytea;

update deal_fact set touches = (select string_agg(deal_fact_touch(c, t), ''::bytea order by n)
                                from unnest(touch_campaigns, touch_times) with ordinality as u(c, t, n))
where cardinality(touch_campaigns) > 0;

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
    left join lead_funnel l on l.id = p.lead_id
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

alter table deal_fact drop column touch_campaigns, drop column touch_times;
