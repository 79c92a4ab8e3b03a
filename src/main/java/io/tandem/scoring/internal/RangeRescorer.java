package io.tandem.scoring.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.scoring.RuleKind;
import io.tandem.scoring.ScoringRule;
import io.tandem.scoring.ScoringSettings;

/**
 * Re-scores the live leads of one id range ({@code after < id <= upto}) under the current rules, with the same results
 * as {@link ScoringService#rescore} but a handful of set-based statements instead of every activity read into Java.
 * <p>
 * Fit stays in Java ({@link FitEvaluator}), from one read of the range's lead rows: its comparisons (Unicode strip and
 * lower case, free-mail domains, custom values as Java prints them) have no exact SQL twin under the database's C
 * locale, and reading the columns costs little next to the activities. Engagement is computed in SQL straight from the
 * activities, with {@link EngagementLedger}'s daily caps and {@link Decay}'s arithmetic step for step. Only leads that
 * may newly become MQLs come back to Java, to move through the lead module like every other MQL.
 * <p>
 * Runs inside the caller's transaction.
 */
@Component
class RangeRescorer {

    /** Below every lead id: lead ids are version 7 (or 4) UUIDs, never the nil UUID. */
    static final UUID BEFORE_FIRST = new UUID(0L, 0L);
    /** The greatest UUID in PostgreSQL's (unsigned) order: a range up to it is open at the end. */
    static final UUID LAST = new UUID(-1L, -1L);

    private final JdbcClient jdbc;
    private final ScoringRules rules;
    private final LeadFacts facts;
    private final ScoringService scoring;
    private final StageModel stageModel;
    private final Clock clock;
    private final ZoneId zone;

    RangeRescorer(JdbcClient jdbc, ScoringRules rules, LeadFacts facts, ScoringService scoring, StageModel stageModel,
            Clock clock, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.facts = facts;
        this.scoring = scoring;
        this.stageModel = stageModel;
        this.clock = clock;
        this.zone = zone;
    }

    /** @return how many live leads the range held */
    int rescore(UUID after, UUID upto) {
        ScoringSettings settings = rules.settings();
        FitEvaluator fit = new FitEvaluator(rules.active(RuleKind.FIT));
        List<ScoringRule> engagementRules = rules.active(RuleKind.ENGAGEMENT);
        Instant now = clock.instant();
        OffsetDateTime nowUtc = now.atOffset(ZoneOffset.UTC);
        // Decay counts whole milliseconds from activities kept in whole microseconds: cutting the nanoseconds off now
        // (which the driver would round) changes no count.
        OffsetDateTime decayTo = now.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);

        List<UUID> ids = new ArrayList<>();
        List<Integer> fitPoints = new ArrayList<>();
        List<String> grades = new ArrayList<>();
        facts.inRange(after, upto, lead -> {
            int points = fit.points(lead.facts());
            ids.add(lead.id());
            fitPoints.add(points);
            grades.add(settings.grade(points));
        });
        if (ids.isEmpty()) {
            return 0;
        }
        UUID[] leadIds = ids.toArray(UUID[]::new);

        // Lock before reading activities: a batch whose points are already in a score row is then in the activities
        // read next, and a later batch waits for this transaction and adds its points on top (as ScoringService does).
        // An update whose condition fails still locks the row, without writing it; missing rows are created locked.
        jdbc.sql("""
                insert into lead_score (lead_id, ruleset_version, updated_at)
                select id, :version, :now from unnest(:ids::uuid[]) as id order by id
                on conflict (lead_id) do update set lead_id = excluded.lead_id where false
                """).param("ids", leadIds).param("version", settings.rulesetVersion()).param("now", nowUtc).update();

        // Plans made for the actual arrays and bounds: a generic plan guesses ten leads where there are thousands and
        // could pick a join that grows with the square of the range. And the range's sorts stay in memory.
        jdbc.sql("set local plan_cache_mode = force_custom_plan").update();
        jdbc.sql("set local work_mem = '32MB'").update();
        Map<UUID, String> candidateGrades = new HashMap<>();
        Map<UUID, Double> candidateEngagement = new HashMap<>();
        jdbc.sql(SCORE_RANGE)
                .param("ids", leadIds)
                .param("points", fitPoints.toArray(Integer[]::new))
                .param("grades", grades.toArray(String[]::new))
                .param("ruleIds", engagementRules.stream().map(ScoringRule::id).toArray(UUID[]::new))
                .param("rulePositions", positions(engagementRules.size()))
                .param("ruleTypes", engagementRules.stream().map(ScoringRule::activityType).toArray(String[]::new))
                .param("ruleCampaigns", engagementRules.stream().map(ScoringRule::campaignId).toArray(UUID[]::new))
                .param("rulePoints", engagementRules.stream().map(ScoringRule::points).toArray(Integer[]::new))
                .param("ruleCaps", engagementRules.stream().map(ScoringRule::dailyCap).toArray(Integer[]::new))
                .param("after", after).param("upto", upto)
                .param("zone", postgresZone(zone)).param("zoneOffsetSeconds", fixedOffsetSeconds(zone))
                .param("now", nowUtc).param("decayTo", decayTo).param("halfLifeDays", settings.halfLifeDays())
                .param("version", settings.rulesetVersion())
                .param("mqlMinGrade", settings.mqlMinGrade()).param("mqlMinEngagement", settings.mqlMinEngagement())
                .param("stagesBeforeMql", stagesThatMayBecomeMql())
                .query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    candidateGrades.put(id, rs.getString(2));
                    candidateEngagement.put(id, rs.getDouble(3));
                });
        scoring.promote(candidateGrades.keySet(), candidateGrades, candidateEngagement, Set.of(), settings, List.of());
        return ids.size();
    }

    /**
     * Scores the range's leads and answers those that now meet the MQL threshold from a stage that may move to MQL
     * (the final word is {@link ScoringService#promote}'s, with {@link MqlPolicy}).
     * <ul>
     * <li>{@code applied}: the points each engagement rule gives each activity. A capped rule with positive points
     * gives what is left of its cap that day, in the order of the activities ({@code EngagementLedger.apply}).</li>
     * <li>{@code score}: fit and engagement per lead. Engagement is {@code Decay.at} per point in the same
     * floating-point steps (whole milliseconds since the activity, over a day's milliseconds, over the half-life),
     * summed in the ledger's order, and stored as Java stores it: the double's shortest decimal form (the driver asks
     * for it), rounded half up to three places. The fit rows meet the activity rows in one grouping rather than in a
     * join: the planner cannot estimate either side, and a nested loop over both would grow with the square of the
     * range.</li>
     * </ul>
     */
    private static final String SCORE_RANGE = """
            with fit (lead_id, points, grade) as (
                select * from unnest(:ids::uuid[], :points::int[], :grades::text[])
            ), rule (rule_id, position, activity_type, campaign_id, points, daily_cap) as (
                select * from unnest(:ruleIds::uuid[], :rulePositions::int[], :ruleTypes::text[],
                    :ruleCampaigns::uuid[], :rulePoints::int[], :ruleCaps::int[])
            ), matched as (
                select a.lead_id, a.occurred_at, r.rule_id, r.position, r.points, r.daily_cap,
                    r.daily_cap is not null and r.points > 0 as capped,
                    ((a.occurred_at at time zone :zone) + make_interval(secs => :zoneOffsetSeconds))::date as day
                from activity a
                join rule r on r.activity_type = a.type and (r.campaign_id is null or r.campaign_id = a.campaign_id)
                where a.lead_id > :after and a.lead_id <= :upto and a.lead_id in (select lead_id from fit)
            ), applied as (
                select lead_id, occurred_at, rule_id, position, capped, day,
                    case when capped
                        then greatest(0, least(points, daily_cap - (row_number() over same_day - 1) * points))
                        else points end as points
                from matched
                window same_day as (partition by lead_id, rule_id, day order by occurred_at)
            ), score (lead_id, fit_points, grade, engagement_now) as (
                select lead_id, max(fit_points), max(grade), coalesce(sum(decayed order by occurred_at, position), 0)
                from (
                    select lead_id, points as fit_points, grade, null::timestamptz as occurred_at, null::int as position,
                        null::float8 as decayed
                    from fit
                    union all
                    select lead_id, null, null, occurred_at, position,
                        case when occurred_at < :decayTo
                            then points * power(0.5::float8, floor(extract(epoch from :decayTo - occurred_at) * 1000)
                                ::float8 / 86400000 / :halfLifeDays)
                            else points end
                    from applied where points <> 0
                ) as parts
                group by lead_id
            ), scored as (
                update lead_score s set fit_points = p.fit_points, grade = p.grade,
                    engagement = round(p.engagement_now::text::numeric, 3), engagement_at = :now,
                    ruleset_version = :version, updated_at = :now
                from score p
                where s.lead_id = p.lead_id and s.lead_id > :after and s.lead_id <= :upto
                returning s.lead_id, s.grade, p.engagement_now
            )
            select q.lead_id, q.grade, q.engagement_now from scored q join lead l on l.id = q.lead_id
            where q.grade <= :mqlMinGrade and q.engagement_now >= :mqlMinEngagement
              and l.merged_into is null and l.stage = any(:stagesBeforeMql::text[])
            """;

    private String[] stagesThatMayBecomeMql() {
        return stageModel.stages().stream().map(Stage::code).filter(code -> stageModel.allows(code, Stage.MQL))
                .toArray(String[]::new);
    }

    private static Integer[] positions(int count) {
        Integer[] positions = new Integer[count];
        for (int i = 0; i < count; i++) {
            positions[i] = i;
        }
        return positions;
    }

    /**
     * A region's name means the same to PostgreSQL as to Java; a fixed offset does not (PostgreSQL reads "+08:00" the
     * POSIX way, as west of Greenwich), so for those the SQL takes UTC and adds the offset itself.
     */
    private static String postgresZone(ZoneId zone) {
        return zone.normalized() instanceof ZoneOffset ? "UTC" : zone.getId();
    }

    private static int fixedOffsetSeconds(ZoneId zone) {
        return zone.normalized() instanceof ZoneOffset offset ? offset.getTotalSeconds() : 0;
    }
}
