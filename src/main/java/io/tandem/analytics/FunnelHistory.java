package io.tandem.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;

/** What the planner learns from history and compares its plan with. */
public interface FunnelHistory {

    /**
     * Conversion from each stage to the next among the leads that entered it in the period (ever reached), the median
     * days between the two first entries, and the average order amount of orders won in the period.
     */
    Defaults defaults(AnalyticsFilter filter);

    /** First entries per stage and month in the period (period-based counts), and order revenue per month. */
    Actuals actuals(AnalyticsFilter filter);

    /**
     * @param conversion stage → share (0–1) of its entrants that reached the next stage, counting only the entrants
     *        that entered at least the step's 90th-percentile cycle time before the period's end (younger ones mostly
     *        have not had time to move on; if that leaves none, all); absent without entrants
     * @param cycleDays stage → median days from its first entry to the next stage's; absent without such leads
     * @param averageDealSize {@code null} without orders
     */
    record Defaults(Map<FunnelStage, Double> conversion, Map<FunnelStage, Double> cycleDays,
            BigDecimal averageDealSize, long orders) {
    }

    /** @param entries stage → month → leads that first entered the stage in the month */
    record Actuals(Map<FunnelStage, Map<YearMonth, Long>> entries, Map<YearMonth, BigDecimal> revenue,
            Map<YearMonth, Long> orders) {
    }
}
