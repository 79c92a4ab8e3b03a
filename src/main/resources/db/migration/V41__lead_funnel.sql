-- One narrow row per live lead in the shape the dashboards ask for (ADR 16): the columns reports filter and break
-- down by, and the first entry of each stage of the funnel's main line side by side. A 90-day funnel, a breakdown or
-- velocity then reads one table by range instead of pivoting lead_stage_date and joining the wide lead rows.
--
-- The database keeps it, in the statement that changes a lead or its stage dates (triggers below): no writer can
-- forget it, a report never sees it behind its sources, and the lead module's write paths stay as they are.
-- Merged leads have no row (a merge moves their stage dates to the survivor).
create table lead_funnel (
    id                uuid primary key,
    created_at        timestamptz not null,
    source            text        not null,
    first_campaign_id uuid,
    province          text,
    industry          text,
    sdr_id            uuid,
    owner_id          uuid,
    mql_at            timestamptz,
    sal_at            timestamptz,
    sql_at            timestamptz,
    opportunity_at    timestamptz,
    won_at            timestamptz
);

-- Backfill in creation order: a period's leads then lie together on disk, as new leads do when they arrive.
insert into lead_funnel (id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id, mql_at,
                         sal_at, sql_at, opportunity_at, won_at)
select l.id, l.created_at, l.source, l.first_campaign_id, l.province, l.industry, l.sdr_id, l.owner_id,
       d.mql_at, d.sal_at, d.sql_at, d.opportunity_at, d.won_at
from lead l
left join (select lead_id,
                  min(first_entered_at) filter (where stage = 'MQL') as mql_at,
                  min(first_entered_at) filter (where stage = 'SAL') as sal_at,
                  min(first_entered_at) filter (where stage = 'SQL') as sql_at,
                  min(first_entered_at) filter (where stage = 'OPPORTUNITY') as opportunity_at,
                  min(first_entered_at) filter (where stage = 'WON') as won_at
           from lead_stage_date group by lead_id) d on d.lead_id = l.id
where l.merged_into is null
order by l.created_at;

create index lead_funnel_created_idx on lead_funnel (created_at);
-- Most leads never leave LEAD: the stage indexes hold only the leads that reached the stage.
create index lead_funnel_mql_idx on lead_funnel (mql_at) where mql_at is not null;
create index lead_funnel_sal_idx on lead_funnel (sal_at) where sal_at is not null;
create index lead_funnel_sql_idx on lead_funnel (sql_at) where sql_at is not null;
create index lead_funnel_opportunity_idx on lead_funnel (opportunity_at) where opportunity_at is not null;
create index lead_funnel_won_idx on lead_funnel (won_at) where won_at is not null;

-- New leads: one set-based insert per statement (an import chunk writes thousands of leads in one statement).
create function lead_funnel_leads_inserted() returns trigger language plpgsql as $$
begin
    insert into lead_funnel (id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id)
    select id, created_at, source, first_campaign_id, province, industry, sdr_id, owner_id
    from inserted_leads where merged_into is null
    on conflict (id) do nothing;
    return null;
end $$;

create trigger lead_funnel_on_lead_insert after insert on lead
    referencing new table as inserted_leads for each statement execute function lead_funnel_leads_inserted();

-- Changed leads: only when a column the funnel keeps changed (the WHEN clause is checked without calling the
-- function, so the frequent updates of other columns cost nothing here).
create function lead_funnel_lead_updated() returns trigger language plpgsql as $$
begin
    if new.merged_into is not null then
        delete from lead_funnel where id = new.id;
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
    return null;
end $$;

create trigger lead_funnel_on_lead_update after update on lead for each row
    when (old.merged_into is distinct from new.merged_into or old.source is distinct from new.source
          or old.first_campaign_id is distinct from new.first_campaign_id
          or old.province is distinct from new.province or old.industry is distinct from new.industry
          or old.sdr_id is distinct from new.sdr_id or old.owner_id is distinct from new.owner_id
          or old.created_at is distinct from new.created_at)
    execute function lead_funnel_lead_updated();

create function lead_funnel_leads_deleted() returns trigger language plpgsql as $$
begin
    delete from lead_funnel f using deleted_leads d where f.id = d.id;
    return null;
end $$;

create trigger lead_funnel_on_lead_delete after delete on lead
    referencing old table as deleted_leads for each statement execute function lead_funnel_leads_deleted();

-- Stage dates: the affected leads' dates are read again from lead_stage_date (a merge deletes the loser's dates and
-- moves them to the survivor; the history import moves a date earlier).
create function lead_funnel_refresh_dates(lead_ids uuid[]) returns void language sql as $$
    update lead_funnel f set
        mql_at = (select first_entered_at from lead_stage_date where lead_id = f.id and stage = 'MQL'),
        sal_at = (select first_entered_at from lead_stage_date where lead_id = f.id and stage = 'SAL'),
        sql_at = (select first_entered_at from lead_stage_date where lead_id = f.id and stage = 'SQL'),
        opportunity_at = (select first_entered_at from lead_stage_date where lead_id = f.id and stage = 'OPPORTUNITY'),
        won_at = (select first_entered_at from lead_stage_date where lead_id = f.id and stage = 'WON')
    where f.id = any(lead_ids)
$$;

create function lead_funnel_dates_inserted() returns trigger language plpgsql as $$
begin
    perform lead_funnel_refresh_dates(array(select distinct lead_id from changed_dates
                                            where stage in ('MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON')));
    return null;
end $$;

create trigger lead_funnel_on_date_insert after insert on lead_stage_date
    referencing new table as changed_dates for each statement execute function lead_funnel_dates_inserted();
create trigger lead_funnel_on_date_update after update on lead_stage_date
    referencing new table as changed_dates for each statement execute function lead_funnel_dates_inserted();
create trigger lead_funnel_on_date_delete after delete on lead_stage_date
    referencing old table as changed_dates for each statement execute function lead_funnel_dates_inserted();
