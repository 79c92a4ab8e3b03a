package io.tandem.sla.internal;

import static io.tandem.sla.internal.SlaClocks.utc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadSummary;
import io.tandem.security.UserDirectory;
import io.tandem.shared.Actor;
import io.tandem.sla.SlaBreached;
import io.tandem.sla.SlaKind;
import io.tandem.sla.SlaReminderDue;

/**
 * Fires the clocks that are due: reminders before the deadline, breaches at it. A clock is its own timer row; each
 * instance takes due rows with {@code FOR UPDATE SKIP LOCKED} and, in the same transaction, marks them fired and
 * registers the events in the outbox. So with any number of instances, and across restarts, each reminder and each
 * breach happens exactly once, and none is lost.
 */
@Service
public class SlaTimers {

    private static final Logger log = LoggerFactory.getLogger(SlaTimers.class);
    static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final SlaPolicies policies;
    private final LeadDirectory leads;
    private final LeadHandoffs leadHandoffs;
    private final UserDirectory users;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SlaTimers(JdbcClient jdbc, SlaPolicies policies, LeadDirectory leads, LeadHandoffs leadHandoffs,
            UserDirectory users, ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.leads = leads;
        this.leadHandoffs = leadHandoffs;
        this.users = users;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    private record Due(UUID id, UUID leadId, SlaKind kind, String segment, UUID assigneeId, Instant remindAt,
            Instant dueAt, Instant remindedAt) {
    }

    /** Fires every due clock, a batch per transaction. @return how many fired */
    public int fireDue() {
        int fired = 0;
        int batch;
        do {
            batch = transactions.execute(tx -> fireBatch());
            fired += batch;
        } while (batch == BATCH);
        return fired;
    }

    private int fireBatch() {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("""
                select id, lead_id, kind, segment, assignee_id, remind_at, due_at, reminded_at from sla_clock
                where next_fire_at <= :now and stopped_at is null
                order by next_fire_at limit :limit
                for update skip locked
                """).param("now", utc(now)).param("limit", BATCH).query((rs, n) -> new Due(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), SlaKind.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getObject(5, UUID.class), instant(rs.getTimestamp(6)), rs.getTimestamp(7).toInstant(),
                        instant(rs.getTimestamp(8)))).list();
        if (due.isEmpty()) {
            return 0;
        }
        Map<UUID, LeadSummary> summaries = leads.summaries(due.stream().map(Due::leadId).distinct().toList());
        List<SlaPolicy> all = policies.all();
        for (Due clockDue : due) {
            UUID assignee = currentAssignee(clockDue, summaries.get(clockDue.leadId()));
            if (!now.isBefore(clockDue.dueAt())) {
                breach(clockDue, assignee, all, now);
            } else {
                remind(clockDue, assignee, now);
            }
        }
        return due.size();
    }

    /** Who must act now: the lead may have been claimed or reassigned since the clock started. */
    private static UUID currentAssignee(Due due, LeadSummary lead) {
        if (lead == null) {
            return due.assigneeId();
        }
        return switch (due.kind()) {
            case MQL_RESPONSE -> lead.ownerId() != null ? lead.ownerId() : lead.sdrId();
            case TRANSFER_ANSWER -> lead.pendingRepId() != null ? lead.pendingRepId() : due.assigneeId();
            case FIRST_CONTACT, FOLLOW_UP -> lead.ownerId() != null ? lead.ownerId() : due.assigneeId();
        };
    }

    private void remind(Due due, UUID assignee, Instant now) {
        jdbc.sql("update sla_clock set reminded_at = :now, assignee_id = :assignee, next_fire_at = due_at where id = :id")
                .param("now", utc(now)).param("assignee", assignee).param("id", due.id()).update();
        events.publishEvent(new SlaReminderDue(due.id(), due.leadId(), due.kind(), assignee, due.dueAt()));
    }

    private void breach(Due due, UUID assignee, List<SlaPolicy> all, Instant now) {
        Optional<SlaPolicy> policy = all.stream()
                .filter(p -> p.kind() == due.kind() && p.segment().equals(due.segment())).findFirst();
        UUID manager = policy.map(SlaPolicy::escalate).orElse(true) && assignee != null
                ? users.managerOf(assignee).orElse(null) : null;
        boolean takenBack = assignee != null && policy.map(SlaPolicy::takeBack).orElse(false) && takeBack(due);
        jdbc.sql("""
                update sla_clock set breached_at = :now, assignee_id = :assignee, escalated_to = :manager,
                                     taken_back = :takenBack, next_fire_at = null
                where id = :id
                """).param("now", utc(now)).param("assignee", assignee).param("manager", manager)
                .param("takenBack", takenBack).param("id", due.id()).update();
        events.publishEvent(new SlaBreached(due.id(), due.leadId(), due.kind(), assignee, manager, due.dueAt(),
                takenBack));
        log.info("SLA {} of lead {} breached (assignee {}, escalated to {}, taken back: {})", due.kind(),
                due.leadId(), assignee, manager, takenBack);
    }

    /** An MQL goes back to the queue (and routing); a rep's accepted lead goes to the public pool (公海). */
    private boolean takeBack(Due due) {
        return switch (due.kind()) {
            case MQL_RESPONSE -> leadHandoffs.takeBack(due.leadId(), "MQL not worked in time", Actor.SYSTEM);
            case FIRST_CONTACT -> leadHandoffs.releaseToPublicPool(due.leadId(), "no first contact in time",
                    Actor.SYSTEM);
            case FOLLOW_UP -> leadHandoffs.releaseToPublicPool(due.leadId(), "no follow-up in time", Actor.SYSTEM);
            case TRANSFER_ANSWER -> false;
        };
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
