package io.tandem.sla.internal;

import static io.tandem.sla.internal.SlaClocks.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.tandem.sla.SlaKind;

/** What the lead's page, the rep's queue, the manager's board and the SLA report read. */
@Service
public class SlaBoard implements io.tandem.sla.SlaDeadlines {

    private static final String COLUMNS = """
            id, lead_id, kind, assignee_id, calendar_id, started_at, remind_at, due_at, reminded_at, breached_at,
            escalated_to, taken_back, stopped_at, outcome, business_seconds
            """;

    private final JdbcClient jdbc;

    SlaBoard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public java.util.Optional<Instant> due(UUID leadId, SlaKind kind) {
        return jdbc.sql("select due_at from sla_clock where lead_id = :lead and kind = :kind and stopped_at is null")
                .param("lead", leadId).param("kind", kind.name()).query(java.sql.Timestamp.class).optional()
                .map(java.sql.Timestamp::toInstant);
    }

    public List<SlaClockView> ofLead(UUID leadId) {
        return jdbc.sql("select " + COLUMNS + " from sla_clock where lead_id = :lead order by started_at desc, id")
                .param("lead", leadId).query(SlaBoard::view).list();
    }

    /**
     * Running clocks of these people, soonest deadline first; with {@code unassigned}, also the clocks nobody holds
     * (MQLs waiting in the queue).
     */
    public List<SlaClockView> running(Collection<UUID> assignees, boolean unassigned, int limit) {
        if (assignees.isEmpty() && !unassigned) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + """
                 from sla_clock
                where stopped_at is null
                  and (assignee_id = any(:assignees) or (:unassigned and assignee_id is null))
                order by due_at, id limit :limit
                """).param("assignees", assignees.toArray(UUID[]::new)).param("unassigned", unassigned)
                .param("limit", limit).query(SlaBoard::view).list();
    }

    /** How many running clocks a person holds (or the queue, {@code assigneeId} null), by state. */
    public record Load(UUID assigneeId, long running, long atRisk, long overdue) {

        public long total() {
            return running + atRisk + overdue;
        }
    }

    /** Running clocks per person, counted in SQL: the board shows the totals without listing every clock. */
    public List<Load> load(Collection<UUID> assignees, boolean unassigned, Instant now) {
        if (assignees.isEmpty() && !unassigned) {
            return List.of();
        }
        return jdbc.sql("""
                select assignee_id,
                       count(*) filter (where breached_at is null and due_at > :now
                                          and reminded_at is null and (remind_at is null or remind_at > :now)),
                       count(*) filter (where breached_at is null and due_at > :now
                                          and (reminded_at is not null or remind_at <= :now)),
                       count(*) filter (where breached_at is not null or due_at <= :now)
                from sla_clock
                where stopped_at is null
                  and (assignee_id = any(:assignees) or (:unassigned and assignee_id is null))
                group by assignee_id
                order by 4 desc, 3 desc, 2 desc
                """).param("now", utc(now)).param("assignees", assignees.toArray(UUID[]::new))
                .param("unassigned", unassigned)
                .query((rs, n) -> new Load(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    /** Running clocks that are overdue ({@code overdueOnly}), soonest deadline first. */
    public List<SlaClockView> overdue(Collection<UUID> assignees, boolean unassigned, Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from sla_clock
                where stopped_at is null and (breached_at is not null or due_at <= :now)
                  and (assignee_id = any(:assignees) or (:unassigned and assignee_id is null))
                order by due_at, id limit :limit
                """).param("now", utc(now)).param("assignees", assignees.toArray(UUID[]::new))
                .param("unassigned", unassigned).param("limit", limit).query(SlaBoard::view).list();
    }

    /** Clocks of these people breached since the moment, newest first. */
    public List<SlaClockView> breachedSince(Collection<UUID> assignees, boolean unassigned, Instant since,
            int limit) {
        return jdbc.sql("select " + COLUMNS + """
                 from sla_clock
                where breached_at >= :since
                  and (assignee_id = any(:assignees) or (:unassigned and assignee_id is null))
                order by breached_at desc, id limit :limit
                """).param("since", utc(since)).param("assignees", assignees.toArray(UUID[]::new))
                .param("unassigned", unassigned).param("limit", limit).query(SlaBoard::view).list();
    }

    /**
     * One line per person and kind of clock started in the period: how many, met in time, breached, still running,
     * and the median and 90th percentile of the working time until the clock was met.
     */
    public record ReportLine(UUID assigneeId, SlaKind kind, long clocks, long metInTime, long breached, long running,
            Double medianSeconds, Double p90Seconds) {

        /**
         * Share met in time of the clocks already decided (met, or breached — a breached clock is decided even while it
         * runs on); {@code null} when none is.
         */
        public Double metPercent() {
            long decided = clocks - running;
            return decided == 0 ? null : 100.0 * metInTime / decided;
        }
    }

    public List<ReportLine> report(Instant from, Instant to, Collection<UUID> assignees) {
        return jdbc.sql("""
                select assignee_id, kind, count(*),
                       count(*) filter (where outcome = 'MET' and breached_at is null and stopped_at <= due_at),
                       count(*) filter (where breached_at is not null),
                       count(*) filter (where stopped_at is null and breached_at is null),
                       percentile_cont(0.5) within group (order by business_seconds) filter (where outcome = 'MET'),
                       percentile_cont(0.9) within group (order by business_seconds) filter (where outcome = 'MET')
                from sla_clock
                where started_at >= :from and started_at < :to and assignee_id = any(:assignees)
                  and outcome is distinct from 'CANCELLED'
                group by assignee_id, kind
                order by assignee_id, kind
                """).param("from", utc(from)).param("to", utc(to)).param("assignees", assignees.toArray(UUID[]::new))
                .query((rs, n) -> new ReportLine(rs.getObject(1, UUID.class), SlaKind.valueOf(rs.getString(2)),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), (Double) rs.getObject(7),
                        (Double) rs.getObject(8)))
                .list();
    }

    private static SlaClockView view(ResultSet rs, int row) throws SQLException {
        return new SlaClockView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                SlaKind.valueOf(rs.getString(3)), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
                instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9), instant(rs, 10),
                rs.getObject(11, UUID.class), rs.getBoolean(12), instant(rs, 13), rs.getString(14),
                (Long) rs.getObject(15));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
