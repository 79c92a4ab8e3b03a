package io.tandem.sla.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.calendar.BusinessCalendar;
import io.tandem.calendar.BusinessCalendars;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.Ids;
import io.tandem.shared.db.SqlArrays;
import io.tandem.sla.SlaKind;

/**
 * Starts and stops clocks. Every method joins the caller's transaction (the change that starts or stops a clock), so
 * a clock exists exactly when its change committed.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class SlaClocks {

    public enum Outcome { MET, CANCELLED }

    private final JdbcClient jdbc;
    private final SlaPolicies policies;
    private final BusinessCalendars calendars;
    private final UserDirectory users;
    private final LeadScores scores;
    private final Clock clock;

    SlaClocks(JdbcClient jdbc, SlaPolicies policies, BusinessCalendars calendars, UserDirectory users,
            LeadScores scores, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.calendars = calendars;
        this.users = users;
        this.scores = scores;
        this.clock = clock;
    }

    /** A clock to start: on which lead, for what, who must act (may be unknown yet). */
    public record Start(UUID leadId, SlaKind kind, UUID subjectId, UUID assigneeId) {
    }

    /**
     * Starts clocks, each with the policy of its lead's fit grade and the calendar of its assignee's team. A lead that
     * already has a running clock of the kind keeps it.
     */
    public void start(Collection<Start> starts) {
        if (starts.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<UUID, LeadScore> grades = scores.of(starts.stream().map(Start::leadId).distinct().toList());
        Map<UUID, UserSummary> assignees = users.findAll(starts.stream().map(Start::assigneeId).toList());
        List<SlaPolicy> all = policies.all();
        // Every clock of a batch starts now: the deadline of a (calendar, policy) pair is computed once.
        Map<String, Instant[]> deadlines = new java.util.HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (Start start : starts) {
            LeadScore score = grades.get(start.leadId());
            Optional<SlaPolicy> policy = SlaPolicies.forLead(all, start.kind(), score == null ? null : score.grade());
            if (policy.isEmpty()) {
                continue;
            }
            UserSummary assignee = assignees.get(start.assigneeId());
            BusinessCalendar calendar = calendars.forTeam(assignee == null ? null : assignee.teamId());
            Instant[] dueAndRemind = deadlines.computeIfAbsent(calendar.id() + "/" + policy.get().kind() + "/"
                    + policy.get().segment(), key -> {
                        Duration reminderAfter = policy.get().reminderAfter();
                        return new Instant[] { calendar.plusWorkingTime(now, policy.get().target()),
                                reminderAfter == null ? null : calendar.plusWorkingTime(now, reminderAfter) };
                    });
            rows.add(new Object[] { Ids.next(), start.leadId(), start.kind().name(), policy.get().segment(),
                    start.subjectId(), start.assigneeId(), calendar.id(), dueAndRemind[1], dueAndRemind[0] });
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into sla_clock (id, lead_id, kind, segment, subject_id, assignee_id, calendar_id, started_at,
                                       remind_at, due_at, next_fire_at)
                select c.id, c.lead, c.kind, c.segment, c.subject, c.assignee, c.calendar, :now, c.remind, c.due,
                       coalesce(c.remind, c.due)
                from unnest(:ids::uuid[], :leads::uuid[], :kinds::text[], :segments::text[], :subjects::uuid[],
                            :assignees::uuid[], :calendars::uuid[], :reminds::timestamptz[], :dues::timestamptz[])
                     as c (id, lead, kind, segment, subject, assignee, calendar, remind, due)
                on conflict (lead_id, kind) where stopped_at is null do nothing
                """).param("now", utc(now))
                .param("ids", rows.stream().map(r -> (UUID) r[0]).toArray(UUID[]::new))
                .param("leads", rows.stream().map(r -> (UUID) r[1]).toArray(UUID[]::new))
                .param("kinds", rows.stream().map(r -> (String) r[2]).toArray(String[]::new))
                .param("segments", rows.stream().map(r -> (String) r[3]).toArray(String[]::new))
                .param("subjects", rows.stream().map(r -> (UUID) r[4]).toArray(UUID[]::new))
                .param("assignees", rows.stream().map(r -> (UUID) r[5]).toArray(UUID[]::new))
                .param("calendars", rows.stream().map(r -> (UUID) r[6]).toArray(UUID[]::new))
                // instants as ISO-8601 text cast to timestamptz: java.sql.Timestamp[] would travel as timestamp
                // without time zone, read in the session's zone
                .param("reminds", SqlArrays.timestamps(rows.stream().map(r -> (Instant) r[7]).toList()))
                .param("dues", SqlArrays.timestamps(rows.stream().map(r -> (Instant) r[8]).toList()))
                .update();
    }

    public void start(Start start) {
        start(List.of(start));
    }

    /**
     * Stops the lead's running clock of the kind, if any, and keeps how much working time it ran.
     *
     * @return whether a clock was running
     */
    public boolean stop(UUID leadId, SlaKind kind, Outcome outcome) {
        return stopRunning(leadId, kind.name(), outcome);
    }

    /** A merged or deleted lead's clocks end without an outcome for anyone's record. */
    public void cancelAll(UUID leadId) {
        stopRunning(leadId, null, Outcome.CANCELLED);
    }

    private boolean stopRunning(UUID leadId, String kind, Outcome outcome) {
        Instant now = clock.instant();
        List<Running> running = jdbc.sql("""
                select id, calendar_id, started_at from sla_clock
                where lead_id = :lead and (kind = :kind or cast(:kind as text) is null) and stopped_at is null
                for update
                """).param("lead", leadId).param("kind", kind).query((rs, n) -> new Running(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant())).list();
        for (Running clock : running) {
            Duration worked = calendars.byId(clock.calendarId()).workingTimeBetween(clock.startedAt(), now);
            jdbc.sql("""
                    update sla_clock set stopped_at = :now, outcome = :outcome, business_seconds = :seconds,
                                         next_fire_at = null
                    where id = :id
                    """).param("now", utc(now)).param("outcome", outcome.name()).param("seconds", worked.toSeconds())
                    .param("id", clock.id()).update();
        }
        return !running.isEmpty();
    }

    private record Running(UUID id, UUID calendarId, Instant startedAt) {
    }

    /** Somebody else must act now (an SDR claimed the MQL); the deadline stays. */
    public void reassign(UUID leadId, SlaKind kind, UUID assigneeId) {
        jdbc.sql("update sla_clock set assignee_id = :assignee where lead_id = :lead and kind = :kind "
                + "and stopped_at is null").param("assignee", assigneeId).param("lead", leadId)
                .param("kind", kind.name()).update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
