package io.tandem.routing.internal;

import static java.util.Comparator.comparing;
import static java.util.Comparator.naturalOrder;
import static java.util.Comparator.nullsFirst;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.calendar.BusinessCalendar;
import io.tandem.calendar.BusinessCalendars;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadSummary;
import io.tandem.lead.LeadView;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.lifecycle.StagePool;
import io.tandem.routing.LeadRouted;
import io.tandem.routing.internal.RoutingRule.Target;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.shared.Ids;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides who gets a free MQL and gives it to them, recording why. Rules are tried in order; a rule whose target
 * cannot take the lead (everyone out of office, over capacity, at their daily cap or outside working hours; an
 * account without owner) hands on to the next rule. Without a rule that places the lead it stays in the queue.
 */
@Service
public class Router {

    static final Actor ROUTING = new Actor(null, "routing", "routing");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public enum Trigger { MQL, TAKEN_BACK }

    /** Why a person was passed over. */
    public enum SkipReason { EXCLUDED, INACTIVE, OUT_OF_OFFICE, OUTSIDE_WORKING_HOURS, DAILY_CAP, CAPACITY }

    public record Skip(UUID userId, SkipReason reason) {
    }

    private final RoutingSettings settings;
    private final LeadDirectory leads;
    private final LeadHandoffs leadHandoffs;
    private final LeadScores scores;
    private final UserDirectory users;
    private final BusinessCalendars calendars;
    private final StageModel stages;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Router(RoutingSettings settings, LeadDirectory leads, LeadHandoffs leadHandoffs, LeadScores scores,
            UserDirectory users, BusinessCalendars calendars, StageModel stages, JdbcClient jdbc,
            ApplicationEventPublisher events, Clock clock) {
        this.settings = settings;
        this.leads = leads;
        this.leadHandoffs = leadHandoffs;
        this.scores = scores;
        this.users = users;
        this.calendars = calendars;
        this.stages = stages;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Routes a lead that is a free MQL; others are left alone (someone claimed it meanwhile).
     *
     * @param excluded people who must not get it (the one it was just taken back from)
     * @return the person who got it, if anyone
     */
    @Transactional
    public Optional<UUID> route(UUID leadId, Trigger trigger, Set<UUID> excluded) {
        return route(leadId, trigger, excluded, settings.rules());
    }

    /**
     * Routes with rules already read (a batch of MQLs reads them once). Without an active rule nothing is decided and
     * nothing recorded: the lead waits in the queue as it always did, and ingestion pays nothing for routing.
     */
    @Transactional
    public Optional<UUID> route(UUID leadId, Trigger trigger, Set<UUID> excluded, List<RoutingRule> rules) {
        if (rules.stream().noneMatch(RoutingRule::active)) {
            return Optional.empty();
        }
        LeadSummary lead = leads.summaries(List.of(leadId)).get(leadId);
        if (lead == null || !Stage.MQL.equals(lead.stage()) || lead.ownerId() != null || lead.transferPending()) {
            return Optional.empty();
        }
        // custom fields are read only when some rule tests one
        boolean testsCustom = rules.stream().flatMap(rule -> rule.conditions().stream())
                .anyMatch(condition -> condition.field() != null && condition.field().startsWith("custom."));
        java.util.Map<String, Object> custom = testsCustom
                ? leads.find(leadId).map(LeadView::custom).orElse(java.util.Map.of()) : java.util.Map.of();
        LeadScore score = scores.of(leadId).orElse(null);
        LeadFacts facts = new LeadFacts(lead, custom, score == null ? null : score.grade(),
                score == null ? null : (double) Math.round(score.engagementNow()));
        Instant now = clock.instant();
        List<Skip> skipped = new ArrayList<>();
        for (RoutingRule rule : rules) {
            if (!rule.matches(facts)) {
                continue;
            }
            if (rule.target() == Target.QUEUE) {
                record(leadId, now, trigger, rule, null, null, skipped, "QUEUED");
                return Optional.empty();
            }
            Optional<UUID> assignee = switch (rule.target()) {
                case USER -> firstAvailable(List.of(rule.targetUserId()), excluded, skipped, now);
                case ACCOUNT_OWNER -> lead.accountId() == null ? Optional.empty()
                        : Optional.ofNullable(leads.accountOwners(List.of(lead.accountId())).get(lead.accountId()))
                                .flatMap(owner -> firstAvailable(List.of(owner), excluded, skipped, now));
                case POOL -> fromPool(rule.targetPoolId(), excluded, skipped, now);
                case QUEUE -> Optional.empty();
            };
            if (assignee.isEmpty()) {
                continue;
            }
            String why = rule.name() + (rule.target() == Target.POOL
                    ? " · " + Optional.ofNullable(settings.pool(rule.targetPoolId())).map(RoutingSettings.Pool::name)
                            .orElse("") : "");
            if (!leadHandoffs.assignByRule(leadId, assignee.get(), why, ROUTING)) {
                record(leadId, now, trigger, rule, rule.targetPoolId(), null, skipped, "ALREADY_TAKEN");
                return Optional.empty();
            }
            if (rule.target() == Target.POOL) {
                jdbc.sql("""
                        update routing_pool_member set assigned_total = assigned_total + 1, last_assigned_at = :now
                        where pool_id = :pool and user_id = :user
                        """).param("now", now.atOffset(ZoneOffset.UTC)).param("pool", rule.targetPoolId())
                        .param("user", assignee.get()).update();
            }
            // stamped when the work is done, just before the commit: "assigned" in reports means the rep has it
            Instant assigned = clock.instant();
            record(leadId, assigned, trigger, rule, rule.target() == Target.POOL ? rule.targetPoolId() : null,
                    assignee.get(), skipped, "ASSIGNED");
            events.publishEvent(new LeadRouted(leadId, assignee.get(), why, assigned));
            return assignee;
        }
        record(leadId, now, trigger, null, null, null, skipped, skipped.isEmpty() ? "NO_RULE" : "NOBODY_AVAILABLE");
        return Optional.empty();
    }

    /**
     * The weighted round robin: of the members who can take a lead now, the one furthest behind their share —
     * lowest (assigned + 1) / weight — and among equals the one who waited longest. The pool's rows are locked, so
     * concurrent routings of one pool take turns.
     */
    private record Candidate(UUID userId, int weight, Integer dailyCap, Integer capacity, long assignedTotal,
            Instant lastAssignedAt) {
    }

    private Optional<UUID> fromPool(UUID poolId, Set<UUID> excluded, List<Skip> skipped, Instant now) {
        List<Candidate> members = jdbc.sql("""
                select user_id, weight, daily_cap, capacity, assigned_total, last_assigned_at from routing_pool_member
                where pool_id = :pool order by user_id for update
                """).param("pool", poolId).query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getInt(2),
                        (Integer) rs.getObject(3), (Integer) rs.getObject(4), rs.getLong(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant())).list();
        Map<UUID, Long> open = leads.ownedCounts(members.stream().map(Candidate::userId).toList(), openStages());
        List<Candidate> available = new ArrayList<>();
        for (Candidate member : members) {
            if (!isAvailable(member.userId(), excluded, skipped, now)) {
                continue;
            }
            if (member.dailyCap() != null && assignedToday(poolId, member.userId(), now) >= member.dailyCap()) {
                skipped.add(new Skip(member.userId(), SkipReason.DAILY_CAP));
            } else if (member.capacity() != null && open.getOrDefault(member.userId(), 0L) >= member.capacity()) {
                skipped.add(new Skip(member.userId(), SkipReason.CAPACITY));
            } else {
                available.add(member);
            }
        }
        return available.stream()
                .min(comparing((Candidate m) -> (m.assignedTotal() + 1.0) / m.weight())
                        .thenComparing(Candidate::lastAssignedAt, nullsFirst(naturalOrder()))
                        .thenComparing(Candidate::userId))
                .map(Candidate::userId);
    }

    private Optional<UUID> firstAvailable(List<UUID> candidates, Set<UUID> excluded, List<Skip> skipped,
            Instant now) {
        for (UUID candidate : candidates) {
            if (isAvailable(candidate, excluded, skipped, now)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean isAvailable(UUID userId, Set<UUID> excluded, List<Skip> skipped, Instant now) {
        if (excluded.contains(userId)) {
            skipped.add(new Skip(userId, SkipReason.EXCLUDED));
            return false;
        }
        Optional<UserSummary> user = users.find(userId).filter(UserSummary::active);
        if (user.isEmpty()) {
            skipped.add(new Skip(userId, SkipReason.INACTIVE));
            return false;
        }
        BusinessCalendar calendar = calendars.forTeam(user.get().teamId());
        LocalDate today = now.atZone(calendar.zone()).toLocalDate();
        if (absentOn(userId, today)) {
            skipped.add(new Skip(userId, SkipReason.OUT_OF_OFFICE));
            return false;
        }
        if (!calendar.isWorkingTime(now)) {
            skipped.add(new Skip(userId, SkipReason.OUTSIDE_WORKING_HOURS));
            return false;
        }
        return true;
    }

    private boolean absentOn(UUID userId, LocalDate day) {
        return jdbc.sql("select count(*) from routing_absence where user_id = :user and :day between first_day "
                + "and last_day").param("user", userId).param("day", day).query(Long.class).single() > 0;
    }

    /** Assignments from this pool since midnight in the member's calendar. */
    private long assignedToday(UUID poolId, UUID userId, Instant now) {
        BusinessCalendar calendar = calendars.forTeam(users.find(userId).map(UserSummary::teamId).orElse(null));
        Instant midnight = now.atZone(calendar.zone()).toLocalDate().atStartOfDay(calendar.zone()).toInstant();
        return jdbc.sql("""
                select count(*) from routing_decision
                where pool_id = :pool and assignee_id = :user and decided_at >= :since and outcome = 'ASSIGNED'
                """).param("pool", poolId).param("user", userId).param("since", midnight.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    /** A lead is open for its owner from MQL until it is closed (won, lost) or leaves for marketing's pool. */
    private Collection<String> openStages() {
        return stages.stages().stream()
                .filter(s -> Stage.MQL.equals(s.code()) || s.pool() == StagePool.SALES)
                .map(Stage::code).toList();
    }

    private void record(UUID leadId, Instant now, Trigger trigger, RoutingRule rule, UUID poolId, UUID assignee,
            List<Skip> skipped, String outcome) {
        jdbc.sql("""
                insert into routing_decision (id, lead_id, decided_at, trigger, rule_id, rule_name, pool_id,
                                              assignee_id, skipped, outcome)
                values (:id, :lead, :now, :trigger, :rule, :ruleName, :pool, :assignee, cast(:skipped as jsonb),
                        :outcome)
                """).param("id", Ids.next()).param("lead", leadId).param("now", now.atOffset(ZoneOffset.UTC))
                .param("trigger", trigger.name()).param("rule", rule == null ? null : rule.id())
                .param("ruleName", rule == null ? null : rule.name()).param("pool", poolId).param("assignee", assignee)
                .param("skipped", JSON.writeValueAsString(skipped)).param("outcome", outcome).update();
    }
}
