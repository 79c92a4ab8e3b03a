package io.tandem.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lifecycle.Stage;
import io.tandem.scoring.Contribution;
import io.tandem.shared.Ids;
import io.tandem.shared.db.Savepoints;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;

/**
 * The set-based re-scoring ({@link RangeRescorer}) against the per-lead Java path ({@link ScoringService#rescore}):
 * every lead exists twice with the same data and activities, one twin is scored each way, and the twins must end up
 * alike in every trace scoring leaves: score row, stage moves and explanation.
 * <p>
 * Leads, activities and rules are written straight to the tables, so that no listener and no background job scores
 * them meanwhile.
 */
@IntegrationTest
class RescoreEquivalenceTests {

    /** Not on a whole second, and with nanoseconds that PostgreSQL cannot keep. */
    static final Instant NOW = Instant.parse("2026-03-10T15:47:05.123456789Z");
    static final UUID CAMPAIGN = UUID.randomUUID();
    static final String[] TYPES = { "PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW", "EMAIL_OPENED", "EMAIL_CLICKED",
            "EMAIL_CLICKED", "CONTENT_DOWNLOADED", "FORM_SUBMITTED", "WEBINAR_ATTENDED", "EVENT_CHECKED_IN",
            "DEMO_REQUESTED", "UNSUBSCRIBED", "CALL" };

    @Autowired
    ScoringService scoring;
    @Autowired
    RangeRescorer rangeRescorer;
    @Autowired
    ScoringRules rules;
    @Autowired
    Rescorer rescorer;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    final List<UUID> testRules = new ArrayList<>();

    /** One lead as both paths get it. */
    record Case(String name, String email, String title, String companySize, String industry, String city,
            String custom, String stage, boolean merged, List<Activity> activities) {
    }

    record Activity(String type, UUID campaignId, Instant occurredAt) {
    }

    record Twins(Case lead, UUID javaPath, UUID sqlPath) {
    }

    @BeforeEach
    void rulesOfThisTest() {
        // A job left by an earlier test would score these leads too.
        await().atMost(Duration.ofSeconds(60)).until(() -> rescorer.latest().map(job -> !job.running()).orElse(true));
        clock.setTo(NOW);
        fitRule("Director", "title", "CONTAINS", " 总监, director ,VP,", 25);
        fitRule("Head of", "title", "STARTS_WITH", "head", 10);
        fitRule("Budget", "custom.budget", "IN", "50-200万，>200万", 10);
        fitRule("Two hundred people", "custom.employees", "EQUALS", "200", 5);
        fitRule("Has a city", "city", "NOT_EMPTY", null, 3);
        fitRule("Competitor", "emailDomain", "IN", "competitor.cn", -100);
        engagementRule("Webinar of the campaign", "WEBINAR_ATTENDED", CAMPAIGN, 12, null, true);
        engagementRule("Clicks, capped unevenly", "EMAIL_CLICKED", null, 4, 10, true);
        engagementRule("Unsubscribe, cap ignored", "UNSUBSCRIBED", null, -5, 3, true);
        engagementRule("Calls count nothing", "CALL", null, 0, 5, true);
        engagementRule("Switched off", "PAGE_VIEW", null, 50, null, false);
        rulesChangedBehindTheirBack();
    }

    @AfterEach
    void defaultRules() {
        jdbc.sql("delete from scoring_rule where id = any(:ids)").param("ids", testRules.toArray(UUID[]::new))
                .update();
        rulesChangedBehindTheirBack();
        clock.followRealTime();
    }

    @Test
    void theSetBasedPathScoresEveryLeadLikeThePerLeadPath() {
        List<Case> cases = new ArrayList<>(handPicked());
        Random random = new Random(20261127);
        for (int i = 0; i < 150; i++) {
            cases.add(randomCase(random, i));
        }
        List<Twins> twins = write(cases);

        // As the job called it: with the live leads of a batch.
        transactions.executeWithoutResult(tx -> scoring.rescore(twins.stream().filter(pair -> !pair.lead().merged())
                .map(Twins::javaPath).toList()));
        UUID after = twins.stream().map(Twins::javaPath).max(RescoreEquivalenceTests::postgresOrder).orElseThrow();
        UUID upto = twins.stream().map(Twins::sqlPath).max(RescoreEquivalenceTests::postgresOrder).orElseThrow();
        Integer rescored = transactions.execute(tx -> rangeRescorer.rescore(after, upto));

        assertThat(rescored).as("live leads in the range").isGreaterThanOrEqualTo(
                (int) cases.stream().filter(c -> !c.merged()).count());
        for (Twins pair : twins) {
            String what = pair.lead().name();
            assertThat(scoreRow(pair.sqlPath())).as(what).isEqualTo(scoreRow(pair.javaPath()));
            assertThat(stage(pair.sqlPath())).as(what).isEqualTo(stage(pair.javaPath()));
            assertThat(stageHistory(pair.sqlPath())).as(what).isEqualTo(stageHistory(pair.javaPath()));
            assertThat(explanation(pair.sqlPath())).as(what).isEqualTo(explanation(pair.javaPath()));
        }

        // The cases reach what they are there for.
        Map<String, Twins> byName = new java.util.HashMap<>();
        twins.forEach(pair -> byName.put(pair.lead().name(), pair));
        assertThat(stage(byName.get("Director from LEAD").sqlPath())).isEqualTo(Stage.MQL);
        assertThat(stage(byName.get("Director from NURTURE").sqlPath())).isEqualTo(Stage.MQL);
        assertThat(stage(byName.get("Director in SAL").sqlPath())).isEqualTo(Stage.SAL);
        assertThat(stageHistory(byName.get("Director already MQL").sqlPath())).isEmpty();
        assertThat(stage(byName.get("Grade C, busy").sqlPath())).isEqualTo(Stage.LEAD);
        assertThat(scoreRow(byName.get("Merged away").sqlPath())).isNull();
        assertThat(twins.stream().filter(pair -> !stageHistory(pair.sqlPath()).isEmpty()).count())
                .as("MQL moves").isGreaterThanOrEqualTo(2);
        assertThat(twins.stream().map(pair -> scoreRow(pair.sqlPath())).filter(row -> row != null
                && row.engagement().scale() == 3 && row.engagement().stripTrailingZeros().scale() == 3).count())
                .as("decayed engagement with three decimals").isGreaterThan(50);
    }

    private List<Case> handPicked() {
        Instant hourAgo = NOW.minusSeconds(3_600);
        List<Activity> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.add(new Activity("CONTENT_DOWNLOADED", null, hourAgo.plusSeconds(i)));
        }
        busy.add(new Activity("WEBINAR_ATTENDED", CAMPAIGN, NOW.minus(Duration.ofDays(3))));
        busy.add(new Activity("EVENT_CHECKED_IN", null, NOW.minus(Duration.ofDays(40))));
        busy.add(new Activity("EVENT_CHECKED_IN", null, NOW.minus(Duration.ofMillis(1))));
        // Caps count per day in Shanghai, where NOW is 23:47 on 10 March: 16:30Z on 8 March is 00:30 on the 9th
        // there (yesterday, kept for the caps), 15:00Z on 8 March is the day before (dropped); the clicks after NOW
        // fall on the 11th.
        List<Activity> clicks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clicks.add(new Activity("EMAIL_CLICKED", null, Instant.parse("2026-03-08T15:00:00Z").plusSeconds(i)));
            clicks.add(new Activity("EMAIL_CLICKED", null, NOW.plusSeconds(800)));
        }
        for (int i = 0; i < 3; i++) {
            clicks.add(new Activity("EMAIL_CLICKED", null, Instant.parse("2026-03-08T16:30:00.000001Z")
                    .plusSeconds(i)));
        }
        for (int i = 0; i < 4; i++) {
            clicks.add(new Activity("EMAIL_CLICKED", null, hourAgo.plusMillis(i)));
        }
        clicks.add(new Activity("PAGE_VIEW", null, NOW.minus(Duration.ofDays(5))));
        List<Activity> sameInstant = List.of(new Activity("WEBINAR_ATTENDED", CAMPAIGN, hourAgo),
                new Activity("WEBINAR_ATTENDED", null, hourAgo), new Activity("UNSUBSCRIBED", null, hourAgo),
                new Activity("UNSUBSCRIBED", null, hourAgo), new Activity("CALL", null, hourAgo));
        return List.of(
                new Case("Director from LEAD", "li@huaxin-tech.cn", "IT总监", "1000-4999", "制造业", "苏州", null,
                        Stage.LEAD, false, busy),
                new Case("Director from NURTURE", "wang@huaxin-tech.cn", "Director of IT", "200-999", "汽车", null,
                        null, Stage.NURTURE, false, busy),
                new Case("Director in SAL", "zhao@huaxin-tech.cn", "VP Sales", "5000+", "医疗", null, null,
                        Stage.SAL, false, busy),
                new Case("Director already MQL", "qian@huaxin-tech.cn", "总监", "5000+", "半导体", null, null,
                        Stage.MQL, false, busy),
                new Case("Grade C, busy", "sun@qq.com", "Engineer", "200-999", null, "上海", null, Stage.LEAD,
                        false, busy),
                new Case("Hand raiser, weak fit", "zhou@qq.com", null, null, null, null, null, Stage.LEAD, false,
                        List.of(new Activity("DEMO_REQUESTED", null, hourAgo))),
                new Case("Nothing known", null, " ", "", null, "  ", null, Stage.LEAD, false, List.of()),
                new Case("Custom values", "wu@competitor.cn", "Head of Procurement", null, null, null,
                        "{\"budget\": \"50-200万\", \"employees\": 200, \"more\": {\"a\": [1, 2]}}", Stage.LEAD, false,
                        sameInstant),
                new Case("Clicks today and yesterday", "zheng@huaxin-tech.cn", "DIRECTOR", null, null, null, null,
                        Stage.LEAD, false, clicks),
                new Case("Merged away", "feng@huaxin-tech.cn", "总监", "5000+", "医疗", null, null, Stage.LEAD, true,
                        busy),
                new Case("Stale score", "chen@gmail.com", "Analyst", null, null, null, null, Stage.LEAD, false,
                        List.of(new Activity("PAGE_VIEW", null, NOW.minus(Duration.ofDays(90))))));
    }

    private static Case randomCase(Random random, int n) {
        List<Activity> activities = new ArrayList<>();
        int count = random.nextInt(12) == 0 ? 0 : random.nextInt(40);
        Instant last = NOW.minus(Duration.ofDays(random.nextInt(200)));
        for (int i = 0; i < count; i++) {
            if (random.nextInt(5) > 0) {
                // Mostly bursts on the same or the next day, with microseconds, as the API stores them.
                last = last.plusNanos(random.nextLong(20L * 3_600_000_000_000L) / 1_000 * 1_000);
            }
            activities.add(new Activity(TYPES[random.nextInt(TYPES.length)],
                    random.nextInt(4) == 0 ? CAMPAIGN : null, last));
        }
        String[] titles = { "IT总监", "Head of IT", "工程师", null, "VP Marketing", "采购经理" };
        String[] sizes = { "1-49", "200-999", "1000-4999", null };
        String[] industries = { "制造业", "医疗", "零售", null };
        String[] domains = { "qq.com", "163.com", "huaxin-tech.cn", "competitor.cn", "gmail.com" };
        String[] stages = { Stage.LEAD, Stage.LEAD, Stage.LEAD, Stage.NURTURE, Stage.MQL, Stage.SQL };
        return new Case("Random " + n, "r" + n + "@" + domains[random.nextInt(domains.length)],
                titles[random.nextInt(titles.length)], sizes[random.nextInt(sizes.length)],
                industries[random.nextInt(industries.length)], random.nextBoolean() ? "杭州" : null,
                random.nextInt(3) == 0 ? "{\"budget\": \">200万\"}" : null, stages[random.nextInt(stages.length)],
                random.nextInt(30) == 0, activities);
    }

    @Test
    void scoringBatchByBatchGivesEveryLeadWhatARescoreGivesIt() {
        Random random = new Random(20261128);
        Instant start = NOW.minus(Duration.ofDays(3));
        List<UUID> leads = new ArrayList<>();
        List<io.tandem.activity.RecordedActivity> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID lead = Ids.next();
            leads.add(lead);
            writeLead(lead, new Case("Batch by batch " + i, "b" + i + "@huaxin-tech.cn", "DIRECTOR", null, null, null,
                    null, Stage.LEAD, false, List.of()));
            int count = 5 + random.nextInt(30);
            for (int n = 0; n < count; n++) {
                all.add(new io.tandem.activity.RecordedActivity(Ids.next(), lead, TYPES[random.nextInt(TYPES.length)],
                        random.nextInt(4) == 0 ? CAMPAIGN : null,
                        start.plusMillis((long) (random.nextDouble() * Duration.ofDays(3).toMillis()))));
            }
        }
        // Five clicks of one lead on one day, in three batches: 4 + 4 + 2 of the cap of 10, then nothing.
        UUID clicker = Ids.next();
        leads.add(clicker);
        writeLead(clicker, new Case("Clicker", "clicker@huaxin-tech.cn", "DIRECTOR", null, null, null, null, Stage.LEAD,
                false, List.of()));
        for (int n = 0; n < 5; n++) {
            all.add(new io.tandem.activity.RecordedActivity(Ids.next(), clicker, "EMAIL_CLICKED", null,
                    NOW.minus(Duration.ofHours(5)).plus(Duration.ofHours(n))));
        }
        all.sort(Comparator.comparing(io.tandem.activity.RecordedActivity::occurredAt));

        // Batches of what arrived in each two hours, scored at the end of them, as ingestion would.
        int batches = 0;
        for (Instant from = start; from.isBefore(NOW); from = from.plus(Duration.ofHours(2))) {
            Instant to = from.plus(Duration.ofHours(2));
            Instant batchFrom = from;
            List<io.tandem.activity.RecordedActivity> batch = all.stream()
                    .filter(a -> !a.occurredAt().isBefore(batchFrom) && a.occurredAt().isBefore(to)).toList();
            if (batch.isEmpty()) {
                continue;
            }
            batch.forEach(this::writeActivity);
            clock.setTo(to.isAfter(NOW) ? NOW : to);
            transactions.executeWithoutResult(tx -> scoring.recordActivities(batch));
            batches++;
        }
        clock.setTo(NOW);
        Map<UUID, io.tandem.scoring.LeadScore> batchByBatch = scoring.of(leads);
        transactions.executeWithoutResult(tx -> scoring.rescore(leads));
        Map<UUID, io.tandem.scoring.LeadScore> rescored = scoring.of(leads);

        assertThat(batches).isGreaterThan(20);
        for (UUID lead : leads) {
            // Each write rounds to three places; nothing else may differ.
            assertThat(batchByBatch.get(lead).engagementNow()).as("lead " + leads.indexOf(lead))
                    .isCloseTo(rescored.get(lead).engagementNow(), org.assertj.core.api.Assertions.within(0.01));
        }
        assertThat(scoring.explain(clicker).orElseThrow().recent()).filteredOn(c -> c.label().equals(
                "Clicks, capped unevenly")).extracting(c -> Math.round(c.points())).containsExactly(2L, 4L, 4L);
        assertThat(rescored.values().stream().filter(score -> score.engagementNow() > 20).count())
                .as("leads with real engagement").isGreaterThan(10);
    }

    @Test
    void theFitOfABigBatchOfNewLeadsIsWhatEachLeadGetsOnItsOwn() {
        List<Twins> twins = write(fitCases(Savepoints.WORTH_IT_FROM + 6));

        refreshTogetherAndOneByOneAlike(twins);

        assertThat(twins.stream().map(pair -> scoreRow(pair.javaPath()).grade()).distinct().count())
                .as("grades the rules tell apart").isGreaterThan(1);
    }

    @Test
    void aBigBatchInWhichSomeLeadsHaveEarnedEngagementKeepsItAndScoresTheOthersAlike() {
        List<Twins> twins = write(fitCases(Savepoints.WORTH_IT_FROM + 6));
        List<Twins> engaged = List.of(twins.get(5), twins.get(40));
        for (Twins pair : engaged) {
            for (UUID lead : List.of(pair.javaPath(), pair.sqlPath())) {
                jdbc.sql("""
                        insert into lead_score (lead_id, fit_points, grade, engagement, engagement_at, ruleset_version,
                            updated_at) values (:id, 0, 'D', 42.5, :at, 1, :at)
                        """).param("id", lead).param("at", NOW.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
                        .update();
            }
        }

        refreshTogetherAndOneByOneAlike(twins);

        for (Twins pair : engaged) {
            assertThat(scoreRow(pair.javaPath()).engagement()).isEqualByComparingTo("42.5");
            assertThat(scoreRow(pair.javaPath()).fitPoints()).as("the fit of a director").isGreaterThan(0);
        }
    }

    /**
     * Refreshes the fit of one twin of each pair in one batch (big enough for the plain insert first) and of the other
     * twin lead by lead; both must end with the same score row and stage.
     */
    private void refreshTogetherAndOneByOneAlike(List<Twins> twins) {
        scoring.refreshFit(twins.stream().map(Twins::javaPath).toList());
        twins.forEach(pair -> scoring.refreshFit(List.of(pair.sqlPath())));

        for (Twins pair : twins) {
            assertThat(scoreRow(pair.javaPath())).as(pair.lead().name()).isEqualTo(scoreRow(pair.sqlPath()))
                    .isNotNull();
            assertThat(stage(pair.javaPath())).isEqualTo(stage(pair.sqlPath()));
        }
    }

    /** Leads the fit rules of this test grade differently; none has an activity or a score row yet. */
    private static List<Case> fitCases(int count) {
        String[] titles = { "Sales director", "Head of IT", "工程师", null, "VP Marketing" };
        String[] cities = { "上海", null, "深圳" };
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cases.add(new Case("Fit " + i, "fit" + i + "@huaxin-tech.cn", titles[i % titles.length], null, null,
                    cities[i % cities.length], i % 7 == 0 ? "{\"budget\": \">200万\"}" : null, Stage.LEAD, false,
                    List.of()));
        }
        return cases;
    }

    private void writeActivity(io.tandem.activity.RecordedActivity activity) {
        jdbc.sql("""
                insert into activity (id, lead_id, type, occurred_at, campaign_id, source, recorded_at)
                values (:id, :lead, :type, :at, :campaign, 'test', :at)
                """)
                .param("id", activity.activityId()).param("lead", activity.leadId()).param("type", activity.type())
                .param("at", activity.occurredAt().atOffset(ZoneOffset.UTC)).param("campaign", activity.campaignId())
                .update();
    }

    /**
     * Writes each case twice. The SQL path's twins take the upper half of the ids, so that a range holds only them
     * (ids are taken first and ordered as PostgreSQL orders them).
     */
    private List<Twins> write(List<Case> cases) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < cases.size() * 2; i++) {
            ids.add(Ids.next());
        }
        ids.sort(RescoreEquivalenceTests::postgresOrder);
        List<Twins> twins = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Twins pair = new Twins(cases.get(i), ids.get(i), ids.get(cases.size() + i));
            twins.add(pair);
            writeLead(pair.javaPath(), pair.lead());
            writeLead(pair.sqlPath(), pair.lead());
        }
        return twins;
    }

    private void writeLead(UUID id, Case lead) {
        String email = lead.email() == null ? null : lead.email().replace("@", "." + id + "@");
        OffsetDateTime created = NOW.minus(Duration.ofDays(300)).atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into lead (id, name, email, title, company_size, industry, city, source, custom, stage,
                    merged_into, created_at, updated_at, created_via)
                values (:id, :name, :email, :title, :size, :industry, :city, 'test', coalesce(:custom, '{}')::jsonb,
                    :stage, :merged, :created, :created, 'test')
                """)
                .param("id", id).param("name", lead.name()).param("email", email).param("title", lead.title())
                .param("size", lead.companySize()).param("industry", lead.industry()).param("city", lead.city())
                .param("custom", lead.custom()).param("stage", lead.stage())
                .param("merged", lead.merged() ? UUID.randomUUID() : null).param("created", created)
                .update();
        for (Activity activity : lead.activities()) {
            jdbc.sql("""
                    insert into activity (id, lead_id, type, occurred_at, campaign_id, source, recorded_at)
                    values (:id, :lead, :type, :at, :campaign, 'test', :at)
                    """)
                    .param("id", Ids.next()).param("lead", id).param("type", activity.type())
                    .param("at", activity.occurredAt().atOffset(ZoneOffset.UTC))
                    .param("campaign", activity.campaignId())
                    .update();
        }
        if (lead.name().equals("Stale score")) {
            jdbc.sql("""
                    insert into lead_score (lead_id, fit_points, grade, engagement, engagement_at, ruleset_version,
                        updated_at) values (:id, 99, 'A', 77.7, :at, 1, :at)
                    """).param("id", id).param("at", NOW.minus(Duration.ofDays(3)).atOffset(ZoneOffset.UTC)).update();
        }
    }

    record ScoreRow(int fitPoints, String grade, BigDecimal engagement, OffsetDateTime engagementAt, int version) {
    }

    private ScoreRow scoreRow(UUID lead) {
        return jdbc.sql("""
                select fit_points, grade, engagement, engagement_at, ruleset_version from lead_score where lead_id = :id
                """).param("id", lead)
                .query((rs, n) -> new ScoreRow(rs.getInt(1), rs.getString(2), rs.getBigDecimal(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getInt(5)))
                .optional().orElse(null);
    }

    private String stage(UUID lead) {
        return jdbc.sql("select stage from lead where id = :id").param("id", lead).query(String.class).single();
    }

    private List<String> stageHistory(UUID lead) {
        return jdbc.sql("""
                select from_stage, to_stage, actor, rule, reason from lead_stage_history where lead_id = :id order by id
                """).param("id", lead)
                .query((rs, n) -> rs.getString(1) + ">" + rs.getString(2) + " by " + rs.getString(3) + " ("
                        + rs.getString(4) + ": " + rs.getString(5) + ")")
                .list();
    }

    /**
     * The lead's explanation without its id: grade, points, engagement now and every contribution. Contributions of
     * one instant come in no particular order (neither path orders activities beyond their time), so they are sorted.
     */
    private List<Object> explanation(UUID lead) {
        Comparator<Contribution> order = Comparator.comparing(Contribution::at, Comparator.reverseOrder())
                .thenComparing(Contribution::rule).thenComparing(Contribution::points);
        return scoring.explain(lead).map(score -> List.<Object>of(score.grade(), score.fitPoints(),
                score.engagementNow(), score.fitReasons(), score.recent().stream().sorted(order).toList(),
                String.valueOf(score.updatedAt())))
                .orElse(List.of());
    }

    private void fitRule(String label, String field, String operator, String value, int points) {
        UUID id = Ids.next();
        testRules.add(id);
        jdbc.sql("""
                insert into scoring_rule (id, kind, label, field, operator, value, points, active, created_at)
                values (:id, 'FIT', :label, :field, :operator, :value, :points, true, now())
                """).param("id", id).param("label", label).param("field", field).param("operator", operator)
                .param("value", value).param("points", points).update();
    }

    private void engagementRule(String label, String type, UUID campaign, int points, Integer cap, boolean active) {
        UUID id = Ids.next();
        testRules.add(id);
        jdbc.sql("""
                insert into scoring_rule (id, kind, label, activity_type, campaign_id, points, daily_cap, active,
                    created_at)
                values (:id, 'ENGAGEMENT', :label, :type, :campaign, :points, :cap, :active, now())
                """).param("id", id).param("label", label).param("type", type).param("campaign", campaign)
                .param("points", points).param("cap", cap).param("active", active).update();
    }

    /** As another instance would change them: no event, so no re-scoring job starts. */
    private void rulesChangedBehindTheirBack() {
        jdbc.sql("update scoring_settings set ruleset_version = ruleset_version + 1 where id = 1").update();
        rules.refreshIfStale();
        rules.settings();
    }

    /** PostgreSQL orders UUIDs by their bytes, unsigned; {@link UUID#compareTo} compares signed halves. */
    static int postgresOrder(UUID a, UUID b) {
        return a.toString().compareTo(b.toString());
    }
}
