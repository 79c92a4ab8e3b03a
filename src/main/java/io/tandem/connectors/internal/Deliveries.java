package io.tandem.connectors.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbound queue: one open delivery per lead and connector. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * and a lease, so several threads and instances deliver side by side and a delivery whose instance died is picked up
 * again when its lease runs out. The CRM upserts by Tandem's id, so a delivery sent twice is still one record.
 */
@Component
public class Deliveries {

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Queues the leads for the connector. A lead already waiting keeps its place and its backoff but is marked
     * changed; one that had failed or died is queued afresh (the change may be the fix).
     */
    public void enqueue(UUID connectorId, Collection<UUID> leadIds, String cause, Instant now) {
        if (leadIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into crm_delivery (connector_id, lead_id, state, cause, first_queued_at, next_attempt_at)
                select :connector, lead, 'PENDING', :cause, :now, :now from unnest(:leads) as lead
                on conflict (connector_id, lead_id) where state in ('PENDING', 'FAILED', 'DEAD') do update
                set change_seq = crm_delivery.change_seq + 1,
                    attempts = case when crm_delivery.state = 'PENDING' then crm_delivery.attempts else 0 end,
                    first_queued_at = case when crm_delivery.state = 'PENDING' then crm_delivery.first_queued_at
                                           else excluded.first_queued_at end,
                    next_attempt_at = case when crm_delivery.state = 'PENDING' then crm_delivery.next_attempt_at
                                           else excluded.next_attempt_at end,
                    state = 'PENDING'
                """).param("connector", connectorId).param("cause", cause)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("leads", leadIds.stream().distinct().toArray(UUID[]::new)).update();
    }

    /** A claimed delivery; {@code changeSeq} tells whether the lead changed while it was on its way. */
    public record Claimed(long id, UUID leadId, int changeSeq, int attempts, Instant firstQueuedAt, String cause) {
    }

    public List<Claimed> claimDue(UUID connectorId, int limit, Instant now, Duration lease) {
        return jdbc.sql("""
                update crm_delivery d set leased_until = :lease
                from (select id from crm_delivery
                      where connector_id = :connector and state = 'PENDING' and next_attempt_at <= :now
                        and (leased_until is null or leased_until <= :now)
                      order by next_attempt_at, id limit :limit for update skip locked) due
                where d.id = due.id
                returning d.id, d.lead_id, d.change_seq, d.attempts, d.first_queued_at, d.cause
                """).param("connector", connectorId).param("now", now.atOffset(ZoneOffset.UTC))
                .param("lease", now.plus(lease).atOffset(ZoneOffset.UTC)).param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6)))
                .list();
    }

    public boolean hasDue(UUID connectorId, Instant now) {
        return jdbc.sql("""
                select exists (select 1 from crm_delivery where connector_id = :connector and state = 'PENDING'
                               and next_attempt_at <= :now and (leased_until is null or leased_until <= :now))
                """).param("connector", connectorId).param("now", now.atOffset(ZoneOffset.UTC)).query(Boolean.class)
                .single();
    }

    /**
     * The CRM has these records. A lead that changed while its record was on the way stays pending and goes again at
     * once with the newer values.
     */
    public void deliveredAll(List<Claimed> claimed, Instant now) {
        if (claimed.isEmpty()) {
            return;
        }
        Long[] ids = claimed.stream().map(Claimed::id).toArray(Long[]::new);
        Integer[] seqs = claimed.stream().map(Claimed::changeSeq).toArray(Integer[]::new);
        jdbc.sql("""
                update crm_delivery d set state = 'DELIVERED', finished_at = :now, leased_until = null,
                       attempts = d.attempts + 1, last_error = null
                from unnest(:ids, :seqs) as sent (id, seq)
                where d.id = sent.id and d.change_seq = sent.seq
                """).param("ids", ids).param("seqs", seqs).param("now", now.atOffset(ZoneOffset.UTC)).update();
        // Those that changed on their way stay pending and go again at once.
        jdbc.sql("""
                update crm_delivery set leased_until = null, next_attempt_at = :now
                where id = any(:ids) and state = 'PENDING'
                """).param("ids", ids).param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    public void retryAt(Claimed claimed, Instant next, String error) {
        jdbc.sql("""
                update crm_delivery set attempts = attempts + 1, next_attempt_at = :next, leased_until = null,
                       last_error = :error
                where id = :id
                """).param("id", claimed.id()).param("next", next.atOffset(ZoneOffset.UTC)).param("error", error)
                .update();
    }

    /** Not the delivery's fault (the CRM asked to slow down, the day's budget is used): no attempt is counted. */
    public void postpone(Collection<Claimed> claimed, Instant until, String reason) {
        jdbc.sql("""
                update crm_delivery set next_attempt_at = :until, leased_until = null, last_error = :reason
                where id = any(:ids)
                """).param("ids", claimed.stream().map(Claimed::id).toArray(Long[]::new))
                .param("until", until.atOffset(ZoneOffset.UTC)).param("reason", reason).update();
    }

    /** The CRM refused the record ({@code FAILED}) or the retry window ran out ({@code DEAD}). */
    public void giveUp(Claimed claimed, boolean dead, String error, Instant now) {
        jdbc.sql("""
                update crm_delivery set state = :state, attempts = attempts + 1, leased_until = null,
                       finished_at = :now, last_error = :error
                where id = :id
                """).param("id", claimed.id()).param("state", dead ? "DEAD" : "FAILED").param("error", error)
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    /** Failed and dead deliveries go again now, with a fresh retry window. @return how many */
    public int replay(UUID connectorId, Collection<Long> ids, Instant now) {
        return jdbc.sql("""
                update crm_delivery set state = 'PENDING', attempts = 0, first_queued_at = :now, next_attempt_at = :now,
                       leased_until = null, finished_at = null, cause = 'replay'
                where connector_id = :connector and state in ('FAILED', 'DEAD')
                  and (cardinality(:ids) = 0 or id = any(:ids))
                """).param("connector", connectorId).param("ids", ids.toArray(Long[]::new))
                .param("now", now.atOffset(ZoneOffset.UTC)).update();
    }

    /** The backlog at a glance: what waits, what failed, how old the oldest waiting one is. */
    public record Backlog(long pending, long due, long failed, long dead, long deliveredToday, Instant oldestPending) {
    }

    public Backlog backlog(UUID connectorId, Instant now) {
        return jdbc.sql("""
                select count(*) filter (where state = 'PENDING'),
                       count(*) filter (where state = 'PENDING' and next_attempt_at <= :now),
                       count(*) filter (where state = 'FAILED'),
                       count(*) filter (where state = 'DEAD'),
                       count(*) filter (where state = 'DELIVERED' and finished_at > :now - interval '1 day'),
                       min(first_queued_at) filter (where state = 'PENDING')
                from crm_delivery where connector_id = :connector
                """).param("connector", connectorId).param("now", now.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .single();
    }

    public record Row(long id, UUID leadId, String state, String cause, int attempts,
            Instant firstQueuedAt, Instant nextAttemptAt, Instant finishedAt, String lastError) {
    }

    private static final String ROW_COLUMNS = """
            select id, lead_id, state, cause, attempts, first_queued_at, next_attempt_at, finished_at, last_error
            from crm_delivery
            """;

    /** The open deliveries of a connector in one state, oldest first. */
    public List<Row> inState(UUID connectorId, String state, int limit) {
        return jdbc.sql(ROW_COLUMNS + """
                where connector_id = :connector and state = :state order by first_queued_at, id limit :limit
                """).param("connector", connectorId).param("state", state).param("limit", limit).query(Deliveries::row)
                .list();
    }

    public List<Row> ofLead(UUID leadId) {
        return jdbc.sql(ROW_COLUMNS + "where lead_id = :lead order by id desc limit 20").param("lead", leadId)
                .query(Deliveries::row).list();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getString(9));
    }
}
