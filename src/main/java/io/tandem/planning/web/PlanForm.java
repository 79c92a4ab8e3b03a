package io.tandem.planning.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.analytics.FunnelStage;
import io.tandem.planning.PlanInputs;
import io.tandem.shared.BadInputException;

/** The planner's form: percentages as people type them (40 for 40 %), one row per channel and team. */
public record PlanForm(String name, String note, Integer year, Integer quarter, BigDecimal revenueTarget,
        BigDecimal averageDealSize, Double marketingShare, Double convLead, Double convMql, Double convSal,
        Double convSql, Double convOpportunity, Double cycleLead, Double cycleMql, Double cycleSal, Double cycleSql,
        Double cycleOpportunity, List<String> channel, List<Double> channelShare, List<BigDecimal> channelCost,
        List<UUID> team, List<Double> teamShare) {

    /** The same form without its empty channel and team rows (the page adds fresh empty ones). */
    public PlanForm compact() {
        List<String> channels = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<BigDecimal> costs = new ArrayList<>();
        for (int i = 0; channel != null && i < channel.size(); i++) {
            boolean blank = (channel.get(i) == null || channel.get(i).isBlank()) && at(channelShare, i) == null
                    && (channelCost == null || i >= channelCost.size() || channelCost.get(i) == null);
            if (!blank) {
                channels.add(channel.get(i));
                shares.add(at(channelShare, i));
                costs.add(channelCost == null || i >= channelCost.size() ? null : channelCost.get(i));
            }
        }
        List<UUID> teams = new ArrayList<>();
        List<Double> teamShares = new ArrayList<>();
        for (int i = 0; team != null && i < team.size(); i++) {
            if (team.get(i) != null || at(teamShare, i) != null) {
                teams.add(team.get(i));
                teamShares.add(at(teamShare, i));
            }
        }
        return new PlanForm(name, note, year, quarter, revenueTarget, averageDealSize, marketingShare, convLead,
                convMql, convSal, convSql, convOpportunity, cycleLead, cycleMql, cycleSal, cycleSql, cycleOpportunity,
                channels, shares, costs, teams, teamShares);
    }

    public static PlanForm of(String name, PlanInputs inputs) {
        Map<FunnelStage, Double> c = inputs.conversion();
        Map<FunnelStage, Double> d = inputs.cycleDays();
        List<String> channels = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<BigDecimal> costs = new ArrayList<>();
        inputs.channels().forEach(mix -> {
            channels.add(mix.channel());
            shares.add(percent(mix.share()));
            costs.add(mix.costPerLead());
        });
        List<UUID> teams = new ArrayList<>();
        List<Double> teamShares = new ArrayList<>();
        inputs.teams().forEach(t -> {
            teams.add(t.teamId());
            teamShares.add(percent(t.share()));
        });
        return new PlanForm(name, null, inputs.year(), inputs.quarter(), inputs.revenueTarget(),
                inputs.averageDealSize(), percent(inputs.marketingShare()), percent(c.get(FunnelStage.LEAD)),
                percent(c.get(FunnelStage.MQL)), percent(c.get(FunnelStage.SAL)), percent(c.get(FunnelStage.SQL)),
                percent(c.get(FunnelStage.OPPORTUNITY)), d.get(FunnelStage.LEAD), d.get(FunnelStage.MQL),
                d.get(FunnelStage.SAL), d.get(FunnelStage.SQL), d.get(FunnelStage.OPPORTUNITY), channels, shares,
                costs, teams, teamShares);
    }

    private static Double percent(Double share) {
        return share == null ? null : Math.round(share * 1_000_000) / 10_000.0;
    }

    public PlanInputs inputs() {
        List<BadInputException.FieldProblem> missing = new ArrayList<>();
        if (year == null) {
            missing.add(new BadInputException.FieldProblem("year", "Give the year"));
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("year: Give the year", missing);
        }
        Map<FunnelStage, Double> conversion = new EnumMap<>(FunnelStage.class);
        put(conversion, FunnelStage.LEAD, share(convLead));
        put(conversion, FunnelStage.MQL, share(convMql));
        put(conversion, FunnelStage.SAL, share(convSal));
        put(conversion, FunnelStage.SQL, share(convSql));
        put(conversion, FunnelStage.OPPORTUNITY, share(convOpportunity));
        Map<FunnelStage, Double> cycle = new EnumMap<>(FunnelStage.class);
        put(cycle, FunnelStage.LEAD, cycleLead);
        put(cycle, FunnelStage.MQL, cycleMql);
        put(cycle, FunnelStage.SAL, cycleSal);
        put(cycle, FunnelStage.SQL, cycleSql);
        put(cycle, FunnelStage.OPPORTUNITY, cycleOpportunity);
        List<PlanInputs.ChannelMix> channels = new ArrayList<>();
        if (channel != null) {
            for (int i = 0; i < channel.size(); i++) {
                String name = channel.get(i);
                if (name == null || name.isBlank()) {
                    continue;
                }
                Double share = at(channelShare, i);
                BigDecimal cost = channelCost == null || i >= channelCost.size() ? null : channelCost.get(i);
                channels.add(new PlanInputs.ChannelMix(name.strip(), share == null ? -1 : share / 100, cost));
            }
        }
        List<PlanInputs.TeamShare> teams = new ArrayList<>();
        if (team != null) {
            for (int i = 0; i < team.size(); i++) {
                if (team.get(i) != null) {
                    Double share = at(teamShare, i);
                    teams.add(new PlanInputs.TeamShare(team.get(i), share == null ? -1 : share / 100));
                }
            }
        }
        return new PlanInputs(year, quarter, revenueTarget, averageDealSize,
                marketingShare == null ? -1 : marketingShare / 100, conversion, cycle, channels, teams).validated();
    }

    private static Double at(List<Double> values, int i) {
        return values == null || i >= values.size() ? null : values.get(i);
    }

    private static Double share(Double percent) {
        return percent == null ? null : percent / 100;
    }

    private static void put(Map<FunnelStage, Double> map, FunnelStage stage, Double value) {
        if (value != null) {
            map.put(stage, value);
        }
    }
}
