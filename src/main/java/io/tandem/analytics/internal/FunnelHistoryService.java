package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelHistory;
import io.tandem.analytics.FunnelStage;

@Service
class FunnelHistoryService implements FunnelHistory {

    private final FunnelQueries funnel;
    private final DealQueries deals;

    private final ReportWorkers workers;

    FunnelHistoryService(FunnelQueries funnel, DealQueries deals, ReportWorkers workers) {
        this.funnel = funnel;
        this.deals = deals;
        this.workers = workers;
    }

    @Override
    public Defaults defaults(AnalyticsFilter filter) {
        // three independent reads of a year or more of history, side by side
        var velocities = workers.start(() -> funnel.velocity(filter, false));
        var ordersByMonth = workers.start(() -> deals.ordersByMonth(filter));
        FunnelQueries.DailyConversions daily = funnel.conversions(filter);
        Map<FunnelStage, Double> cycle = new EnumMap<>(FunnelStage.class);
        Map<FunnelStage, Instant> cutoffs = new EnumMap<>(FunnelStage.class);
        Instant end = daily.dayBounds().get(daily.dayBounds().size() - 1);
        for (FunnelQueries.Velocity velocity : ReportWorkers.join(velocities)) {
            if (FunnelQueries.FIRST_TOUCH_TO_WON.equals(velocity.step()) || velocity.median() == null) {
                continue;
            }
            FunnelStage stage = FunnelStage.valueOf(velocity.step().substring(0, velocity.step().indexOf('-')));
            cycle.put(stage, velocity.median());
            // Leads that entered a stage less than its usual time to move on before the period's end mostly have
            // not moved on yet: counted, they would pull the rate down.
            cutoffs.put(stage, end.minus(Duration.ofMinutes(Math.round(velocity.p90() * 24 * 60))));
        }
        FunnelQueries.Conversions conversions = daily.before(cutoffs);
        long[] entered = conversions.entered();
        long[] reachedNext = conversions.reachedNext();
        Map<FunnelStage, Double> conversion = new EnumMap<>(FunnelStage.class);
        for (FunnelStage stage : FunnelStage.ALL) {
            if (stage != FunnelStage.WON && entered[stage.ordinal()] > 0) {
                conversion.put(stage, (double) reachedNext[stage.ordinal()] / entered[stage.ordinal()]);
            }
        }
        long orders = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        for (DealQueries.MonthOfOrders month : ReportWorkers.join(ordersByMonth)) {
            orders += month.orders();
            revenue = revenue.add(month.revenue());
        }
        BigDecimal average = orders == 0 ? null
                : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP);
        return new Defaults(conversion, cycle, average, orders);
    }

    @Override
    public Actuals actuals(AnalyticsFilter filter) {
        Map<FunnelStage, Map<YearMonth, Long>> entries = new EnumMap<>(FunnelStage.class);
        FunnelStage.ALL.forEach(stage -> entries.put(stage, new TreeMap<>()));
        for (FunnelQueries.Entry entry : funnel.entries(filter, Dimension.NONE, null)) {
            entries.get(entry.stage()).merge(entry.month(), entry.entered(), Long::sum);
        }
        Map<YearMonth, BigDecimal> revenue = new TreeMap<>();
        Map<YearMonth, Long> orders = new TreeMap<>();
        for (DealQueries.MonthOfOrders month : deals.ordersByMonth(filter)) {
            revenue.put(month.month(), month.revenue());
            orders.put(month.month(), month.orders());
        }
        return new Actuals(entries, revenue, orders);
    }
}
