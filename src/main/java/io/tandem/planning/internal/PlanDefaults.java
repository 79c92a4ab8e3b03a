package io.tandem.planning.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.FunnelHistory;
import io.tandem.analytics.FunnelStage;
import io.tandem.planning.PlanInputs;

/**
 * A new plan's starting inputs: conversions, cycle times and deal size from the last N months of history (the same
 * figures as the dashboards'), and rules of thumb where history has none yet.
 */
@Component
public class PlanDefaults {

    static final Map<FunnelStage, Double> FALLBACK_CONVERSION = Map.of(FunnelStage.LEAD, 0.2, FunnelStage.MQL, 0.5,
            FunnelStage.SAL, 0.7, FunnelStage.SQL, 0.6, FunnelStage.OPPORTUNITY, 0.25);
    static final Map<FunnelStage, Double> FALLBACK_CYCLE = Map.of(FunnelStage.LEAD, 14.0, FunnelStage.MQL, 3.0,
            FunnelStage.SAL, 7.0, FunnelStage.SQL, 14.0, FunnelStage.OPPORTUNITY, 60.0);

    private final FunnelHistory history;
    private final Clock clock;
    private final ZoneId zone;
    /**
     * Learning from a year of a million leads reads every stage entry of the year (about a second); the answer is the
     * same all day, so it is kept for ten minutes per day and number of months.
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, FunnelHistory.Defaults> learned =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(java.time.Duration.ofMinutes(10)).maximumSize(100).build();

    PlanDefaults(FunnelHistory history, Clock clock, @Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.history = history;
        this.clock = clock;
        this.zone = zone;
    }

    public record Learned(PlanInputs inputs, FunnelHistory.Defaults history, int months) {
    }

    public Learned defaults(int months) {
        if (months < 1 || months > 60) {
            throw io.tandem.shared.BadInputException.of("months", "must be between 1 and 60");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        FunnelHistory.Defaults learned = this.learned.get(today + "/" + months, key -> history.defaults(
                AnalyticsFilter.period(today.minusMonths(months).plusDays(1), today)));
        Map<FunnelStage, Double> conversion = new EnumMap<>(FunnelStage.class);
        Map<FunnelStage, Double> cycle = new EnumMap<>(FunnelStage.class);
        for (FunnelStage stage : PlanInputs.CONVERTING) {
            Double rate = learned.conversion().get(stage);
            conversion.put(stage, rate == null || rate <= 0 ? FALLBACK_CONVERSION.get(stage) : round(rate, 4));
            Double days = learned.cycleDays().get(stage);
            cycle.put(stage, days == null ? FALLBACK_CYCLE.get(stage) : round(days, 1));
        }
        BigDecimal deal = learned.averageDealSize() == null ? new BigDecimal("100000") : learned.averageDealSize();
        PlanInputs inputs = new PlanInputs(today.getYear() + (today.getMonthValue() >= 10 ? 1 : 0), null,
                new BigDecimal("10000000"), deal, 0.4, conversion, cycle,
                List.of(new PlanInputs.ChannelMix("all", 1.0, new BigDecimal("200"))), List.of());
        return new Learned(inputs, learned, months);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
