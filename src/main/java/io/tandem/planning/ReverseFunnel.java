package io.tandem.planning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tandem.analytics.FunnelStage;

/**
 * The reverse-funnel arithmetic, pure: the target is spread evenly over its months; each month's orders are target ÷
 * deal size, marketing's orders that times its share; each stage before needs the next stage's number ÷ its
 * conversion, as many whole months earlier as the cycle times from it to WON round to (days ÷ 30.4375), less those of the
 * stage after it. Numbers stay fractional;
 * pages round them up. Fed forward through the same rates and shifts, the plan gives back the target exactly.
 */
public final class ReverseFunnel {

    public static final double DAYS_PER_MONTH = 30.4375;

    private ReverseFunnel() {
    }

    /**
     * @param orders all orders needed per month of the target
     * @param needed marketing's funnel: stage → month → entries needed (WON: marketing's orders)
     * @param channelLeads channel → month → leads needed from it
     * @param channelBudget channel → cost of its leads over the whole plan
     */
    public record Plan(Map<YearMonth, Double> revenue, Map<YearMonth, Double> orders,
            Map<FunnelStage, Map<YearMonth, Double>> needed, Map<String, Map<YearMonth, Double>> channelLeads,
            Map<String, BigDecimal> channelBudget) {

        public double total(FunnelStage stage) {
            return needed.get(stage).values().stream().mapToDouble(Double::doubleValue).sum();
        }

        public double totalOrders() {
            return orders.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        public BigDecimal budget() {
            return channelBudget.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * Whole months each converting stage's need lies before the next stage's. The cycle times are added up from WON
     * backwards and each stage's distance from WON is rounded once, so the stages' shifts add up to the rounded total
     * (rounding each stage on its own lost whole months: 14, 3, 7, 14 and 60 days are 0+0+0+0+2 months alone, but 98
     * days — three months — together).
     */
    static Map<FunnelStage, Integer> shifts(PlanInputs inputs) {
        Map<FunnelStage, Integer> shifts = new EnumMap<>(FunnelStage.class);
        double daysToWon = 0;
        int monthsToWon = 0;
        for (int i = PlanInputs.CONVERTING.size() - 1; i >= 0; i--) {
            FunnelStage stage = PlanInputs.CONVERTING.get(i);
            daysToWon += inputs.cycleDays().get(stage);
            int months = (int) Math.round(daysToWon / DAYS_PER_MONTH);
            shifts.put(stage, months - monthsToWon);
            monthsToWon = months;
        }
        return shifts;
    }

    public static Plan plan(PlanInputs inputs) {
        inputs.validated();
        List<YearMonth> months = inputs.months();
        double target = inputs.revenueTarget().doubleValue();
        double deal = inputs.averageDealSize().doubleValue();
        Map<YearMonth, Double> revenue = new TreeMap<>();
        Map<YearMonth, Double> orders = new TreeMap<>();
        Map<FunnelStage, Map<YearMonth, Double>> needed = new EnumMap<>(FunnelStage.class);
        Map<YearMonth, Double> won = new TreeMap<>();
        for (YearMonth month : months) {
            double monthRevenue = target / months.size();
            revenue.put(month, monthRevenue);
            orders.put(month, monthRevenue / deal);
            won.put(month, monthRevenue / deal * inputs.marketingShare());
        }
        needed.put(FunnelStage.WON, won);
        Map<YearMonth, Double> after = won;
        Map<FunnelStage, Integer> shifts = shifts(inputs);
        for (int i = PlanInputs.CONVERTING.size() - 1; i >= 0; i--) {
            FunnelStage stage = PlanInputs.CONVERTING.get(i);
            double rate = inputs.conversion().get(stage);
            int shift = shifts.get(stage);
            Map<YearMonth, Double> before = new TreeMap<>();
            after.forEach((month, count) -> before.merge(month.minusMonths(shift), count / rate, Double::sum));
            needed.put(stage, before);
            after = before;
        }
        Map<FunnelStage, Map<YearMonth, Double>> ordered = new LinkedHashMap<>();
        FunnelStage.ALL.forEach(stage -> ordered.put(stage, needed.get(stage)));
        Map<String, Map<YearMonth, Double>> channelLeads = new LinkedHashMap<>();
        Map<String, BigDecimal> channelBudget = new LinkedHashMap<>();
        for (PlanInputs.ChannelMix mix : inputs.channels()) {
            Map<YearMonth, Double> leads = new TreeMap<>();
            needed.get(FunnelStage.LEAD).forEach((month, count) -> leads.put(month, count * mix.share()));
            channelLeads.put(mix.channel(), leads);
            double total = leads.values().stream().mapToDouble(Double::doubleValue).sum();
            channelBudget.put(mix.channel(), mix.costPerLead().multiply(BigDecimal.valueOf(total))
                    .setScale(2, RoundingMode.HALF_UP));
        }
        return new Plan(revenue, orders, ordered, channelLeads, channelBudget);
    }

    /**
     * The other direction, for checking a plan: leads per month pushed through the same conversions and shifts give
     * the orders per month they would bring.
     */
    public static Map<YearMonth, Double> forward(Map<YearMonth, Double> leads, PlanInputs inputs) {
        Map<YearMonth, Double> current = leads;
        Map<FunnelStage, Integer> shifts = shifts(inputs);
        for (FunnelStage stage : PlanInputs.CONVERTING) {
            double rate = inputs.conversion().get(stage);
            int shift = shifts.get(stage);
            Map<YearMonth, Double> next = new TreeMap<>();
            current.forEach((month, count) -> next.merge(month.plusMonths(shift), count * rate, Double::sum));
            current = next;
        }
        return current;
    }
}
