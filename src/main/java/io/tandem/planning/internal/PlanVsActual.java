package io.tandem.planning.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.FunnelHistory;
import io.tandem.analytics.FunnelStage;
import io.tandem.planning.PlanInputs;
import io.tandem.planning.ReverseFunnel;

/**
 * A plan against what happened: per stage and month the planned entries (marketing's funnel) beside the leads that
 * first entered the stage, and planned revenue beside order revenue; to date (the months before the current one, and
 * of the current month the share of its days gone by), the pace (actual ÷ planned to date) and the projected
 * attainment (the target × revenue's pace). For a team,
 * the plan is its share of the plan and the actuals are the leads and deals its people own.
 */
@Component
public class PlanVsActual {

    private final FunnelHistory history;
    private final Clock clock;
    private final ZoneId zone;

    PlanVsActual(FunnelHistory history, Clock clock, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.history = history;
        this.clock = clock;
        this.zone = zone;
    }

    /** @param key a funnel stage's name or REVENUE */
    public record Line(String key, Map<YearMonth, Double> planned, Map<YearMonth, Double> actual, double plannedToDate,
            double actualToDate) {

        /** Actual ÷ planned to date in percent; {@code null} before anything was planned. */
        public Double pacePercent() {
            return plannedToDate <= 0 ? null : 100.0 * actualToDate / plannedToDate;
        }

        public boolean behind() {
            Double pace = pacePercent();
            return pace != null && pace < 100;
        }
    }

    /**
     * @param factor the share of the plan that applies (1, or the team's share); {@code null}: the team has none
     * @param projectedRevenue the target times the revenue's pace; {@code null} before any revenue was due
     */
    public record Comparison(List<YearMonth> months, List<Line> lines, YearMonth currentMonth, Double factor,
            double target, Double projectedRevenue) {

        public Double projectedAttainmentPercent() {
            return projectedRevenue == null || target <= 0 ? null : 100.0 * projectedRevenue / target;
        }
    }

    public Comparison compare(PlanInputs inputs, UUID team) {
        ReverseFunnel.Plan plan = ReverseFunnel.plan(inputs);
        Double factor = 1.0;
        if (team != null) {
            factor = inputs.teams().stream().filter(t -> team.equals(t.teamId())).map(PlanInputs.TeamShare::share)
                    .findFirst().orElse(null);
        }
        TreeSet<YearMonth> months = new TreeSet<>();
        plan.needed().values().forEach(byMonth -> months.addAll(byMonth.keySet()));
        LocalDate today = LocalDate.now(clock.withZone(zone));
        YearMonth current = YearMonth.from(today);
        // the current month is due as far as it has gone: its 15th day of 30 owes half its plan
        double elapsed = (double) today.getDayOfMonth() / today.lengthOfMonth();
        AnalyticsFilter filter = AnalyticsFilter.period(months.first().atDay(1), months.last().atEndOfMonth())
                .withTeam(team);
        FunnelHistory.Actuals actuals = history.actuals(filter);
        List<Line> lines = new ArrayList<>();
        for (FunnelStage stage : PlanInputs.CONVERTING) {
            Map<YearMonth, Double> actual = new TreeMap<>();
            actuals.entries().get(stage).forEach((month, count) -> actual.put(month, count.doubleValue()));
            lines.add(line(stage.name(), scaled(plan.needed().get(stage), factor), actual, current, elapsed));
        }
        Map<YearMonth, Double> orders = new TreeMap<>();
        actuals.orders().forEach((month, count) -> orders.put(month, count.doubleValue()));
        lines.add(line("ORDERS", scaled(plan.orders(), factor), orders, current, elapsed));
        Map<YearMonth, Double> revenue = new TreeMap<>();
        actuals.revenue().forEach((month, amount) -> revenue.put(month, amount.doubleValue()));
        Line revenueLine = line("REVENUE", scaled(plan.revenue(), factor), revenue, current, elapsed);
        lines.add(revenueLine);
        double target = inputs.revenueTarget().doubleValue() * (factor == null ? 0 : factor);
        Double projected = revenueLine.plannedToDate() <= 0 ? null
                : target * revenueLine.actualToDate() / revenueLine.plannedToDate();
        return new Comparison(List.copyOf(months), lines, current, factor, target, projected);
    }

    private static Map<YearMonth, Double> scaled(Map<YearMonth, Double> planned, Double factor) {
        Map<YearMonth, Double> scaled = new TreeMap<>();
        if (factor != null) {
            planned.forEach((month, value) -> scaled.put(month, value * factor));
        }
        return scaled;
    }

    private static Line line(String key, Map<YearMonth, Double> planned, Map<YearMonth, Double> actual,
            YearMonth current, double elapsed) {
        double plannedToDate = planned.entrySet().stream().filter(e -> e.getKey().isBefore(current))
                .mapToDouble(Map.Entry::getValue).sum() + planned.getOrDefault(current, 0.0) * elapsed;
        double actualToDate = actual.entrySet().stream().filter(e -> !e.getKey().isAfter(current))
                .mapToDouble(Map.Entry::getValue).sum();
        return new Line(key, planned, actual, plannedToDate, actualToDate);
    }

    static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP);
    }
}
