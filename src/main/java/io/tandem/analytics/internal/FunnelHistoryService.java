package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumMap;
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
        // the orders are read alongside; the conversions wait for the cycle times, which say whose entry is too recent
        var ordersByMonth = workers.start(() -> deals.ordersByMonth(filter));
        Map<FunnelStage, Double> cycle = new EnumMap<>(FunnelStage.class);
        Map<FunnelStage, Duration> minimumAge = new EnumMap<>(FunnelStage.class);
        for (FunnelQueries.Velocity velocity : funnel.velocity(filter, false)) {
            if (FunnelQueries.FIRST_TOUCH_TO_WON.equals(velocity.step()) || velocity.median() == null) {
                continue;
            }
            FunnelStage stage = FunnelStage.valueOf(velocity.step().substring(0, velocity.step().indexOf('-')));
            cycle.put(stage, velocity.median());
            // Leads that entered a stage less than its usual time to move on before the period's end mostly have
            // not moved on yet: counted, they would pull the rate down.
            minimumAge.put(stage, Duration.ofMinutes(Math.round(velocity.p90() * 24 * 60)));
        }
        FunnelQueries.Conversions conversions = funnel.conversions(filter, minimumAge);
        FunnelQueries.Conversions all = null;
        long[] entered = conversions.entered();
        long[] reachedNext = conversions.reachedNext();
        Map<FunnelStage, Double> conversion = new EnumMap<>(FunnelStage.class);
        for (FunnelStage stage : FunnelStage.ALL) {
            int x = stage.ordinal();
            if (stage != FunnelStage.WON && entered[x] == 0 && minimumAge.containsKey(stage)) {
                // nobody entered early enough: every entrant counts, as the best there is
                all = all != null ? all : funnel.conversions(filter, Map.of());
                entered[x] = all.entered()[x];
                reachedNext[x] = all.reachedNext()[x];
            }
            if (stage != FunnelStage.WON && entered[x] > 0) {
                conversion.put(stage, (double) reachedNext[x] / entered[x]);
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
