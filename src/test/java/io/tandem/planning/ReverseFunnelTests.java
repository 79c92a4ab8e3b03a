package io.tandem.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.tandem.analytics.FunnelStage;
import io.tandem.shared.BadInputException;

/**
 * 12,000,000 in 2027 at 100,000 a deal, 40 % from marketing: 10 orders a month, 4 of them marketing's. Conversions
 * lead→MQL 10 %, MQL→SAL 50 %, SAL→SQL 80 %, SQL→opportunity 50 %, opportunity→won 25 %; cycle times 30, 5, 10, 20
 * and 60 days, i.e. 1, 0, 0, 1 and 2 months earlier.
 */
class ReverseFunnelTests {

    static PlanInputs inputs(int year, Integer quarter, String target) {
        return new PlanInputs(year, quarter, new BigDecimal(target), new BigDecimal("100000"), 0.4,
                Map.of(FunnelStage.LEAD, 0.1, FunnelStage.MQL, 0.5, FunnelStage.SAL, 0.8, FunnelStage.SQL, 0.5,
                        FunnelStage.OPPORTUNITY, 0.25),
                Map.of(FunnelStage.LEAD, 30.0, FunnelStage.MQL, 5.0, FunnelStage.SAL, 10.0, FunnelStage.SQL, 20.0,
                        FunnelStage.OPPORTUNITY, 60.0),
                List.of(new PlanInputs.ChannelMix("webinar", 0.5, new BigDecimal("200")),
                        new PlanInputs.ChannelMix("paid", 0.5, new BigDecimal("300"))),
                List.of());
    }

    @Test
    void aYearlyTargetBecomesTheNumberOfEachStageMonthByMonthShiftedEarlierByTheCycleTimes() {
        ReverseFunnel.Plan plan = ReverseFunnel.plan(inputs(2027, null, "12000000"));

        assertThat(plan.totalOrders()).isCloseTo(120, within(1e-9));
        assertThat(plan.needed().get(FunnelStage.WON)).containsEntry(YearMonth.of(2027, 1), 4.0).hasSize(12);
        // opportunities two months before the order, SQL one more month before, SAL and MQL in the SQL's month
        assertThat(plan.needed().get(FunnelStage.OPPORTUNITY)).containsEntry(YearMonth.of(2026, 11), 16.0)
                .containsEntry(YearMonth.of(2027, 10), 16.0).doesNotContainKey(YearMonth.of(2027, 11));
        assertThat(plan.needed().get(FunnelStage.SQL)).containsEntry(YearMonth.of(2026, 10), 32.0);
        assertThat(plan.needed().get(FunnelStage.SAL)).containsEntry(YearMonth.of(2026, 10), 40.0);
        assertThat(plan.needed().get(FunnelStage.MQL)).containsEntry(YearMonth.of(2026, 10), 80.0);
        assertThat(plan.needed().get(FunnelStage.LEAD)).containsEntry(YearMonth.of(2026, 9), 800.0)
                .containsEntry(YearMonth.of(2027, 8), 800.0).hasSize(12);
        assertThat(plan.total(FunnelStage.OPPORTUNITY)).isCloseTo(192, within(1e-9));
        assertThat(plan.total(FunnelStage.SQL)).isCloseTo(384, within(1e-9));
        assertThat(plan.total(FunnelStage.SAL)).isCloseTo(480, within(1e-9));
        assertThat(plan.total(FunnelStage.MQL)).isCloseTo(960, within(1e-9));
        assertThat(plan.total(FunnelStage.LEAD)).isCloseTo(9600, within(1e-9));
    }

    @Test
    void theChannelMixSplitsTheLeadsAndPricesThemAtTheirCostPerLead() {
        ReverseFunnel.Plan plan = ReverseFunnel.plan(inputs(2027, null, "12000000"));

        assertThat(plan.channelLeads().get("webinar")).containsEntry(YearMonth.of(2026, 9), 400.0);
        assertThat(plan.channelBudget()).containsEntry("webinar", new BigDecimal("960000.00"))
                .containsEntry("paid", new BigDecimal("1440000.00"));
        assertThat(plan.budget()).isEqualByComparingTo("2400000");
    }

    @Test
    void shortCycleTimesAddUpBeforeTheyAreRoundedToMonths() {
        // 14, 3, 7, 14 and 60 days: each alone rounds to 0, 0, 0, 0 and 2 months, together they are 98 days
        PlanInputs base = inputs(2027, null, "12000000");
        PlanInputs inputs = new PlanInputs(base.year(), base.quarter(), base.revenueTarget(), base.averageDealSize(),
                base.marketingShare(), base.conversion(), Map.of(FunnelStage.LEAD, 14.0, FunnelStage.MQL, 3.0,
                        FunnelStage.SAL, 7.0, FunnelStage.SQL, 14.0, FunnelStage.OPPORTUNITY, 60.0),
                base.channels(), base.teams());

        ReverseFunnel.Plan plan = ReverseFunnel.plan(inputs);

        // WON in January 2027: opportunities 60 days (2 months) before, SQL at 74 days (2), SAL at 81 (3), MQL at
        // 84 (3), leads at 98 days: three months before, in October 2026
        assertThat(plan.needed().get(FunnelStage.OPPORTUNITY).keySet()).first().isEqualTo(YearMonth.of(2026, 11));
        assertThat(plan.needed().get(FunnelStage.SAL).keySet()).first().isEqualTo(YearMonth.of(2026, 10));
        assertThat(plan.needed().get(FunnelStage.LEAD).keySet()).first().isEqualTo(YearMonth.of(2026, 10));
        assertThat(ReverseFunnel.forward(plan.needed().get(FunnelStage.LEAD), inputs).keySet())
                .containsExactlyElementsOf(inputs.months());
    }

    @Test
    void aQuarterlyTargetFallsInTheQuartersThreeMonths() {
        ReverseFunnel.Plan plan = ReverseFunnel.plan(inputs(2027, 2, "3000000"));

        assertThat(plan.needed().get(FunnelStage.WON).keySet()).containsExactly(YearMonth.of(2027, 4),
                YearMonth.of(2027, 5), YearMonth.of(2027, 6));
        assertThat(plan.needed().get(FunnelStage.LEAD).keySet()).containsExactly(YearMonth.of(2026, 12),
                YearMonth.of(2027, 1), YearMonth.of(2027, 2));
        assertThat(plan.total(FunnelStage.LEAD)).isCloseTo(2400, within(1e-9));
    }

    @Test
    void thePlannedLeadsFedForwardThroughTheSameRatesReproduceTheTargetMonthByMonth() {
        PlanInputs inputs = inputs(2027, null, "12000000");
        ReverseFunnel.Plan plan = ReverseFunnel.plan(inputs);

        Map<YearMonth, Double> orders = ReverseFunnel.forward(plan.needed().get(FunnelStage.LEAD), inputs);

        assertThat(orders.keySet()).containsExactlyElementsOf(inputs.months());
        orders.forEach((month, marketingOrders) -> assertThat(marketingOrders * 100_000 / 0.4)
                .as(month.toString()).isCloseTo(1_000_000, within(1e-6)));
    }

    @Test
    void anyPlanFedForwardReproducesItsTarget() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            Map<FunnelStage, Double> rates = new EnumMap<>(FunnelStage.class);
            Map<FunnelStage, Double> days = new EnumMap<>(FunnelStage.class);
            for (FunnelStage stage : PlanInputs.CONVERTING) {
                rates.put(stage, 0.01 + random.nextDouble() * 0.99);
                days.put(stage, random.nextDouble() * 120);
            }
            BigDecimal target = BigDecimal.valueOf(1 + random.nextInt(50_000_000));
            BigDecimal deal = BigDecimal.valueOf(1 + random.nextInt(500_000));
            double share = 0.05 + random.nextDouble() * 0.95;
            PlanInputs inputs = new PlanInputs(2027, random.nextBoolean() ? null : 1 + random.nextInt(4), target,
                    deal, share, rates, days, List.of(), List.of());

            Map<YearMonth, Double> orders = ReverseFunnel.forward(
                    ReverseFunnel.plan(inputs).needed().get(FunnelStage.LEAD), inputs);

            double revenue = orders.values().stream().mapToDouble(Double::doubleValue).sum() * deal.doubleValue()
                    / share;
            assertThat(revenue).as("run %d", run).isCloseTo(target.doubleValue(),
                    within(target.doubleValue() * 1e-9));
            assertThat(orders.keySet()).containsExactlyElementsOf(inputs.months());
        }
    }

    @Test
    void inputsThePlannerCannotWorkWithAreRefusedFieldByField() {
        PlanInputs bad = new PlanInputs(2027, 5, BigDecimal.ZERO, new BigDecimal("-1"), 1.5,
                Map.of(FunnelStage.LEAD, 0.0), Map.of(),
                List.of(new PlanInputs.ChannelMix("webinar", 0.7, new BigDecimal("10"))), List.of());

        assertThatThrownBy(() -> ReverseFunnel.plan(bad)).isInstanceOfSatisfying(BadInputException.class,
                problem -> assertThat(problem.problems()).extracting(BadInputException.FieldProblem::field)
                        .contains("quarter", "revenueTarget", "averageDealSize", "marketingShare",
                                "conversion.LEAD", "cycleDays.LEAD", "conversion.OPPORTUNITY", "channels"));
    }
}
