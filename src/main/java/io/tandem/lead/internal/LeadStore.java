package io.tandem.lead.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tandem.lead.LeadField;
import io.tandem.shared.db.Savepoints;
import io.tandem.shared.db.SqlArrays;

/** The set-based SQL of the intake path: many leads per statement, one round trip per step. */
@Repository
class LeadStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    LeadStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    Map<IdentityKey, UUID> lookup(Collection<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<IdentityKey> asked = List.copyOf(keys);
        Map<IdentityKey, UUID> found = new HashMap<>();
        // Each found key comes back as its position in the question, not as its text: nothing to decode and hash.
        jdbc.sql("""
                select k.position, i.lead_id from lead_identity i
                join unnest(:kinds::text[], :values::text[]) with ordinality as k(kind, value, position)
                  on i.kind = k.kind and i.value = k.value
                """)
                .param("kinds", asked.stream().map(k -> k.kind().name()).toArray(String[]::new))
                .param("values", asked.stream().map(IdentityKey::value).toArray(String[]::new))
                .query(rs -> {
                    found.put(asked.get(rs.getInt(1) - 1), rs.getObject(2, UUID.class));
                });
        return found;
    }

    /**
     * Claims identity keys for leads. A key another transaction holds is not taken: PostgreSQL waits for that
     * transaction and then skips the row. Only when some key was skipped are the keys looked up again, to learn
     * who holds them; usually every key is new and nothing comes back.
     *
     * @return the keys that another lead holds, each with that lead
     */
    Map<IdentityKey, UUID> claim(Map<IdentityKey, UUID> claims, Instant now) {
        if (claims.isEmpty()) {
            return Map.of();
        }
        List<Map.Entry<IdentityKey, UUID>> entries = new ArrayList<>(claims.entrySet());
        String[] kinds = entries.stream().map(e -> e.getKey().kind().name()).toArray(String[]::new);
        String[] values = entries.stream().map(e -> e.getKey().value()).toArray(String[]::new);
        UUID[] leads = entries.stream().map(Map.Entry::getValue).toArray(UUID[]::new);
        // Most keys of a big capture are new (an import of new people): then they are inserted without looking for
        // each one first.
        int inserted = Savepoints.insertOrElse(jdbc, claims.size(), () -> insertClaims("", kinds, values, leads, now),
                () -> insertClaims("on conflict do nothing", kinds, values, leads, now));
        if (inserted == claims.size()) {
            return Map.of();
        }
        Map<IdentityKey, UUID> holders = new HashMap<>(lookup(claims.keySet()));
        holders.entrySet().removeIf(holder -> holder.getValue().equals(claims.get(holder.getKey())));
        return holders;
    }

    private int insertClaims(String onConflict, String[] kinds, String[] values, UUID[] leads, Instant now) {
        // Inserted in key order, the same for every transaction, so concurrent claims never wait for each other
        // in a circle.
        return jdbc.sql("""
                insert into lead_identity (kind, value, lead_id, created_at)
                select kind, value, lead_id, :now from unnest(:kinds::text[], :values::text[], :leads::uuid[])
                    as k(kind, value, lead_id)
                order by kind, value
                """ + onConflict)
                .param("now", utc(now)).param("kinds", kinds).param("values", values)
                .param("leads", SqlArrays.uuids(leads))
                .update();
    }

    /** Follows merges: a merged lead's id leads to its survivor. Unknown ids are absent. */
    Map<UUID, UUID> survivorsOf(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, UUID> survivors = new HashMap<>();
        jdbc.sql("select id, coalesce(merged_into, id) from lead where id = any(:ids)")
                .param("ids", SqlArrays.uuids(ids))
                .query(rs -> {
                    survivors.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                });
        return survivors;
    }

    /** Hands the identities of each lead in the map to the lead it maps to, all in one statement. */
    void moveIdentities(Map<UUID, UUID> fromTo) {
        if (fromTo.isEmpty()) {
            return;
        }
        List<Map.Entry<UUID, UUID>> moves = new ArrayList<>(fromTo.entrySet());
        jdbc.sql("""
                update lead_identity i set lead_id = m.to_lead
                from unnest(:froms::uuid[], :tos::uuid[]) as m(from_lead, to_lead)
                where i.lead_id = m.from_lead
                """)
                .param("froms", SqlArrays.uuids(moves.stream().map(Map.Entry::getKey).toList()))
                .param("tos", SqlArrays.uuids(moves.stream().map(Map.Entry::getValue).toList()))
                .update();
    }

    /** Which of these leads are only known by a visitor id, i.e. have neither email nor phone. */
    Set<UUID> anonymousAmong(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<UUID> anonymous = new HashSet<>();
        jdbc.sql("select id, email, phone, merged_into from lead where id = any(:ids)")
                .param("ids", SqlArrays.uuids(ids))
                .query(rs -> {
                    if (rs.getString(2) == null && rs.getString(3) == null && rs.getObject(4) == null) {
                        anonymous.add(rs.getObject(1, UUID.class));
                    }
                });
        return anonymous;
    }

    Map<UUID, Lead> loadForUpdate(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        UUID[] sorted = ids.stream().distinct().sorted().toArray(UUID[]::new);
        Map<UUID, Lead> leads = new HashMap<>();
        // Merged leads are skipped here, not in SQL: with "merged_into is null" in the query PostgreSQL reads a
        // whole partial index of live leads (by name or company) instead of the primary key.
        jdbc.sql("""
                select id, name, email, phone, company, title, industry, company_size, province, city, country,
                       source, source_detail, first_campaign_id, account_id, owner_id, tags, custom::text,
                       created_at, updated_at, created_via, version, stage, stage_changed_at,
                       sdr_id, pending_rep_id, merged_into
                from lead where id = any(:ids) order by id for update
                """)
                .param("ids", SqlArrays.uuids(sorted))
                .query(rs -> {
                    if (rs.getObject("merged_into") == null) {
                        Lead lead = read(rs);
                        leads.put(lead.id(), lead);
                    }
                });
        return leads;
    }

    private static Lead read(ResultSet rs) throws SQLException {
        java.util.EnumMap<LeadField, String> fields = new java.util.EnumMap<>(LeadField.class);
        fields.put(LeadField.NAME, rs.getString("name"));
        fields.put(LeadField.EMAIL, rs.getString("email"));
        fields.put(LeadField.PHONE, rs.getString("phone"));
        fields.put(LeadField.COMPANY, rs.getString("company"));
        fields.put(LeadField.TITLE, rs.getString("title"));
        fields.put(LeadField.INDUSTRY, rs.getString("industry"));
        fields.put(LeadField.COMPANY_SIZE, rs.getString("company_size"));
        fields.put(LeadField.PROVINCE, rs.getString("province"));
        fields.put(LeadField.CITY, rs.getString("city"));
        fields.put(LeadField.COUNTRY, rs.getString("country"));
        fields.put(LeadField.SOURCE, rs.getString("source"));
        fields.put(LeadField.SOURCE_DETAIL, rs.getString("source_detail"));
        java.sql.Timestamp stageChanged = rs.getTimestamp("stage_changed_at");
        Lead lead = Lead.fromRow(rs.getObject("id", UUID.class), fields, rs.getObject("first_campaign_id", UUID.class),
                rs.getObject("account_id", UUID.class), rs.getObject("owner_id", UUID.class),
                new TreeSet<>(Arrays.asList((String[]) rs.getArray("tags").getArray())),
                new io.tandem.shared.Jsonb(rs.getString("custom")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("created_via"), rs.getInt("version"), rs.getString("stage"),
                stageChanged == null ? null : stageChanged.toInstant());
        lead.workedBy(rs.getObject("sdr_id", UUID.class), rs.getObject("pending_rep_id", UUID.class));
        lead.loadedForUpdate();
        return lead;
    }

    /** All new leads of a batch in one statement: arrays per column, unnested by PostgreSQL. */
    void insert(List<Lead> leads) {
        if (leads.isEmpty()) {
            return;
        }
        int n = leads.size();
        UUID[] ids = new UUID[n];
        String[][] text = new String[LeadField.values().length][n];
        UUID[] campaigns = new UUID[n];
        UUID[] accounts = new UUID[n];
        UUID[] owners = new UUID[n];
        String[] tags = new String[n];
        String[] custom = new String[n];
        String[] dedupeKeys = new String[n];
        String[] createdAt = new String[n];
        String[] updatedAt = new String[n];
        String[] createdVia = new String[n];
        // What most leads of a capture share travels once, and each lead carries only what differs (a null): the
        // moment of the capture, no tags, no custom values. PostgreSQL then parses no timestamp, array or JSON for
        // them.
        Instant captured = leads.get(0).updatedAt();
        for (int i = 0; i < n; i++) {
            Lead lead = leads.get(i);
            ids[i] = lead.id();
            for (LeadField field : LeadField.values()) {
                text[field.ordinal()][i] = lead.get(field);
            }
            campaigns[i] = lead.firstCampaignId();
            accounts[i] = lead.accountId();
            owners[i] = lead.ownerId();
            tags[i] = lead.tags().isEmpty() ? null : CustomJson.postgresArray(lead.tags());
            custom[i] = lead.customValues().isEmpty() ? null : CustomJson.write(lead.customValues()).json();
            dedupeKeys[i] = lead.dedupeKey();
            createdAt[i] = lead.createdAt().equals(captured) ? null : lead.createdAt().toString();
            updatedAt[i] = lead.updatedAt().equals(captured) ? null : lead.updatedAt().toString();
            createdVia[i] = lead.createdVia();
        }
        jdbc.sql("""
                insert into lead (id, name, email, phone, company, title, industry, company_size, province, city,
                    country, source, source_detail, first_campaign_id, account_id, owner_id, tags, custom, dedupe_key,
                    created_at, updated_at, created_via)
                select id, name, email, phone, company, title, industry, company_size, province, city, country,
                    source, source_detail, first_campaign_id, account_id, owner_id,
                    coalesce(tags::text[], '{}'::text[]), coalesce(custom::jsonb, '{}'::jsonb), dedupe_key,
                    coalesce(created_at::timestamptz, :captured::timestamptz),
                    coalesce(updated_at::timestamptz, :captured::timestamptz),
                    created_via
                from unnest(:ids::uuid[], :name::text[], :email::text[], :phone::text[], :company::text[],
                    :title::text[], :industry::text[], :size::text[], :province::text[], :city::text[],
                    :country::text[], :source::text[], :detail::text[], :campaigns::uuid[], :accounts::uuid[],
                    :owners::uuid[], :tags::text[], :custom::text[], :dedupe::text[], :created::text[],
                    :updated::text[], :via::text[])
                    as l(id, name, email, phone, company, title, industry, company_size, province, city, country,
                         source, source_detail, first_campaign_id, account_id, owner_id, tags, custom, dedupe_key,
                         created_at, updated_at, created_via)
                """)
                .param("ids", SqlArrays.uuids(ids))
                .param("name", text[LeadField.NAME.ordinal()]).param("email", text[LeadField.EMAIL.ordinal()])
                .param("phone", text[LeadField.PHONE.ordinal()]).param("company", text[LeadField.COMPANY.ordinal()])
                .param("title", text[LeadField.TITLE.ordinal()]).param("industry", text[LeadField.INDUSTRY.ordinal()])
                .param("size", text[LeadField.COMPANY_SIZE.ordinal()])
                .param("province", text[LeadField.PROVINCE.ordinal()]).param("city", text[LeadField.CITY.ordinal()])
                .param("country", text[LeadField.COUNTRY.ordinal()]).param("source", text[LeadField.SOURCE.ordinal()])
                .param("detail", text[LeadField.SOURCE_DETAIL.ordinal()])
                .param("campaigns", SqlArrays.uuids(campaigns)).param("accounts", SqlArrays.uuids(accounts))
                .param("owners", SqlArrays.uuids(owners))
                .param("tags", tags).param("custom", custom).param("dedupe", dedupeKeys)
                .param("created", createdAt).param("updated", updatedAt).param("captured", captured.toString())
                .param("via", createdVia)
                .update();
    }

    void update(List<Lead> leads) {
        if (leads.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(leads.size());
        for (Lead r : leads) {
            rows.add(new Object[] { r.get(LeadField.NAME), r.get(LeadField.EMAIL), r.get(LeadField.PHONE),
                    r.get(LeadField.COMPANY), r.get(LeadField.TITLE), r.get(LeadField.INDUSTRY),
                    r.get(LeadField.COMPANY_SIZE), r.get(LeadField.PROVINCE), r.get(LeadField.CITY),
                    r.get(LeadField.COUNTRY), r.firstCampaignId(), r.accountId(), r.ownerId(),
                    r.tags().toArray(String[]::new), CustomJson.write(r.customValues()).json(), r.dedupeKey(),
                    utc(r.updatedAt()), r.stage(), utc(r.stageChangedAt()), r.sdrId(), r.pendingRepId(), r.id() });
        }
        template.batchUpdate("""
                update lead set name = ?, email = ?, phone = ?, company = ?, title = ?, industry = ?,
                    company_size = ?, province = ?, city = ?, country = ?, first_campaign_id = ?, account_id = ?,
                    owner_id = ?, tags = ?, custom = ?::jsonb, dedupe_key = ?, updated_at = ?, stage = ?,
                    stage_changed_at = ?, sdr_id = ?, pending_rep_id = ?, version = version + 1
                where id = ?
                """, rows);
    }

    record HistoryRow(UUID leadId, Instant at, String kind, String field, String oldValue, String newValue,
            String actor, String origin) {
    }

    void history(List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into lead_history (lead_id, occurred_at, kind, field, old_value, new_value, actor, origin)
                select * from unnest(:leads::uuid[], :ats::timestamptz[], :kinds::text[], :fields::text[],
                    :olds::text[], :news::text[], :actors::text[], :origins::text[])
                """)
                .param("leads", SqlArrays.uuids(rows.stream().map(HistoryRow::leadId).toList()))
                .param("ats", rows.stream().map(r -> r.at().toString()).toArray(String[]::new))
                .param("kinds", rows.stream().map(HistoryRow::kind).toArray(String[]::new))
                .param("fields", rows.stream().map(HistoryRow::field).toArray(String[]::new))
                .param("olds", rows.stream().map(HistoryRow::oldValue).toArray(String[]::new))
                .param("news", rows.stream().map(HistoryRow::newValue).toArray(String[]::new))
                .param("actors", rows.stream().map(HistoryRow::actor).toArray(String[]::new))
                .param("origins", rows.stream().map(HistoryRow::origin).toArray(String[]::new))
                .update();
    }

    /** A lead and when it was created. */
    record Dated(UUID id, Instant createdAt) {
    }

    /**
     * Leads that share a name-and-company key with the given ones. The query repeats the index's predicate word for
     * word: PostgreSQL does not infer "is not null" from the join, and without the index it filters every live lead.
     */
    Map<String, List<Dated>> leadsByDedupeKey(Collection<String> keys) {
        if (keys.isEmpty()) {
            return new HashMap<>();
        }
        Map<String, List<Dated>> found = new HashMap<>();
        List<String> asked = List.copyOf(keys);
        // One index probe per key, whatever the plan: with "dedupe_key = any(:keys)" the generic plan PostgreSQL
        // switches to after a few runs rechecked every row against the whole array (0.25 s instead of 0.02 s for
        // 5,000 keys), and a plain join may become a hash join over all leads (0.5 s; the benchmark saw runs of a
        // second).
        // "offset 0" keeps the subquery from being merged into such a join. Found keys come back as positions.
        jdbc.sql("""
                select k.position, l.id, l.created_at
                from unnest(:keys::text[]) with ordinality as k(key, position)
                cross join lateral (
                    select id, created_at from lead
                    where dedupe_key = k.key and dedupe_key is not null and merged_into is null
                    offset 0) as l
                """)
                .param("keys", asked.toArray(String[]::new))
                .query(rs -> {
                    found.computeIfAbsent(asked.get(rs.getInt(1) - 1), k -> new ArrayList<>())
                            .add(new Dated(rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant()));
                });
        return found;
    }

    void suggestDuplicates(Collection<List<UUID>> pairs, String reason, Instant now) {
        if (pairs.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(pairs.size());
        List<UUID> firsts = new ArrayList<>(pairs.size());
        List<UUID> seconds = new ArrayList<>(pairs.size());
        for (List<UUID> pair : pairs) {
            ids.add(io.tandem.shared.Ids.next());
            firsts.add(pair.get(0));
            seconds.add(pair.get(1));
        }
        // One statement for the whole capture (an import chunk suggests hundreds of pairs). Each pair is stored in
        // PostgreSQL's order of its two ids, and the pairs are inserted in that order, so that two captures
        // suggesting the same pairs never wait for each other in a circle.
        jdbc.sql("""
                insert into duplicate_suggestion (id, lead_id, other_lead_id, reason, created_at)
                select id, least(a, b), greatest(a, b), :reason, :now
                from unnest(:ids::uuid[], :firsts::uuid[], :seconds::uuid[]) as p(id, a, b)
                where a <> b
                order by least(a, b), greatest(a, b)
                on conflict do nothing
                """)
                .param("ids", SqlArrays.uuids(ids)).param("firsts", SqlArrays.uuids(firsts))
                .param("seconds", SqlArrays.uuids(seconds)).param("reason", reason).param("now", utc(now))
                .update();
    }

    /** A move with who or what made it, why, and from where. */
    record StageChangeRow(Lead.StageChange change, String actor, String rule, String reason, String source) {
    }

    /**
     * The immutable history row of each move, and the first date each lead ever entered its new stage: two statements
     * however many leads moved.
     */
    void stageChanged(List<StageChangeRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into lead_stage_history (lead_id, from_stage, to_stage, occurred_at, actor, rule, reason, source)
                select * from unnest(:leads::uuid[], :froms::text[], :tos::text[], :ats::timestamptz[], :actors::text[],
                                     :rules::text[], :reasons::text[], :sources::text[])
                """)
                .param("leads", SqlArrays.uuids(rows.stream().map(r -> r.change().leadId()).toList()))
                .param("froms", rows.stream().map(r -> r.change().from()).toArray(String[]::new))
                .param("tos", rows.stream().map(r -> r.change().to()).toArray(String[]::new))
                .param("ats", rows.stream().map(r -> r.change().at().toString()).toArray(String[]::new))
                .param("actors", rows.stream().map(StageChangeRow::actor).toArray(String[]::new))
                .param("rules", rows.stream().map(StageChangeRow::rule).toArray(String[]::new))
                .param("reasons", rows.stream().map(StageChangeRow::reason).toArray(String[]::new))
                .param("sources", rows.stream().map(StageChangeRow::source).toArray(String[]::new))
                .update();
        jdbc.sql("""
                insert into lead_stage_date (lead_id, stage, first_entered_at)
                select * from unnest(:leads::uuid[], :stages::text[], :ats::timestamptz[])
                on conflict do nothing
                """)
                .param("leads", SqlArrays.uuids(rows.stream().map(r -> r.change().leadId()).toList()))
                .param("stages", rows.stream().map(r -> r.change().to()).toArray(String[]::new))
                .param("ats", rows.stream().map(r -> r.change().at().toString()).toArray(String[]::new))
                .update();
    }

    void stageChanged(Lead.StageChange change, String actor, String rule, String reason, String source) {
        stageChanged(List.of(new StageChangeRow(change, actor, rule, reason, source)));
    }

    void consent(UUID leadId, String purpose, boolean granted, String textVersion, String source, String origin,
            Instant at) {
        jdbc.sql("""
                insert into lead_consent (lead_id, purpose, granted, text_version, captured_at, source, origin)
                values (:lead, :purpose, :granted, :version, :at, :source, :origin)
                """).param("lead", leadId).param("purpose", purpose).param("granted", granted)
                .param("version", textVersion).param("at", utc(at)).param("source", source).param("origin", origin)
                .update();
    }

    void delete(UUID leadId) {
        jdbc.sql("delete from lead_identity where lead_id = :id").param("id", leadId).update();
        jdbc.sql("delete from lead_history where lead_id = :id").param("id", leadId).update();
        jdbc.sql("delete from lead_stage_history where lead_id = :id").param("id", leadId).update();
        jdbc.sql("delete from lead_stage_date where lead_id = :id").param("id", leadId).update();
        jdbc.sql("delete from lead where merged_into = :id").param("id", leadId).update();
        jdbc.sql("delete from lead where id = :id").param("id", leadId).update();
    }

    /** Everything of the lead module that hangs off a merged lead moves to its survivor. */
    void moveBelongings(UUID from, UUID to, Instant now) {
        jdbc.sql("update lead_identity set lead_id = :to where lead_id = :from")
                .param("from", from).param("to", to).update();
        jdbc.sql("update lead_history set lead_id = :to where lead_id = :from")
                .param("from", from).param("to", to).update();
        jdbc.sql("update lead_consent set lead_id = :to where lead_id = :from")
                .param("from", from).param("to", to).update();
        jdbc.sql("update lead_stage_history set lead_id = :to where lead_id = :from")
                .param("from", from).param("to", to).update();
        jdbc.sql("""
                insert into lead_stage_date (lead_id, stage, first_entered_at)
                select :to, stage, first_entered_at from lead_stage_date where lead_id = :from
                on conflict (lead_id, stage) do update set first_entered_at =
                    least(lead_stage_date.first_entered_at, excluded.first_entered_at)
                """).param("from", from).param("to", to).update();
        jdbc.sql("delete from lead_stage_date where lead_id = :from").param("from", from).update();
        jdbc.sql("update lead set merged_into = :to where merged_into = :from")
                .param("from", from).param("to", to).update();
        jdbc.sql("""
                update duplicate_suggestion set status = 'MERGED', resolved_at = :now
                where status = 'OPEN' and (lead_id = :from or other_lead_id = :from)
                """).param("from", from).param("now", utc(now)).update();
        jdbc.sql("update lead set merged_into = :to, dedupe_key = null, updated_at = :now, version = version + 1 where id = :from")
                .param("from", from).param("to", to).param("now", utc(now)).update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
