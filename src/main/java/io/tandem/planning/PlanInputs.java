package io.tandem.planning;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.analytics.FunnelStage;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;

/**
 * What the CGO decides: a revenue target for a year or one of its quarters, the average deal size, marketing's share
 * of orders, each stage's conversion to the next and cycle time, the channel mix with cost per lead, and optionally
 * how the target splits over teams.
 *
 * @param quarter 1–4, or {@code null} for the whole year
 * @param marketingShare 0–1: the share of orders that must come from marketing's leads
 * @param conversion LEAD … OPPORTUNITY → share (0–1] of a stage's entrants that reach the next stage
 * @param cycleDays LEAD … OPPORTUNITY → days from entering the stage to entering the next
 */
public record PlanInputs(Integer year, Integer quarter, BigDecimal revenueTarget, BigDecimal averageDealSize,
        Double marketingShare, Map<FunnelStage, Double> conversion, Map<FunnelStage, Double> cycleDays,
        List<ChannelMix> channels, List<TeamShare> teams) {

    /** @param share 0–1 of marketing's leads; the shares of a plan add up to 1 */
    public record ChannelMix(String channel, double share, BigDecimal costPerLead) {
    }

    /** @param share 0–1 of the target */
    public record TeamShare(UUID teamId, double share) {
    }

    /** The funnel's stages the planner converts through, from leads to opportunities. */
    public static final List<FunnelStage> CONVERTING = List.of(FunnelStage.LEAD, FunnelStage.MQL, FunnelStage.SAL,
            FunnelStage.SQL, FunnelStage.OPPORTUNITY);

    public PlanInputs {
        channels = channels == null ? List.of() : List.copyOf(channels);
        teams = teams == null ? List.of() : List.copyOf(teams);
        conversion = conversion == null ? Map.of() : Map.copyOf(conversion);
        cycleDays = cycleDays == null ? Map.of() : Map.copyOf(cycleDays);
    }

    /** The months the target falls in. */
    public List<YearMonth> months() {
        int first = quarter == null ? 1 : (quarter - 1) * 3 + 1;
        int count = quarter == null ? 12 : 3;
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            months.add(YearMonth.of(year, first + i));
        }
        return months;
    }

    /** Refuses inputs the planner cannot work with, naming every wrong field. */
    public PlanInputs validated() {
        List<FieldProblem> problems = new ArrayList<>();
        if (year == null || year < 2000 || year > 2100) {
            problems.add(new FieldProblem("year", "The year must be between 2000 and 2100"));
        }
        if (quarter != null && (quarter < 1 || quarter > 4)) {
            problems.add(new FieldProblem("quarter", "The quarter must be 1 to 4"));
        }
        if (revenueTarget == null || revenueTarget.signum() <= 0) {
            problems.add(new FieldProblem("revenueTarget", "The revenue target must be more than 0"));
        }
        if (averageDealSize == null || averageDealSize.signum() <= 0) {
            problems.add(new FieldProblem("averageDealSize", "The average deal size must be more than 0"));
        }
        if (marketingShare == null || !(marketingShare > 0 && marketingShare <= 1)) {
            problems.add(new FieldProblem("marketingShare", "Marketing's share of orders must be above 0 % and at most 100 %"));
        }
        for (FunnelStage stage : CONVERTING) {
            Double rate = conversion.get(stage);
            if (rate == null || !(rate > 0 && rate <= 1)) {
                problems.add(new FieldProblem("conversion." + stage,
                        "The conversion from " + stage + " must be above 0 % and at most 100 %"));
            }
            Double days = cycleDays.get(stage);
            if (days == null || days < 0 || days > 3650) {
                problems.add(new FieldProblem("cycleDays." + stage,
                        "The cycle time of " + stage + " must be 0 to 3650 days"));
            }
        }
        if (!channels.isEmpty()) {
            double total = 0;
            for (int i = 0; i < channels.size(); i++) {
                ChannelMix mix = channels.get(i);
                if (mix.channel() == null || mix.channel().isBlank()) {
                    problems.add(new FieldProblem("channels[" + i + "].channel", "Name the channel"));
                }
                if (!(mix.share() >= 0 && mix.share() <= 1)) {
                    problems.add(new FieldProblem("channels[" + i + "].share", "A channel's share must be 0 to 100 %"));
                }
                if (mix.costPerLead() == null || mix.costPerLead().signum() < 0) {
                    problems.add(new FieldProblem("channels[" + i + "].costPerLead",
                            "The cost per lead must be 0 or more"));
                }
                total += mix.share();
            }
            if (Math.abs(total - 1) > 0.0005) {
                problems.add(new FieldProblem("channels", "The channel shares must add up to 100 %"));
            }
        }
        if (!teams.isEmpty()) {
            double total = teams.stream().mapToDouble(TeamShare::share).sum();
            if (Math.abs(total - 1) > 0.0005 || teams.stream().anyMatch(t -> t.teamId() == null || t.share() < 0)) {
                problems.add(new FieldProblem("teams", "The team shares must add up to 100 %"));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.get(0).field() + ": " + problems.get(0).message(), problems);
        }
        return this;
    }
}
