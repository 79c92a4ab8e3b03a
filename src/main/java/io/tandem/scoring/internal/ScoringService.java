package io.tandem.scoring.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.activity.RecordedActivity;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.scoring.Contribution;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;
import io.tandem.scoring.RuleKind;
import io.tandem.scoring.ScoringRule;
import io.tandem.scoring.ScoringSettings;
import io.tandem.shared.Actor;
import io.tandem.shared.db.Savepoints;
import io.tandem.shared.db.SqlArrays;
import io.tandem.shared.db.UuidArray;

/**
 * Keeps every lead's score current: engagement grows with each batch of activities (and decays between them), the
 * fit grade follows the lead's data, and a lead that meets the MQL rule becomes an MQL on its own. Rows of a lead's
 * score are locked in id order, so concurrent batches about the same lead never lose points.
 */
@Service
public class ScoringService implements LeadScores {

    static final Actor SCORING = new Actor(null, "scoring", "system");

    private final JdbcClient jdbc;
    private final ScoringRules rules;
    private final LeadFacts facts;
    private final LeadStages stages;
    private final StageModel stageModel;
    private final Clock clock;
    private final ZoneId zone;

    ScoringService(JdbcClient jdbc, ScoringRules rules, LeadFacts facts, LeadStages stages, StageModel stageModel,
            Clock clock, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.facts = facts;
        this.stages = stages;
        this.stageModel = stageModel;
        this.clock = clock;
        this.zone = zone;
    }

    private record Stored(int fitPoints, String grade, double engagement, Instant engagementAt) {
    }

    /**
     * Adds a batch's points to its leads' engagement. A capped rule's points on a day depend on the lead's other
     * activities that day, which are read back from the timeline index, so every activity gets what the history gives
     * it, as a re-score would. Only leads that gain points or raised their hand are written, each once: the decay since
     * its last write and the new points are applied by the statement that writes it, on the row as it stands then.
     */
    @Transactional
    public void recordActivities(List<RecordedActivity> recorded) {
        rules.refreshIfStale();
        ScoringSettings settings = rules.settings();
        Instant now = clock.instant();
        Map<UUID, EngagementLedger.Activity> batch = new HashMap<>();
        for (RecordedActivity a : recorded) {
            batch.put(a.activityId(), new EngagementLedger.Activity(a.leadId(), a.type(), a.campaignId(),
                    a.occurredAt()));
        }
        List<ScoringRule> engagementRules = rules.active(RuleKind.ENGAGEMENT);
        List<EngagementLedger.Activity> considered = withTheirDays(batch, engagementRules);
        List<EngagementLedger.Applied> applied = new EngagementLedger(engagementRules, zone)
                .apply(considered);

        Set<EngagementLedger.Activity> ours = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ours.addAll(batch.values());
        Map<UUID, Double> gained = new HashMap<>();
        for (EngagementLedger.Applied item : applied) {
            if (ours.contains(item.activity())) {
                gained.merge(item.activity().leadId(),
                        Decay.at(item.points(), item.activity().occurredAt(), now, settings.halfLifeDays()),
                        Double::sum);
            }
        }
        Set<UUID> handRaised = new HashSet<>();
        for (EngagementLedger.Activity activity : batch.values()) {
            if (settings.handRaisers().contains(activity.type())) {
                handRaised.add(activity.leadId());
                gained.putIfAbsent(activity.leadId(), 0d);
            }
        }
        Map<UUID, String> grades = new HashMap<>();
        Map<UUID, Double> engagementNow = new HashMap<>();
        addEngagement(gained, settings, now, grades, engagementNow);
        promote(engagementNow.keySet(), grades, engagementNow, handRaised, settings, recorded);
    }

    /**
     * The batch's activities in time order, together with every other activity its leads had on the days where a
     * capped rule matched one of them (earlier ones use up the cap first; they were or will be counted by their own
     * batch). The batch's own activities keep their objects, so the caller can tell them apart.
     */
    private List<EngagementLedger.Activity> withTheirDays(Map<UUID, EngagementLedger.Activity> batch,
            List<ScoringRule> engagementRules) {
        Set<EngagementLedger.LeadDay> cappedDays = EngagementLedger.cappedDays(engagementRules, batch.values(), zone);
        List<EngagementLedger.Activity> considered = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        if (!cappedDays.isEmpty()) {
            List<EngagementLedger.LeadDay> days = List.copyOf(cappedDays);
            jdbc.sql("""
                    select a.id, a.lead_id, a.type, a.campaign_id, a.occurred_at
                    from unnest(:leads::uuid[], :froms::timestamptz[], :tos::timestamptz[]) as d(lead_id, from_at, to_at)
                    join activity a on a.lead_id = d.lead_id and a.occurred_at >= d.from_at and a.occurred_at < d.to_at
                    """)
                    .param("leads", SqlArrays.uuids(days.stream().map(EngagementLedger.LeadDay::leadId).toList()))
                    .param("froms", days.stream().map(d -> d.day().atStartOfDay(zone).toInstant().toString())
                            .toArray(String[]::new))
                    .param("tos", days.stream().map(d -> d.day().plusDays(1).atStartOfDay(zone).toInstant().toString())
                            .toArray(String[]::new))
                    .query(rs -> {
                        UUID id = rs.getObject(1, UUID.class);
                        EngagementLedger.Activity ours = batch.get(id);
                        seen.add(id);
                        considered.add(ours != null ? ours : new EngagementLedger.Activity(rs.getObject(2, UUID.class),
                                rs.getString(3), rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant()));
                    });
        }
        batch.forEach((id, activity) -> {
            if (!seen.contains(id)) {
                considered.add(activity);
            }
        });
        considered.sort(Comparator.comparing(EngagementLedger.Activity::occurredAt));
        return considered;
    }

    /** A lead's data changed (or it is new): its fit grade follows, and a better grade may make it an MQL. */
    @Transactional
    public void refreshFit(Collection<UUID> leadIds) {
        if (leadIds.isEmpty()) {
            return;
        }
        rules.refreshIfStale();
        ScoringSettings settings = rules.settings();
        Instant now = clock.instant();
        Map<UUID, LeadFacts.Lead> leads = facts.of(leadIds);
        FitEvaluator fit = new FitEvaluator(rules.active(RuleKind.FIT));
        Map<UUID, String> grades = new HashMap<>();
        Map<UUID, Integer> fitPoints = new HashMap<>();
        for (LeadFacts.Lead lead : leads.values()) {
            int points = fit.points(lead.facts());
            fitPoints.put(lead.id(), points);
            grades.put(lead.id(), settings.grade(points));
        }
        Map<UUID, Double> engagementNow = saveFit(fitPoints, grades, settings, now);
        promote(leads.keySet(), grades, engagementNow, Set.of(), settings, List.of());
    }

    /** The survivor of a merge keeps both leads' engagement; its fit is evaluated anew. */
    @Transactional
    public void merged(UUID survivor, UUID duplicate) {
        ScoringSettings settings = rules.settings();
        Instant now = clock.instant();
        Map<UUID, Stored> stored = lockScores(List.of(survivor, duplicate), settings.rulesetVersion(), now);
        double total = Decay.at(stored.get(survivor).engagement(), stored.get(survivor).engagementAt(), now,
                settings.halfLifeDays())
                + Decay.at(stored.get(duplicate).engagement(), stored.get(duplicate).engagementAt(), now,
                        settings.halfLifeDays());
        saveEngagement(Map.of(survivor, total), settings.rulesetVersion(), now);
        forget(duplicate);
        refreshFit(List.of(survivor));
    }

    @Transactional
    public void forget(UUID leadId) {
        jdbc.sql("delete from lead_score where lead_id = :id").param("id", leadId).update();
    }

    /**
     * Scores a batch of leads from scratch under the current rules: fit from their data, engagement from all their
     * activities read into Java. The reference for {@link RangeRescorer}, which the re-scoring job uses: it gives the
     * same results with set-based statements, and a test holds both to that.
     */
    @Transactional
    public void rescore(List<UUID> leadIds) {
        ScoringSettings settings = rules.settings();
        Instant now = clock.instant();
        // Lock first: activities committed before the lock are in the history read next, later ones wait and add on.
        lockScores(leadIds, settings.rulesetVersion(), now);
        Map<UUID, LeadFacts.Lead> leads = facts.of(leadIds);
        FitEvaluator fit = new FitEvaluator(rules.active(RuleKind.FIT));
        Map<UUID, List<EngagementLedger.Activity>> history = history(leads.keySet());
        List<ScoringRule> engagementRules = rules.active(RuleKind.ENGAGEMENT);
        Map<UUID, Integer> fitPoints = new HashMap<>();
        Map<UUID, String> grades = new HashMap<>();
        Map<UUID, Double> engagementNow = new HashMap<>();
        for (LeadFacts.Lead lead : leads.values()) {
            int points = fit.points(lead.facts());
            fitPoints.put(lead.id(), points);
            grades.put(lead.id(), settings.grade(points));
            List<EngagementLedger.Applied> applied = new EngagementLedger(engagementRules, zone)
                    .apply(history.getOrDefault(lead.id(), List.of()));
            engagementNow.put(lead.id(), EngagementLedger.valueNow(applied, now, settings.halfLifeDays()));
        }
        saveAll(fitPoints, grades, engagementNow, settings.rulesetVersion(), now);
        promote(leads.keySet(), grades, engagementNow, Set.of(), settings, List.of());
    }

    private Map<UUID, List<EngagementLedger.Activity>> history(Collection<UUID> leadIds) {
        Map<UUID, List<EngagementLedger.Activity>> history = new HashMap<>();
        if (leadIds.isEmpty()) {
            return history;
        }
        jdbc.sql("""
                select lead_id, type, campaign_id, occurred_at from activity where lead_id = any(:ids)
                order by lead_id, occurred_at
                """).param("ids", SqlArrays.uuids(leadIds))
                .query(rs -> {
                    UUID leadId = rs.getObject(1, UUID.class);
                    history.computeIfAbsent(leadId, id -> new ArrayList<>()).add(new EngagementLedger.Activity(leadId,
                            rs.getString(2), rs.getObject(3, UUID.class), rs.getTimestamp(4).toInstant()));
                });
        return history;
    }

    /** Leads that now meet the MQL rule move to MQL, if the stage model allows it from where they stand. */
    void promote(Collection<UUID> leadIds, Map<UUID, String> grades, Map<UUID, Double> engagementNow,
            Set<UUID> handRaised, ScoringSettings settings, List<RecordedActivity> activities) {
        List<UUID> candidates = new ArrayList<>();
        for (UUID leadId : leadIds) {
            String grade = grades.getOrDefault(leadId, "D");
            if (MqlPolicy.decide(settings, grade, engagementNow.getOrDefault(leadId, 0d),
                    handRaised.contains(leadId)).isPresent()) {
                candidates.add(leadId);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Map<UUID, String> stagesNow = new HashMap<>();
        // Merged leads are skipped in Java: "merged_into is null" in SQL makes PostgreSQL read a whole partial index.
        jdbc.sql("select id, stage, merged_into from lead where id = any(:ids)")
                .param("ids", SqlArrays.uuids(candidates))
                .query(rs -> {
                    if (rs.getObject(3) == null) {
                        stagesNow.put(rs.getObject(1, UUID.class), rs.getString(2));
                    }
                });
        candidates.sort(null);
        Map<UUID, String> firstHandRaise = firstHandRaises(activities, settings);
        List<LeadStages.RuleMove> moves = new ArrayList<>();
        for (UUID leadId : candidates) {
            String stage = stagesNow.get(leadId);
            if (stage == null || !stageModel.allows(stage, Stage.MQL)) {
                continue;
            }
            String grade = grades.getOrDefault(leadId, "D");
            double engagement = engagementNow.getOrDefault(leadId, 0d);
            boolean raised = handRaised.contains(leadId);
            String rule = MqlPolicy.decide(settings, grade, engagement, raised).orElseThrow();
            String reason = raised ? firstHandRaise.getOrDefault(leadId, "hand-raiser")
                    : "grade " + grade + ", engagement " + Math.round(engagement);
            moves.add(new LeadStages.RuleMove(leadId, rule, reason));
        }
        if (!moves.isEmpty()) {
            stages.moveAllIfAllowed(moves, Stage.MQL, SCORING);
        }
    }

    /** The type of each lead's first hand-raising activity, in the order recorded. */
    private static Map<UUID, String> firstHandRaises(List<RecordedActivity> activities, ScoringSettings settings) {
        Map<UUID, String> first = new HashMap<>();
        for (RecordedActivity activity : activities) {
            if (settings.handRaisers().contains(activity.type())) {
                first.putIfAbsent(activity.leadId(), activity.type());
            }
        }
        return first;
    }

    /**
     * Locks the score rows of the leads (creating missing ones) in id order and returns them, in one statement: the
     * no-op update of an existing row is what takes its lock.
     */
    private Map<UUID, Stored> lockScores(Collection<UUID> leadIds, int version, Instant now) {
        UUID[] ids = leadIds.stream().distinct().sorted().toArray(UUID[]::new);
        Map<UUID, Stored> stored = new HashMap<>();
        jdbc.sql("""
                insert into lead_score (lead_id, ruleset_version, updated_at)
                select id, :version, :now from unnest(:ids::uuid[]) as id order by id
                on conflict (lead_id) do update set lead_id = excluded.lead_id
                returning lead_id, fit_points, grade, engagement, engagement_at
                """).param("ids", SqlArrays.uuids(ids)).param("version", version)
                .param("now", now.atOffset(java.time.ZoneOffset.UTC))
                .query(rs -> {
                    java.sql.Timestamp at = rs.getTimestamp(5);
                    stored.put(rs.getObject(1, UUID.class), new Stored(rs.getInt(2), rs.getString(3),
                            rs.getBigDecimal(4).doubleValue(), at == null ? null : at.toInstant()));
                });
        return stored;
    }

    /** Writes fit and engagement together (one statement), returning nothing: the rows are locked already. */
    private void saveAll(Map<UUID, Integer> fitPoints, Map<UUID, String> grades, Map<UUID, Double> engagementNow,
            int version, Instant now) {
        if (fitPoints.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(fitPoints.keySet());
        ids.sort(null);
        jdbc.sql("""
                insert into lead_score (lead_id, fit_points, grade, engagement, engagement_at, ruleset_version,
                    updated_at)
                select id, points, grade, engagement::numeric, :now, :version, :now
                from unnest(:ids::uuid[], :points::int[], :grades::text[], :engagements::text[])
                    as s(id, points, grade, engagement)
                on conflict (lead_id) do update set fit_points = excluded.fit_points, grade = excluded.grade,
                    engagement = excluded.engagement, engagement_at = excluded.engagement_at,
                    ruleset_version = excluded.ruleset_version, updated_at = excluded.updated_at
                """)
                .param("ids", SqlArrays.uuids(ids))
                .param("points", ids.stream().map(fitPoints::get).toArray(Integer[]::new))
                .param("grades", ids.stream().map(grades::get).toArray(String[]::new))
                .param("engagements", ids.stream().map(id -> BigDecimal.valueOf(engagementNow.getOrDefault(id, 0d))
                        .setScale(3, java.math.RoundingMode.HALF_UP).toPlainString()).toArray(String[]::new))
                .param("version", version).param("now", now.atOffset(java.time.ZoneOffset.UTC))
                .update();
    }

    /**
     * Decays each lead's stored engagement to now and adds what it gained, in the floating-point steps of
     * {@link Decay} and rounded as Java stores it; a lead without a score row gets one. Fills in the grade and the
     * stored engagement of every lead written.
     */
    private void addEngagement(Map<UUID, Double> gained, ScoringSettings settings, Instant now,
            Map<UUID, String> grades, Map<UUID, Double> engagementNow) {
        List<UUID> ids = new ArrayList<>(gained.keySet());
        ids.sort(null);
        java.time.OffsetDateTime at = now.atOffset(java.time.ZoneOffset.UTC);
        org.springframework.jdbc.core.RowCallbackHandler written = rs -> {
            UUID id = rs.getObject(1, UUID.class);
            grades.put(id, rs.getString(2));
            engagementNow.put(id, rs.getDouble(3));
        };
        while (!ids.isEmpty()) {
            jdbc.sql("""
                    update lead_score s set
                        engagement = round((case when s.engagement_at is null or s.engagement_at >= :now
                            then s.engagement::float8
                            else s.engagement::float8 * power(0.5::float8,
                                floor(extract(epoch from :now - s.engagement_at) * 1000)::float8 / 86400000
                                / :halfLifeDays) end + g.gained)::text::numeric, 3),
                        engagement_at = greatest(s.engagement_at, :now), ruleset_version = :version,
                        updated_at = :now
                    from unnest(:ids::uuid[], :gained::float8[]) as g(id, gained)
                    where s.lead_id = g.id
                    returning s.lead_id, s.grade, s.engagement::float8
                    """)
                    .param("ids", SqlArrays.uuids(ids))
                    .param("gained", ids.stream().map(gained::get).toArray(Double[]::new))
                    .param("now", at).param("halfLifeDays", settings.halfLifeDays())
                    .param("version", settings.rulesetVersion())
                    .query(written);
            ids.removeIf(grades::containsKey);
            if (ids.isEmpty()) {
                return;
            }
            jdbc.sql("""
                    insert into lead_score (lead_id, engagement, engagement_at, ruleset_version, updated_at)
                    select id, round(gained::text::numeric, 3), :now, :version, :now
                    from unnest(:ids::uuid[], :gained::float8[]) as g(id, gained) order by id
                    on conflict (lead_id) do nothing
                    returning lead_id, grade, engagement::float8
                    """)
                    .param("ids", SqlArrays.uuids(ids))
                    .param("gained", ids.stream().map(gained::get).toArray(Double[]::new))
                    .param("now", at).param("version", settings.rulesetVersion())
                    .query(written);
            // Rows another transaction created meanwhile (a new lead's fit) exist now: add to them.
            ids.removeIf(grades::containsKey);
        }
    }

    private void saveEngagement(Map<UUID, Double> engagementNow, int version, Instant now) {
        if (engagementNow.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(engagementNow.keySet());
        jdbc.sql("""
                update lead_score set engagement = e.value, engagement_at = :now, ruleset_version = :version,
                    updated_at = :now
                from unnest(:ids::uuid[], :values::numeric[]) as e(id, value) where lead_score.lead_id = e.id
                """)
                .param("ids", SqlArrays.uuids(ids))
                .param("values", ids.stream().map(id -> BigDecimal.valueOf(engagementNow.get(id))
                        .setScale(3, java.math.RoundingMode.HALF_UP).toPlainString()).toArray(String[]::new))
                .param("now", now.atOffset(java.time.ZoneOffset.UTC)).param("version", version)
                .update();
    }

    /** Writes the fit of each lead in one upsert (locking its row) and returns its engagement as of now. */
    private Map<UUID, Double> saveFit(Map<UUID, Integer> fitPoints, Map<UUID, String> grades,
            ScoringSettings settings, Instant now) {
        Map<UUID, Double> engagementNow = new HashMap<>();
        if (fitPoints.isEmpty()) {
            return engagementNow;
        }
        List<UUID> ids = new ArrayList<>(fitPoints.keySet());
        ids.sort(null);
        UuidArray leadIds = SqlArrays.uuids(ids);
        Integer[] points = ids.stream().map(fitPoints::get).toArray(Integer[]::new);
        String[] gradeOfEach = ids.stream().map(grades::get).toArray(String[]::new);
        java.time.OffsetDateTime at = now.atOffset(java.time.ZoneOffset.UTC);
        String insert = """
                insert into lead_score (lead_id, fit_points, grade, ruleset_version, updated_at)
                select id, points, grade, :version, :now
                from unnest(:ids::uuid[], :points::int[], :grades::text[]) as f(id, points, grade) order by id
                """;
        Supplier<Void> upsert = () -> {
            jdbc.sql(insert + """
                    on conflict (lead_id) do update set fit_points = excluded.fit_points, grade = excluded.grade,
                        updated_at = excluded.updated_at
                    returning lead_id, engagement, engagement_at
                    """)
                    .param("ids", leadIds).param("points", points).param("grades", gradeOfEach)
                    .param("version", settings.rulesetVersion()).param("now", at)
                    .query(rs -> {
                        java.sql.Timestamp engagedAt = rs.getTimestamp(3);
                        engagementNow.put(rs.getObject(1, UUID.class), Decay.at(rs.getBigDecimal(2).doubleValue(),
                                engagedAt == null ? null : engagedAt.toInstant(), now, settings.halfLifeDays()));
                    });
            return null;
        };
        // The leads of a big batch are mostly new (an import): their rows are inserted without looking for each
        // first, and start without engagement.
        Savepoints.insertOrElse(jdbc, ids.size(), () -> {
            jdbc.sql(insert).param("ids", leadIds).param("points", points).param("grades", gradeOfEach)
                    .param("version", settings.rulesetVersion()).param("now", at).update();
            ids.forEach(id -> engagementNow.put(id, 0.0));
            return null;
        }, upsert);
        return engagementNow;
    }

    @Override
    public Optional<LeadScore> of(UUID leadId) {
        return Optional.ofNullable(of(List.of(leadId)).get(leadId));
    }

    @Override
    public Map<UUID, LeadScore> of(Collection<UUID> leadIds) {
        Map<UUID, LeadScore> scores = new HashMap<>();
        if (leadIds.isEmpty()) {
            return scores;
        }
        ScoringSettings settings = rules.settings();
        Instant now = clock.instant();
        jdbc.sql("""
                select lead_id, grade, fit_points, engagement, engagement_at, updated_at from lead_score
                where lead_id = any(:ids)
                """).param("ids", SqlArrays.uuids(leadIds.stream().distinct().toList()))
                .query(rs -> {
                    java.sql.Timestamp at = rs.getTimestamp(5);
                    UUID id = rs.getObject(1, UUID.class);
                    scores.put(id, new LeadScore(id, rs.getString(2), rs.getInt(3),
                            Decay.at(rs.getBigDecimal(4).doubleValue(), at == null ? null : at.toInstant(), now,
                                    settings.halfLifeDays()),
                            List.of(), List.of(), rs.getTimestamp(6).toInstant()));
                });
        return scores;
    }

    /** The score of one lead with the rules behind it, computed from its data and last activities. */
    public Optional<LeadScore> explain(UUID leadId) {
        Optional<LeadScore> score = of(leadId);
        LeadFacts.Lead lead = facts.of(List.of(leadId)).get(leadId);
        if (lead == null) {
            return Optional.empty();
        }
        ScoringSettings settings = rules.settings();
        Instant now = clock.instant();
        FitEvaluator.Result fit = FitEvaluator.evaluate(rules.active(RuleKind.FIT), lead.facts());
        List<EngagementLedger.Activity> activities = new ArrayList<>(history(List.of(leadId)).getOrDefault(leadId,
                List.of()));
        List<EngagementLedger.Applied> applied = new EngagementLedger(rules.active(RuleKind.ENGAGEMENT), zone)
                .apply(activities);
        List<Contribution> recent = EngagementLedger.explain(applied, now, settings.halfLifeDays());
        return Optional.of(new LeadScore(leadId, score.map(LeadScore::grade).orElse(settings.grade(fit.points())),
                score.map(LeadScore::fitPoints).orElse(fit.points()),
                score.map(LeadScore::engagementNow).orElse(0d), fit.reasons(),
                recent.size() > 50 ? recent.subList(0, 50) : recent,
                score.map(LeadScore::updatedAt).orElse(null)));
    }
}
