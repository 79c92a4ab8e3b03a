package io.tandem.lead.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tandem.lead.LeadStatistics;

/** Aggregates over recent leads, kept for a minute: the start page must not re-aggregate on every view. */
@Repository
class LeadStatisticsQueries implements LeadStatistics {

    private final JdbcClient jdbc;
    private final com.github.benmanes.caffeine.cache.Cache<String, Object> recent = com.github.benmanes.caffeine.cache
            .Caffeine.newBuilder().expireAfterWrite(java.time.Duration.ofMinutes(1)).maximumSize(100).build();

    LeadStatisticsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<LocalDate, Long> createdPerDay(Instant from, ZoneId zone) {
        return (Map<LocalDate, Long>) recent.get("perDay:" + minute(from) + zone, key -> queryPerDay(from, zone));
    }

    private static long minute(Instant instant) {
        return instant.getEpochSecond() / 60;
    }

    private Map<LocalDate, Long> queryPerDay(Instant from, ZoneId zone) {
        Map<LocalDate, Long> days = new LinkedHashMap<>();
        jdbc.sql("""
                select (created_at at time zone :zone)::date as day, count(*) from lead
                where created_at >= :from and merged_into is null group by 1 order by 1
                """).param("zone", zone.getId()).param("from", from.atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    days.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
                });
        return days;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map.Entry<String, Long>> createdBySource(Instant from, int top) {
        return (List<Map.Entry<String, Long>>) recent.get("bySource:" + minute(from) + ":" + top,
                key -> queryBySource(from, top));
    }

    private List<Map.Entry<String, Long>> queryBySource(Instant from, int top) {
        return jdbc.sql("""
                select source, count(*) from lead where created_at >= :from and merged_into is null
                group by source order by 2 desc limit :top
                """).param("from", from.atOffset(ZoneOffset.UTC)).param("top", top)
                .query((rs, n) -> (Map.Entry<String, Long>) new AbstractMap.SimpleEntry<>(rs.getString(1), rs.getLong(2)))
                .list();
    }

    @Override
    public long openDuplicateSuggestions() {
        return jdbc.sql("select count(*) from (select 1 from duplicate_suggestion where status = 'OPEN' limit 10000) s")
                .query(Long.class).single();
    }
}
