package io.tandem.lead.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import io.tandem.lead.HistoryEntry;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadPage;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LastActivities;
import io.tandem.lead.LeadSummary;
import io.tandem.lead.LeadView;
import io.tandem.shared.BadInputException;

/**
 * The lead pool's read side. Every list query is bounded (keyset pages, capped counts) and uses an index for each
 * sort order, so it stays fast at a million leads. Reads campaign memberships to filter by campaign, a table of a
 * module this one depends on.
 */
@Repository
@Transactional(readOnly = true)
class LeadReadModel implements LeadDirectory {

    private static final String COLUMNS = """
            l.id, l.name, l.email, l.phone, l.company, l.title, l.industry, l.company_size, l.province, l.city,
            l.country, l.source, l.source_detail, l.first_campaign_id, l.account_id, l.owner_id, l.tags,
            l.created_at, l.updated_at, l.stage, l.stage_changed_at, l.sdr_id, l.pending_rep_id""";

    private static final RowMapper<LeadSummary> SUMMARY = LeadReadModel::summary;

    private static final int EXPORT_BATCH = 1_000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final String phoneCountryCode;
    private final ObjectProvider<LastActivities> lastActivities;

    LeadReadModel(JdbcClient jdbc, DataSource dataSource, ObjectProvider<LastActivities> lastActivities,
            @org.springframework.beans.factory.annotation.Value("${tandem.identity.default-region:CN}") String region) {
        this.jdbc = jdbc;
        this.lastActivities = lastActivities;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(2_000);
        this.streaming = new NamedParameterJdbcTemplate(template);
        this.phoneCountryCode = String.valueOf(PhoneNumberUtil.getInstance().getCountryCodeForRegion(region));
    }

    @Override
    public Optional<LeadView> find(UUID id) {
        Optional<Object[]> row = jdbc.sql("select " + COLUMNS + """
                , l.custom::text, a.name, l.created_via, l.merged_into,
                coalesce((select s.pool <> 'MARKETING' from stage s where s.code = l.stage), false)
                from lead l left join account a on a.id = l.account_id where l.id = :id
                """).param("id", id).query((rs, n) -> new Object[] { summary(rs, n), rs.getString(24),
                        rs.getString(25), rs.getString(26), rs.getObject(27, UUID.class), rs.getBoolean(28) })
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        UUID survivor = (UUID) row.get()[4];
        if (survivor != null) {
            return find(survivor);
        }
        LeadSummary lead = withLastActivity(List.of((LeadSummary) row.get()[0])).get(0);
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        jdbc.sql("select kind, value from lead_identity where lead_id = :id and kind <> 'ANON' order by created_at")
                .param("id", id)
                .query(rs -> {
                    (rs.getString(1).equals("EMAIL") ? emails : phones).add(rs.getString(2));
                });
        List<LeadView.Consent> consents = jdbc.sql("""
                select purpose, granted, text_version, captured_at, source from lead_consent
                where lead_id = :id order by captured_at desc limit 20
                """).param("id", id)
                .query((rs, n) -> new LeadView.Consent(rs.getString(1), rs.getBoolean(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .list();
        return Optional.of(new LeadView(lead, CustomJson.read(new io.tandem.shared.Jsonb((String) row.get()[1])),
                (String) row.get()[2], emails, phones, (String) row.get()[3], consents, (Boolean) row.get()[5]));
    }

    @Override
    public Map<UUID, LeadSummary> summaries(Collection<UUID> ids) {
        Map<UUID, LeadSummary> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<LeadSummary> rows = jdbc.sql("select " + COLUMNS + " from lead l where l.id = any(:ids)")
                .param("ids", ids.stream().distinct().toArray(UUID[]::new))
                .query(SUMMARY).list();
        withLastActivity(rows).forEach(summary -> found.put(summary.id(), summary));
        return found;
    }

    @Override
    public Map<UUID, Map<String, Object>> customFields(Collection<UUID> ids) {
        Map<UUID, Map<String, Object>> found = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, custom::text from lead where id = any(:ids)")
                    .param("ids", ids.stream().distinct().toArray(UUID[]::new))
                    .query(rs -> {
                        found.put(rs.getObject(1, UUID.class),
                                CustomJson.read(new io.tandem.shared.Jsonb(rs.getString(2))));
                    });
        }
        return found;
    }

    @Override
    public LeadPage search(LeadQuery query) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = select(query, params, true) + " limit " + (query.limit() + 1);
        List<LeadSummary> rows = withLastActivity(streaming.query(sql, params, SUMMARY));
        if (rows.size() <= query.limit()) {
            return new LeadPage(rows, null);
        }
        List<LeadSummary> page = rows.subList(0, query.limit());
        return new LeadPage(List.copyOf(page), cursorAfter(page.get(page.size() - 1), query.sort()));
    }

    @Override
    public long countUpTo(LeadQuery query, int cap) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "select count(*) from (" + select(query.withCursor(null), params, false) + " limit " + cap
                + ") capped";
        Long count = streaming.queryForObject(sql, params, Long.class);
        return count == null ? 0 : count;
    }

    @Override
    public long estimatedTotal() {
        Long estimate = jdbc.sql("select reltuples::bigint from pg_class where oid = 'lead'::regclass")
                .query(Long.class).single();
        if (estimate == null || estimate < 10_000) {
            return countUpTo(LeadQuery.all(), 10_000);
        }
        return estimate;
    }

    @Override
    public void forEach(LeadQuery query, Consumer<LeadSummary> consumer) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<LeadSummary> batch = new ArrayList<>(EXPORT_BATCH);
        streaming.query(select(query.withCursor(null), params, true), params,
                rs -> {
                    batch.add(summary(rs, 0));
                    if (batch.size() == EXPORT_BATCH) {
                        withLastActivity(batch).forEach(consumer);
                        batch.clear();
                    }
                });
        withLastActivity(batch).forEach(consumer);
    }

    private List<LeadSummary> withLastActivity(List<LeadSummary> leads) {
        LastActivities source = lastActivities.getIfAvailable();
        if (source == null || leads.isEmpty()) {
            return leads;
        }
        Map<UUID, Instant> latest = source.of(leads.stream().map(LeadSummary::id).toList());
        return leads.stream().map(lead -> lead.withLastActivityAt(latest.get(lead.id()))).toList();
    }

    @Override
    public List<HistoryEntry> history(UUID leadId, int limit) {
        return jdbc.sql("""
                select occurred_at, kind, field, old_value, new_value, actor, origin from lead_history
                where lead_id = :id order by occurred_at desc, id desc limit :limit
                """).param("id", leadId).param("limit", limit)
                .query((rs, n) -> new HistoryEntry(rs.getTimestamp(1).toInstant(), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    @Override
    public List<io.tandem.lead.StageChangeView> stageHistory(UUID leadId) {
        return jdbc.sql("""
                select from_stage, to_stage, occurred_at, actor, rule, reason, source from lead_stage_history
                where lead_id = :id order by occurred_at, id
                """).param("id", leadId)
                .query((rs, n) -> new io.tandem.lead.StageChangeView(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    @Override
    public Map<UUID, Holders> holders(Collection<UUID> ids) {
        Map<UUID, Holders> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select id, stage, owner_id, sdr_id, pending_rep_id from lead where id = any(:ids)")
                .param("ids", ids.stream().distinct().toArray(UUID[]::new)).query(rs -> {
                    found.put(rs.getObject(1, UUID.class), new Holders(rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), rs.getObject(5, UUID.class)));
                });
        return found;
    }

    @Override
    public Map<UUID, Long> ownedCounts(Collection<UUID> owners, Collection<String> stages) {
        Map<UUID, Long> counts = new java.util.LinkedHashMap<>();
        if (owners.isEmpty() || stages.isEmpty()) {
            return counts;
        }
        jdbc.sql("""
                select owner_id, count(*) from lead
                where owner_id = any(:owners) and stage = any(:stages) and merged_into is null
                group by owner_id
                """).param("owners", owners.toArray(UUID[]::new)).param("stages", stages.toArray(String[]::new))
                .query(rs -> {
                    counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public Map<UUID, UUID> accountOwners(Collection<UUID> accountIds) {
        Map<UUID, UUID> owners = new java.util.LinkedHashMap<>();
        if (accountIds.isEmpty()) {
            return owners;
        }
        jdbc.sql("select id, owner_id from account where id = any(:ids) and owner_id is not null")
                .param("ids", accountIds.toArray(UUID[]::new)).query(rs -> {
                    owners.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                });
        return owners;
    }

    @Override
    public Map<String, Instant> stageDates(UUID leadId) {
        Map<String, Instant> dates = new java.util.LinkedHashMap<>();
        jdbc.sql("select stage, first_entered_at from lead_stage_date where lead_id = :id order by first_entered_at")
                .param("id", leadId)
                .query(rs -> {
                    dates.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        return dates;
    }

    private String select(LeadQuery query, MapSqlParameterSource params, boolean ordered) {
        StringBuilder sql = new StringBuilder();
        sql.append("select ").append(COLUMNS).append(" from lead l where l.merged_into is null");
        if (!query.scope().isEverything()) {
            sql.append(" and (").append(query.scope().predicate()).append(")");
            params.addValues(query.scope().params());
        }
        if (query.q() != null) {
            // The matches are collected first (each branch by its own index) and then fetched by id; a join lets the
            // planner misjudge their number and scan the whole table.
            sql.append(" and l.id = any(array(").append(matches(query.q(), params)).append("))");
        }
        if (query.source() != null) {
            sql.append(" and l.source = :source");
            params.addValue("source", query.source());
        }
        if (query.campaignId() != null) {
            sql.append(" and l.id = any(array(select lead_id from campaign_member where campaign_id = :campaign))");
            params.addValue("campaign", query.campaignId());
        }
        if (query.unassigned()) {
            sql.append(" and l.owner_id is null");
        } else if (query.ownerId() != null) {
            sql.append(" and l.owner_id = :owner");
            params.addValue("owner", query.ownerId());
        }
        if (query.tag() != null) {
            // Through the tag index, whatever the planner guesses about how common the tag is.
            sql.append(" and l.id = any(array(select id from lead where cardinality(tags) > 0"
                    + " and tags @> array[:tag]::text[]))");
            params.addValue("tag", query.tag());
        }
        if (!query.stages().isEmpty()) {
            sql.append(" and l.stage = any(:stages)");
            params.addValue("stages", query.stages().toArray(String[]::new));
        }
        if (query.accountId() != null) {
            sql.append(" and l.account_id = :account");
            params.addValue("account", query.accountId());
        }
        if (query.createdFrom() != null) {
            sql.append(" and l.created_at >= :from");
            params.addValue("from", query.createdFrom().atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        if (query.createdTo() != null) {
            sql.append(" and l.created_at < :to");
            params.addValue("to", query.createdTo().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        String[] cursor = decode(query.cursor());
        String sortKey = switch (query.sort()) {
            case NEWEST, OLDEST -> "l.created_at";
            case NAME -> "(coalesce(lower(l.name), '') collate \"C\")";
            case COMPANY -> "(coalesce(lower(l.company), '') collate \"C\")";
        };
        boolean descending = query.sort() == LeadQuery.Sort.NEWEST;
        if (cursor != null) {
            String cast = query.sort() == LeadQuery.Sort.NEWEST || query.sort() == LeadQuery.Sort.OLDEST
                    ? "cast(:cursorValue as timestamptz)" : "(cast(:cursorValue as text) collate \"C\")";
            sql.append(" and (").append(sortKey).append(", l.id) ").append(descending ? "<" : ">")
                    .append(" (").append(cast).append(", cast(:cursorId as uuid))");
            params.addValue("cursorValue", cursor[0]);
            params.addValue("cursorId", cursor[1]);
        }
        if (ordered) {
            String direction = descending ? " desc" : "";
            sql.append(" order by ").append(sortKey).append(direction).append(", l.id").append(direction);
        }
        return sql.toString();
    }

    /** Prefix matches on name, company, any email and any mobile number of the lead (landlines identify nobody). */
    private String matches(String q, MapSqlParameterSource params) {
        String lower = q.toLowerCase(java.util.Locale.ROOT);
        params.addValue("prefix", likeEscape(lower) + "%");
        StringBuilder union = new StringBuilder("""
                select id from lead where coalesce(lower(name), '') collate "C" like :prefix and merged_into is null
                union
                select id from lead where coalesce(lower(company), '') collate "C" like :prefix and merged_into is null
                union
                select lead_id from lead_identity where kind = 'EMAIL' and value like :prefix
                """);
        String digits = q.replaceAll("[^0-9]", "");
        if (digits.length() >= 4 && q.matches("[+0-9 ()\\-]+")) {
            String phonePrefix = q.startsWith("+") ? "+" + digits
                    : "+" + phoneCountryCode + (digits.startsWith("0") ? digits.substring(1) : digits);
            union.append("union\nselect lead_id from lead_identity where kind = 'PHONE' and value like :phone\n");
            params.addValue("phone", phonePrefix + "%");
        }
        return union.toString();
    }

    static String likeEscape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String cursorAfter(LeadSummary last, LeadQuery.Sort sort) {
        String value = switch (sort) {
            case NEWEST, OLDEST -> last.createdAt().toString();
            case NAME -> last.name() == null ? "" : last.name().toLowerCase(java.util.Locale.ROOT);
            case COMPANY -> last.company() == null ? "" : last.company().toLowerCase(java.util.Locale.ROOT);
        };
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((value + "\u0000" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = decoded.lastIndexOf('\u0000');
            String id = decoded.substring(separator + 1);
            UUID.fromString(id);
            return new String[] { decoded.substring(0, separator), id };
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw BadInputException.of("cursor", "is not a cursor this API handed out");
        }
    }

    /** Without the last activity, which {@link #withLastActivity} adds. */
    private static LeadSummary summary(ResultSet rs, int row) throws SQLException {
        return new LeadSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getObject(14, UUID.class), rs.getObject(15, UUID.class), rs.getObject(16, UUID.class),
                Arrays.asList((String[]) rs.getArray(17).getArray()), instant(rs.getTimestamp(18)),
                instant(rs.getTimestamp(19)), null, rs.getString(20), instant(rs.getTimestamp(21)),
                rs.getObject(22, UUID.class), rs.getObject(23, UUID.class));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
