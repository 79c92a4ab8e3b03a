package io.tandem.sla.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.sla.SlaKind;

/** The SLA policies an admin sets, per kind of clock and segment of leads. */
@Service
public class SlaPolicies {

    static final Set<String> GRADES = Set.of("A", "B", "C", "D");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    SlaPolicies(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public List<SlaPolicy> all() {
        return jdbc.sql("""
                select kind, segment, target_minutes, remind_before_minutes, escalate, take_back, active
                from sla_policy order by kind, segment = '*' desc, segment
                """).query((rs, n) -> new SlaPolicy(SlaKind.valueOf(rs.getString(1)), rs.getString(2), rs.getInt(3),
                        rs.getInt(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7))).list();
    }

    /** The policy for a lead of this grade: its segment's if there is an active one, else the one for all leads. */
    public Optional<SlaPolicy> forLead(SlaKind kind, String grade) {
        return forLead(all(), kind, grade);
    }

    static Optional<SlaPolicy> forLead(List<SlaPolicy> policies, SlaKind kind, String grade) {
        List<SlaPolicy> candidates = policies.stream().filter(p -> p.kind() == kind && p.active()).toList();
        return candidates.stream().filter(p -> grade != null && grade.equals(p.grade())).findFirst()
                .or(() -> candidates.stream().filter(p -> SlaPolicy.ALL.equals(p.segment())).findFirst());
    }

    public Optional<SlaPolicy> find(SlaKind kind, String segment) {
        return all().stream().filter(p -> p.kind() == kind && p.segment().equals(segment)).findFirst();
    }

    /** Creates or changes the policy of a kind and segment; new values apply to clocks started from now on. */
    @Transactional
    public void save(SlaPolicy policy, Actor actor) {
        List<FieldProblem> problems = new ArrayList<>();
        if (policy.kind() == null) {
            problems.add(FieldProblem.of("kind", "sla.kindRequired"));
        }
        if (!SlaPolicy.ALL.equals(policy.segment())
                && (policy.grade() == null || !GRADES.contains(policy.grade()))) {
            problems.add(FieldProblem.of("segment", "sla.segment"));
        }
        if (policy.targetMinutes() <= 0) {
            problems.add(FieldProblem.of("targetMinutes", "sla.target"));
        }
        if (policy.remindBeforeMinutes() < 0 || policy.remindBeforeMinutes() >= policy.targetMinutes()) {
            problems.add(FieldProblem.of("remindBeforeMinutes", "sla.reminder"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("The SLA policy is not valid", problems);
        }
        jdbc.sql("""
                insert into sla_policy (kind, segment, target_minutes, remind_before_minutes, escalate, take_back,
                                        active, updated_at, updated_by)
                values (:kind, :segment, :target, :remind, :escalate, :takeBack, :active, :now, :by)
                on conflict (kind, segment) do update set target_minutes = excluded.target_minutes,
                    remind_before_minutes = excluded.remind_before_minutes, escalate = excluded.escalate,
                    take_back = excluded.take_back, active = excluded.active, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                """).param("kind", policy.kind().name()).param("segment", policy.segment())
                .param("target", policy.targetMinutes()).param("remind", policy.remindBeforeMinutes())
                .param("escalate", policy.escalate()).param("takeBack", policy.takeBack())
                .param("active", policy.active()).param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("by", actor.name()).update();
        audit.record(actor, AuditAction.UPDATED, "sla_policy", policy.kind() + "/" + policy.segment(),
                policy.targetMinutes() + " min, remind " + policy.remindBeforeMinutes() + " min before"
                        + (policy.escalate() ? ", escalate" : "") + (policy.takeBack() ? ", take back" : "")
                        + (policy.active() ? "" : ", off"));
    }
}
