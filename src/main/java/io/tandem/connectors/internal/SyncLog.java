package io.tandem.connectors.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Every exchange with a CRM, per lead: what was sent, what came back, which attempt, how long it took. */
@Component
public class SyncLog {

    private static final int MAX_TEXT = 4_000;

    private final JdbcClient jdbc;

    SyncLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(UUID connectorId, UUID leadId, Long deliveryId, String direction, Instant at,
            Integer attempt, String operation, String request, Integer status, String response, String error,
            Integer millis) {
    }

    /** Writes many entries in one statement (a collection call logs one entry per record). */
    public void write(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into crm_sync_log (connector_id, lead_id, delivery_id, direction, occurred_at, attempt,
                                          operation, request, status, response, error, duration_ms)
                select * from unnest(:connectors, :leads, :deliveries, :directions, :ats, :attempts, :operations,
                                     :requests, :statuses, :responses, :errors, :millis)
                """)
                .param("connectors", entries.stream().map(Entry::connectorId).toArray(UUID[]::new))
                .param("leads", entries.stream().map(Entry::leadId).toArray(UUID[]::new))
                .param("deliveries", entries.stream().map(Entry::deliveryId).toArray(Long[]::new))
                .param("directions", entries.stream().map(Entry::direction).toArray(String[]::new))
                .param("ats", entries.stream().map(e -> java.sql.Timestamp.from(e.at())).toArray(java.sql.Timestamp[]::new))
                .param("attempts", entries.stream().map(Entry::attempt).toArray(Integer[]::new))
                .param("operations", entries.stream().map(Entry::operation).toArray(String[]::new))
                .param("requests", entries.stream().map(e -> clip(e.request())).toArray(String[]::new))
                .param("statuses", entries.stream().map(Entry::status).toArray(Integer[]::new))
                .param("responses", entries.stream().map(e -> clip(e.response())).toArray(String[]::new))
                .param("errors", entries.stream().map(e -> clip(e.error())).toArray(String[]::new))
                .param("millis", entries.stream().map(Entry::millis).toArray(Integer[]::new))
                .update();
    }

    public List<Entry> ofLead(UUID leadId, int limit) {
        return jdbc.sql("""
                select connector_id, lead_id, delivery_id, direction, occurred_at, attempt, operation, request, status,
                       response, error, duration_ms
                from crm_sync_log where lead_id = :lead order by occurred_at desc, id desc limit :limit
                """).param("lead", leadId).param("limit", limit).query(SyncLog::entry).list();
    }

    public List<Entry> ofConnector(UUID connectorId, int limit) {
        return jdbc.sql("""
                select connector_id, lead_id, delivery_id, direction, occurred_at, attempt, operation, request, status,
                       response, error, duration_ms
                from crm_sync_log where connector_id = :connector order by occurred_at desc, id desc limit :limit
                """).param("connector", connectorId).param("limit", limit).query(SyncLog::entry).list();
    }

    private static Entry entry(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), (Long) rs.getObject(3),
                rs.getString(4), rs.getTimestamp(5).toInstant(), (Integer) rs.getObject(6), rs.getString(7),
                rs.getString(8), (Integer) rs.getObject(9), rs.getString(10), rs.getString(11),
                (Integer) rs.getObject(12));
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
