package io.tandem.analytics;

import static io.tandem.analytics.AnalyticsFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.analytics.internal.DealQueries;
import io.tandem.analytics.internal.DealQueries.Credit;
import io.tandem.analytics.internal.FunnelQueries;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;

/**
 * Every metric family on one small history whose figures are worked out by hand in the comments (docs/metrics.md
 * has the definitions). The period is the first quarter of 2026; "now" is 1 April 2026.
 *
 * <pre>
 * lead source    created stage dates (MQL, SAL, SQL, OPP, WON)    now            notes
 * L1   web_form  01-01   01-03 01-05 01-10 01-20 03-01           WON            first campaign CA; in CA 12-23, CB 01-13
 * L2   manual    01-02   01-04 01-08 01-15 02-01                 OPPORTUNITY    in CB 01-25
 * L3   web_form  01-03   01-05 01-06                             SAL
 * L4   web_form  01-04   01-10                                   MQL            in CA 01-04, never worked
 * L5   web_form  01-05                                           LEAD           in CA 01-05
 * L6   web_form  02-10   02-11                                   DISQUALIFIED   02-12 "student"
 * L7   web_form  01-20   01-21                                   MQL            transfer 01-22 still pending
 * L8   web_form  01-06   01-07                                   NURTURE 01-09  first campaign CA; rejected 01-09 NO_BUDGET
 * L9   manual    2025-12-01                                      SQL            (outside the funnel's period)
 * O1 on L1: 1,000.00 opened 01-20, won 1,200.00 on 03-01 · O2 on L2: 500.00 opened 02-01 · O3 on L9: 300.00 opened
 * 02-15, won 300.00 on 03-10. CA (2,000.00, from 2025-12-01) and CB (500.00, from 01-10) share a unique channel.
 * </pre>
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedLoopMetricsTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    FunnelQueries funnel;
    @Autowired
    DealQueries deals;
    @Autowired
    FunnelHistory history;
    @Autowired
    MutableClock clock;

    AnalyticsFixture data;
    AnalyticsFilter quarter;
    UUID ca;
    UUID cb;
    UUID rep = UUID.randomUUID();

    @BeforeAll
    void history() {
        data = new AnalyticsFixture(jdbc);
        quarter = data.filter("2026-01-01", "2026-03-31");
        ca = data.campaign("CA", "2025-12-01", "2026-01-31", "2000.00");
        cb = data.campaign("CB", "2026-01-10", "2026-02-28", "500.00");

        UUID l1 = data.lead("L1", "web_form", ca, "2026-01-01", "WON", "2026-03-01", rep);
        stages(l1, "2026-01-03", "2026-01-05", "2026-01-10", "2026-01-20", "2026-03-01");
        data.member(ca, l1, "2025-12-23");
        data.member(cb, l1, "2026-01-13");
        data.handoff(l1, "2026-01-04", "2026-01-05", null);
        UUID l2 = data.lead("L2", "manual", null, "2026-01-02", "OPPORTUNITY", "2026-02-01", rep);
        stages(l2, "2026-01-04", "2026-01-08", "2026-01-15", "2026-02-01");
        data.member(cb, l2, "2026-01-25");
        data.handoff(l2, "2026-01-07", "2026-01-08", null);
        UUID l3 = data.lead("L3", "web_form", null, "2026-01-03", "SAL", "2026-01-06", null);
        stages(l3, "2026-01-05", "2026-01-06");
        UUID l4 = data.lead("L4", "web_form", null, "2026-01-04", "MQL", "2026-01-10", null);
        stages(l4, "2026-01-10");
        data.member(ca, l4, "2026-01-04");
        UUID l5 = data.lead("L5", "web_form", null, "2026-01-05", "LEAD", null, null);
        data.member(ca, l5, "2026-01-05");
        UUID l6 = data.lead("L6", "web_form", null, "2026-02-10", "DISQUALIFIED", "2026-02-12", null);
        stages(l6, "2026-02-11");
        data.entered(l6, "DISQUALIFIED", "2026-02-12");
        data.moved(l6, "MQL", "DISQUALIFIED", "2026-02-12", "student");
        UUID l7 = data.lead("L7", "web_form", null, "2026-01-20", "MQL", "2026-01-21", null);
        stages(l7, "2026-01-21");
        data.handoff(l7, "2026-01-22", null, null);
        UUID l8 = data.lead("L8", "web_form", ca, "2026-01-06", "NURTURE", "2026-01-09", null);
        stages(l8, "2026-01-07");
        data.handoff(l8, "2026-01-08", "2026-01-09", "NO_BUDGET");
        UUID l9 = data.lead("L9", "manual", null, "2025-12-01", "SQL", "2025-12-20", rep);

        UUID o1 = data.opportunity(l1, "1000.00", "2026-01-20", rep, ca, cb);
        data.won(o1, "1200.00", "2026-03-01");
        data.opportunity(l2, "500.00", "2026-02-01", rep, cb);
        UUID o3 = data.opportunity(l9, "300.00", "2026-02-15", rep);
        data.won(o3, "300.00", "2026-03-10");
    }

    private void stages(UUID lead, String... dates) {
        String[] stages = { "MQL", "SAL", "SQL", "OPPORTUNITY", "WON" };
        for (int i = 0; i < dates.length; i++) {
            data.entered(lead, stages[i], dates[i]);
        }
    }

    @BeforeEach
    void now() {
        clock.setTo(at("2026-04-01"));
    }

    @AfterEach
    void realTime() {
        clock.followRealTime();
    }

    /** stage entered → {entered, reached MQL … WON}, over all buckets and months. */
    private Map<FunnelStage, long[]> cohorts(List<FunnelQueries.Entry> entries) {
        Map<FunnelStage, long[]> cohorts = new HashMap<>();
        for (FunnelQueries.Entry entry : entries) {
            long[] sums = cohorts.computeIfAbsent(entry.stage(), s -> new long[6]);
            sums[0] += entry.entered();
            for (int y = 1; y < 6; y++) {
                sums[y] += entry.reached()[y];
            }
        }
        return cohorts;
    }

    @Test
    void cohortConversionCountsWhichOfAStagesEntrantsReachedEachLaterStage() {
        Map<FunnelStage, long[]> cohorts = cohorts(funnel.entries(quarter, Dimension.NONE, null));

        // 8 leads created; 7 became MQL (not L5), 3 SAL, 2 SQL, 2 opportunities, 1 won
        assertThat(cohorts.get(FunnelStage.LEAD)).containsExactly(8, 7, 3, 2, 2, 1);
        assertThat(cohorts.get(FunnelStage.MQL)).containsExactly(7, 7, 3, 2, 2, 1);
        assertThat(cohorts.get(FunnelStage.SAL)).containsExactly(3, 3, 3, 2, 2, 1);
        assertThat(cohorts.get(FunnelStage.SQL)).containsExactly(2, 2, 2, 2, 2, 1);
        assertThat(cohorts.get(FunnelStage.OPPORTUNITY)).containsExactly(2, 2, 2, 2, 2, 1);
        assertThat(cohorts.get(FunnelStage.WON)).containsExactly(1, 1, 1, 1, 1, 1);
    }

    @Test
    void cohortConversionWithinNDaysCountsOnlyTheLeadsThatGotThereInTime() {
        Map<FunnelStage, long[]> cohorts = cohorts(funnel.entries(quarter, Dimension.NONE, 2));

        // lead → MQL in at most 2 days: L1, L2, L3 (2), L6, L7, L8 (1); not L4 (6 days)
        assertThat(cohorts.get(FunnelStage.LEAD)[1]).isEqualTo(6);
        // MQL → SAL in at most 2 days: L1 (2), L3 (1); not L2 (4)
        assertThat(cohorts.get(FunnelStage.MQL)[2]).isEqualTo(2);
    }

    @Test
    void periodCountsAreFirstEntriesPerStageAndMonth() {
        Map<String, Long> counts = funnel.entries(quarter, Dimension.NONE, null).stream().collect(Collectors
                .groupingBy(e -> e.stage() + " " + e.month(), Collectors.summingLong(FunnelQueries.Entry::entered)));

        assertThat(counts).isEqualTo(Map.of("LEAD 2026-01", 7L, "LEAD 2026-02", 1L, "MQL 2026-01", 6L,
                "MQL 2026-02", 1L, "SAL 2026-01", 3L, "SQL 2026-01", 2L, "OPPORTUNITY 2026-01", 1L,
                "OPPORTUNITY 2026-02", 1L, "WON 2026-03", 1L));
    }

    @Test
    void breakdownsSplitTheCohortsBySourceAndByMonth() {
        Map<String, long[]> bySource = new HashMap<>();
        funnel.entries(quarter, Dimension.SOURCE, null).stream().filter(e -> e.stage() == FunnelStage.LEAD)
                .forEach(e -> {
                    long[] sums = bySource.computeIfAbsent(e.bucket(), b -> new long[2]);
                    sums[0] += e.entered();
                    sums[1] += e.reached()[1];
                });
        assertThat(bySource.get("web_form")).containsExactly(7, 6);
        assertThat(bySource.get("manual")).containsExactly(1, 1);

        Map<String, Long> byMonth = funnel.entries(quarter, Dimension.MONTH, null).stream()
                .filter(e -> e.stage() == FunnelStage.LEAD)
                .collect(Collectors.groupingBy(FunnelQueries.Entry::bucket,
                        Collectors.summingLong(FunnelQueries.Entry::entered)));
        assertThat(byMonth).isEqualTo(Map.of("2026-01", 7L, "2026-02", 1L));

        List<FunnelQueries.Entry> byRep = funnel.entries(quarter, Dimension.REP, null);
        assertThat(byRep).filteredOn(e -> e.bucket().equals(rep.toString()) && e.stage() == FunnelStage.LEAD)
                .extracting(FunnelQueries.Entry::entered).containsExactly(2L); // L1 and L2
    }

    @Test
    void velocityGivesMedianMeanAndP90DaysOfEachStepAndFromFirstTouchToWon() {
        Map<String, FunnelQueries.Velocity> steps = funnel.velocity(quarter).stream()
                .collect(Collectors.toMap(FunnelQueries.Velocity::step, v -> v));

        // lead → MQL: 1, 1, 1, 2, 2, 2, 6 days: median 2, mean 15/7, p90 at rank 5.4: 2 + 0.4 × 4 = 3.6
        assertVelocity(steps.get("LEAD-MQL"), 7, 2, 15.0 / 7, 3.6);
        // MQL → SAL: 1, 2, 4: median 2, mean 7/3, p90 at rank 1.8: 2 + 0.8 × 2 = 3.6
        assertVelocity(steps.get("MQL-SAL"), 3, 2, 7.0 / 3, 3.6);
        // SAL → SQL: 5, 7 · SQL → opportunity: 10, 17 · opportunity → won: 40
        assertVelocity(steps.get("SAL-SQL"), 2, 6, 6, 6.8);
        assertVelocity(steps.get("SQL-OPPORTUNITY"), 2, 13.5, 13.5, 16.3);
        assertVelocity(steps.get("OPPORTUNITY-WON"), 1, 40, 40, 40);
        // L1's first touch is CA on 2025-12-23: 68 days to 2026-03-01
        assertVelocity(steps.get(FunnelQueries.FIRST_TOUCH_TO_WON), 1, 68, 68, 68);
    }

    private static void assertVelocity(FunnelQueries.Velocity velocity, long leads, double median, double mean,
            double p90) {
        assertThat(velocity.leads()).isEqualTo(leads);
        assertThat(velocity.median()).isCloseTo(median, within(1e-9));
        assertThat(velocity.mean()).isCloseTo(mean, within(1e-9));
        assertThat(velocity.p90()).isCloseTo(p90, within(1e-9));
    }

    @Test
    void agingCountsLeadsStuckInAnOpenStageLongerThanNDays() {
        // 30 days before 1 April is 2 March: L8 (NURTURE), L4 and L7 (MQL), L3 (SAL), L9 (SQL), L2 (OPPORTUNITY)
        // all changed stage before it; L5, never out of LEAD, is unqualified rather than stuck
        assertThat(funnel.aging(quarter, 30)).isEqualTo(Map.of("NURTURE", 1L, "MQL", 2L, "SAL", 1L, "SQL", 1L,
                "OPPORTUNITY", 1L));
        // 80 days before is 11 January: only L8 (9 Jan), L4 (10 Jan), L3 (6 Jan) and L9 (20 Dec)
        assertThat(funnel.aging(quarter, 80)).isEqualTo(Map.of("NURTURE", 1L, "MQL", 1L, "SAL", 1L, "SQL", 1L,
                "OPPORTUNITY", 0L));
    }

    @Test
    void leaksAreMqlsNobodyWorkedAndTransfersNobodyAnswered() {
        // L4 is MQL without a call or transfer; L7's transfer is still pending
        assertThat(funnel.leaks(quarter)).isEqualTo(new FunnelQueries.Leaks(1, 1));
    }

    @Test
    void marketingSourcedSalesSourcedAndInfluencedPipelineAndRevenue() {
        DealQueries.Contribution contribution = DealQueries.contribution(deals.deals(quarter));

        // pipeline: O1 1,000 (marketing: first campaign CA), O2 500 (manual, but touched by CB before it opened),
        // O3 300 (manual, untouched)
        assertThat(contribution.pipeline()).isEqualTo(new DealQueries.Money(3, new BigDecimal("1800.00"), 1,
                new BigDecimal("1000.00"), 2, new BigDecimal("1500.00")));
        assertThat(contribution.pipeline().salesSourced()).isEqualByComparingTo("800.00");
        // revenue: O1 1,200 and O3 300 won in the quarter; marketing 1 of 2 orders, 1,200 of 1,500
        assertThat(contribution.revenue()).isEqualTo(new DealQueries.Money(2, new BigDecimal("1500.00"), 1,
                new BigDecimal("1200.00"), 1, new BigDecimal("1200.00")));
        assertThat(contribution.revenue().marketingShareOfCount()).isEqualTo(50.0);
        assertThat(contribution.revenue().marketingShareOfAmount()).isEqualTo(80.0);
    }

    @Test
    void everyAttributionModelCreditsTheFixturesCampaignsAsWorkedOutByHand() {
        List<DealQueries.Deal> quarterDeals = deals.deals(quarter);
        // O1: CA 12-23 (first touch and lead creation: L1 was created 01-01), CB 01-13 (last before opening 01-20,
        // and closing). O2: CB alone. O3: no touch.
        assertCredits(quarterDeals, AttributionModel.FIRST_TOUCH, "1000.00", "1200.00", "500.00", "0.00");
        assertCredits(quarterDeals, AttributionModel.LAST_TOUCH, "0.00", "0.00", "1500.00", "1200.00");
        assertCredits(quarterDeals, AttributionModel.LEAD_CREATION, "1000.00", "1200.00", "500.00", "0.00");
        assertCredits(quarterDeals, AttributionModel.LINEAR, "500.00", "600.00", "1000.00", "600.00");
        // U: CA holds first touch and lead creation (80 %), CB the rest (20 %)
        assertCredits(quarterDeals, AttributionModel.U_SHAPED, "800.00", "960.00", "700.00", "240.00");
        // W: CA 30 + 30, CB 30, the missing 10 spread in proportion: 2/3 and 1/3
        assertCredits(quarterDeals, AttributionModel.W_SHAPED, "666.67", "800.00", "833.33", "400.00");
        // time decay at a 7-day half-life: CA 28 days old (1/16), CB 7 days (1/2): 1/9 and 8/9 (+ O2's 500 for CB)
        assertCredits(quarterDeals, AttributionModel.TIME_DECAY, "111.11", "133.33", "1388.89", "1066.67");
        // full path: CA first touch + lead creation, CB opening + closing: half each
        assertCredits(quarterDeals, AttributionModel.FULL_PATH, "500.00", "600.00", "1000.00", "600.00");
    }

    private void assertCredits(List<DealQueries.Deal> quarterDeals, AttributionModel model, String caPipeline,
            String caRevenue, String cbPipeline, String cbRevenue) {
        Map<UUID, Credit> credits = DealQueries.attribute(quarterDeals, model, Duration.ofDays(7));
        Credit none = new Credit(null, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(credits.getOrDefault(ca, none).pipeline()).as(model + " CA pipeline").isEqualByComparingTo(caPipeline);
        assertThat(credits.getOrDefault(ca, none).revenue()).as(model + " CA revenue").isEqualByComparingTo(caRevenue);
        assertThat(credits.getOrDefault(cb, none).pipeline()).as(model + " CB pipeline").isEqualByComparingTo(cbPipeline);
        assertThat(credits.getOrDefault(cb, none).revenue()).as(model + " CB revenue").isEqualByComparingTo(cbRevenue);
        // O3 had no touch: its 300 stays with "no campaign", so the credits add up to pipeline and revenue
        assertThat(credits.get(null).pipeline()).isEqualByComparingTo("300.00");
        assertThat(credits.values().stream().map(Credit::pipeline).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("1800.00");
        assertThat(credits.values().stream().map(Credit::revenue).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("1500.00");
    }

    @Test
    void campaignRoiDividesCostByWhatTheCampaignBrought() {
        AnalyticsFilter byChannel = new AnalyticsFilter(quarter.from(), quarter.to(), null, null, data.channel, null,
                null, null, null, null);
        Map<UUID, DealQueries.RoiLine> roi = DealQueries.roi(deals.campaignFunnels(byChannel),
                DealQueries.attribute(deals.deals(quarter), AttributionModel.FIRST_TOUCH, Duration.ofDays(7)))
                .stream().collect(Collectors.toMap(line -> line.campaign().id(), line -> line));

        // CA: 2,000 for 3 members (L1, L4, L5), 2 MQLs (L1, L4), 1 opportunity (O1), won
        DealQueries.RoiLine a = roi.get(ca);
        assertThat(a.costPerLead()).isEqualByComparingTo("666.67");
        assertThat(a.costPerMql()).isEqualByComparingTo("1000.00");
        assertThat(a.costPerOpportunity()).isEqualByComparingTo("2000.00");
        assertThat(a.costPerWon()).isEqualByComparingTo("2000.00");
        assertThat(a.pipelinePerCost()).isEqualByComparingTo("0.50"); // 1,000 first-touch pipeline
        assertThat(a.revenuePerCost()).isEqualByComparingTo("0.60"); // 1,200 first-touch revenue
        // CB: 500 for 2 members (L1, L2), both MQL, 2 opportunities (O1, O2), 1 won
        DealQueries.RoiLine b = roi.get(cb);
        assertThat(b.costPerLead()).isEqualByComparingTo("250.00");
        assertThat(b.costPerMql()).isEqualByComparingTo("250.00");
        assertThat(b.costPerOpportunity()).isEqualByComparingTo("250.00");
        assertThat(b.costPerWon()).isEqualByComparingTo("500.00");
        assertThat(b.pipelinePerCost()).isEqualByComparingTo("1.00"); // O2's 500
        assertThat(b.revenuePerCost()).isEqualByComparingTo("0.00");
        assertThat(roi).hasSize(2);
    }

    @Test
    void leadQualityListsRejectionAndDisqualificationReasonsBySourceAndCampaign() {
        assertThat(deals.quality(quarter)).containsExactlyInAnyOrder(
                new DealQueries.QualityLine("web_form", ca, "REJECTED", "NO_BUDGET", 1),
                new DealQueries.QualityLine("web_form", null, "DISQUALIFIED", "student", 1));
        // answered transfers: L1 accepted and L8 rejected (web_form), L2 accepted (manual)
        assertThat(deals.acceptance(quarter)).containsExactlyInAnyOrder(
                new DealQueries.AcceptanceLine("web_form", 2, 1), new DealQueries.AcceptanceLine("manual", 1, 0));
    }

    @Test
    void thePlannerLearnsConversionOnlyFromLeadsThatHaveHadTheirStepsUsualTimeToMoveOn() {
        AnalyticsFixture young = new AnalyticsFixture(jdbc);
        // four leads created in July, each an MQL ten days later: lead → MQL takes 10 days, at the 90th percentile too
        for (int i = 1; i <= 4; i++) {
            UUID lead = young.lead("Y" + i, "web_form", null, "2025-07-0" + i, "MQL", "2025-07-1" + i, null);
            young.entered(lead, "MQL", "2025-07-1" + i);
        }
        // created 16 days before the period's end and no MQL yet: old enough to count against the rate
        young.lead("Y5", "web_form", null, "2025-09-15", "LEAD", null, null);
        // created in the period's last ten days: too young to tell
        young.lead("Y6", "web_form", null, "2025-09-25", "LEAD", null, null);
        young.lead("Y7", "web_form", null, "2025-09-28", "LEAD", null, null);

        FunnelHistory.Defaults defaults = history.defaults(young.filter("2025-07-01", "2025-09-30"));

        assertThat(defaults.cycleDays()).containsEntry(FunnelStage.LEAD, 10.0);
        assertThat(defaults.conversion().get(FunnelStage.LEAD)).isCloseTo(4.0 / 5, within(1e-9)); // not 4 / 7
        // no MQL has moved on, so MQL → SAL has no cycle time to leave days out by: every MQL counts
        assertThat(defaults.conversion()).containsEntry(FunnelStage.MQL, 0.0);
    }

    @Test
    void whenNoEntrantOfAStageIsOldEnoughThePlannerLearnsFromAllOfThem() {
        AnalyticsFixture slow = new AnalyticsFixture(jdbc);
        // an MQL of June accepted in September: MQL → SAL takes 101 days, longer than the period
        UUID old = slow.lead("P", "web_form", null, "2025-05-01", "SAL", "2025-09-10", null);
        slow.entered(old, "MQL", "2025-06-01");
        slow.entered(old, "SAL", "2025-09-10");
        // the period's only MQL, not accepted (yet)
        UUID young = slow.lead("Q", "web_form", null, "2025-09-01", "MQL", "2025-09-05", null);
        slow.entered(young, "MQL", "2025-09-05");

        FunnelHistory.Defaults defaults = history.defaults(slow.filter("2025-09-01", "2025-09-30"));

        assertThat(defaults.cycleDays()).containsEntry(FunnelStage.MQL, 101.0);
        assertThat(defaults.conversion()).containsEntry(FunnelStage.MQL, 0.0);
    }

    @Test
    void thePlannersDefaultsComeFromTheSameHistory() {
        FunnelHistory.Defaults defaults = history.defaults(quarter);

        assertThat(defaults.conversion().get(FunnelStage.LEAD)).isCloseTo(7.0 / 8, within(1e-9));
        assertThat(defaults.conversion().get(FunnelStage.MQL)).isCloseTo(3.0 / 7, within(1e-9));
        assertThat(defaults.conversion().get(FunnelStage.SAL)).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(defaults.conversion().get(FunnelStage.SQL)).isCloseTo(1.0, within(1e-9));
        assertThat(defaults.conversion().get(FunnelStage.OPPORTUNITY)).isCloseTo(0.5, within(1e-9));
        assertThat(defaults.cycleDays()).containsEntry(FunnelStage.LEAD, 2.0).containsEntry(FunnelStage.SQL, 13.5)
                .containsEntry(FunnelStage.OPPORTUNITY, 40.0);
        assertThat(defaults.averageDealSize()).isEqualByComparingTo("750.00"); // (1,200 + 300) / 2
        FunnelHistory.Actuals actuals = history.actuals(quarter);
        assertThat(actuals.revenue()).isEqualTo(Map.of(YearMonth.of(2026, 3), new BigDecimal("1500.00")));
        assertThat(actuals.entries().get(FunnelStage.MQL)).isEqualTo(Map.of(YearMonth.of(2026, 1), 6L,
                YearMonth.of(2026, 2), 1L));
    }
}
