package io.tandem.scoring.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.activity.ActivityType;
import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.scoring.FitOperator;
import io.tandem.scoring.RuleKind;
import io.tandem.scoring.ScoringRule;
import io.tandem.scoring.ScoringSettings;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.Ids;

/** The rules and settings of scoring, read once and kept until they change; every change bumps the ruleset version. */
@Service
public class ScoringRules {

    private record Snapshot(List<ScoringRule> rules, ScoringSettings settings) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    ScoringRules(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Published after a change of rules or settings; the rescoring job follows it. */
    public record RulesChanged(int rulesetVersion) {
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot.get();
        if (current == null) {
            List<ScoringRule> rules = jdbc.sql("select * from scoring_rule order by kind, created_at, id")
                    .query((rs, n) -> rule(rs)).list();
            ScoringSettings settings = jdbc.sql("select * from scoring_settings where id = 1")
                    .query((rs, n) -> new ScoringSettings(rs.getInt("half_life_days"), rs.getInt("grade_a"),
                            rs.getInt("grade_b"), rs.getInt("grade_c"), rs.getString("mql_min_grade"),
                            rs.getInt("mql_min_engagement"),
                            new LinkedHashSet<>(Arrays.asList((String[]) rs.getArray("hand_raisers").getArray())),
                            rs.getInt("ruleset_version")))
                    .single();
            current = new Snapshot(rules, settings);
            snapshot.set(current);
        }
        return current;
    }

    /** Another instance may have changed the rules: a version behind the database means a fresh read. */
    void refreshIfStale() {
        Snapshot current = snapshot.get();
        if (current != null) {
            Integer version = jdbc.sql("select ruleset_version from scoring_settings where id = 1").query(Integer.class)
                    .single();
            if (version != current.settings().rulesetVersion()) {
                snapshot.set(null);
            }
        }
    }

    private static ScoringRule rule(ResultSet rs) throws SQLException {
        String operator = rs.getString("operator");
        Integer cap = (Integer) rs.getObject("daily_cap");
        return new ScoringRule(rs.getObject("id", UUID.class), RuleKind.valueOf(rs.getString("kind")),
                rs.getString("label"), rs.getString("field"), operator == null ? null : FitOperator.valueOf(operator),
                rs.getString("value"), rs.getString("activity_type"), rs.getObject("campaign_id", UUID.class),
                rs.getInt("points"), cap, rs.getBoolean("active"));
    }

    public List<ScoringRule> all() {
        return snapshot().rules();
    }

    public List<ScoringRule> active(RuleKind kind) {
        return all().stream().filter(rule -> rule.active() && rule.kind() == kind).toList();
    }

    public ScoringSettings settings() {
        return snapshot().settings();
    }

    @Transactional
    public ScoringRule add(ScoringRule rule, Actor actor) {
        if (rule.label() == null || rule.label().isBlank()) {
            throw BadInputException.of("label", "give the rule a name");
        }
        if (rule.kind() == RuleKind.FIT && (rule.field() == null || rule.field().isBlank() || rule.operator() == null)) {
            throw BadInputException.of("field", "a fit rule needs a field and an operator");
        }
        if (rule.kind() == RuleKind.ENGAGEMENT && !ActivityType.isValid(rule.activityType())) {
            throw BadInputException.of("activityType", "choose an activity type");
        }
        if (rule.dailyCap() != null && rule.dailyCap() <= 0) {
            throw BadInputException.of("dailyCap", "must be positive");
        }
        UUID id = Ids.next();
        jdbc.sql("""
                insert into scoring_rule (id, kind, label, field, operator, value, activity_type, campaign_id, points,
                    daily_cap, active, created_at)
                values (:id, :kind, :label, :field, :operator, :value, :type, :campaign, :points, :cap, true, :at)
                """)
                .param("id", id).param("kind", rule.kind().name()).param("label", rule.label().strip())
                .param("field", blank(rule.field())).param("operator", rule.operator() == null ? null
                        : rule.operator().name())
                .param("value", blank(rule.value())).param("type", blank(rule.activityType()))
                .param("campaign", rule.campaignId()).param("points", rule.points()).param("cap", rule.dailyCap())
                .param("at", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .update();
        changed(actor, "added rule " + rule.label() + " (" + rule.points() + ")");
        // Read back in this transaction: scoring on another thread may refill the shared snapshot from before it.
        return jdbc.sql("select * from scoring_rule where id = :id").param("id", id).query((rs, n) -> rule(rs))
                .single();
    }

    @Transactional
    public void setActive(UUID ruleId, boolean active, Actor actor) {
        int updated = jdbc.sql("update scoring_rule set active = :active where id = :id").param("active", active)
                .param("id", ruleId).update();
        if (updated == 0) {
            throw new io.tandem.shared.NotFoundException("Scoring rule", ruleId);
        }
        changed(actor, (active ? "activated" : "deactivated") + " rule " + ruleId);
    }

    @Transactional
    public void updateSettings(ScoringSettings settings, Actor actor) {
        if (!(settings.gradeA() > settings.gradeB() && settings.gradeB() > settings.gradeC())) {
            throw BadInputException.of("grades", "grade A needs more points than B, and B more than C");
        }
        if (settings.halfLifeDays() <= 0) {
            throw BadInputException.of("halfLifeDays", "must be at least one day");
        }
        if (!Set.of("A", "B", "C", "D").contains(settings.mqlMinGrade())) {
            throw BadInputException.of("mqlMinGrade", "choose A, B, C or D");
        }
        for (String type : settings.handRaisers()) {
            if (!ActivityType.isValid(type)) {
                throw BadInputException.of("handRaisers", "\"" + type + "\" is not an activity type");
            }
        }
        jdbc.sql("""
                update scoring_settings set half_life_days = :half, grade_a = :a, grade_b = :b, grade_c = :c,
                    mql_min_grade = :grade, mql_min_engagement = :engagement, hand_raisers = :raisers where id = 1
                """)
                .param("half", settings.halfLifeDays()).param("a", settings.gradeA()).param("b", settings.gradeB())
                .param("c", settings.gradeC()).param("grade", settings.mqlMinGrade())
                .param("engagement", settings.mqlMinEngagement())
                .param("raisers", settings.handRaisers().toArray(String[]::new))
                .update();
        changed(actor, "settings " + settings);
    }

    private void changed(Actor actor, String summary) {
        int version = jdbc.sql("update scoring_settings set ruleset_version = ruleset_version + 1 where id = 1 "
                + "returning ruleset_version").query(Integer.class).single();
        snapshot.set(null);
        // Scoring on another thread may refill the snapshot meanwhile, from before this commit (or from this
        // transaction's uncommitted rows, were it to roll back): forget it again once the transaction has ended.
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        snapshot.set(null);
                    }
                });
        audit.record(actor, AuditAction.UPDATED, "scoring", null, summary);
        events.publishEvent(new RulesChanged(version));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
