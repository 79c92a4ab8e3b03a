package io.tandem.analytics.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.AttributionModel;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.security.UserDirectory;

/** The dashboards' figures, assembled from the queries and labelled for people (campaign and user names). */
@Service
public class Reports {

    private final FunnelQueries funnel;
    private final DealQueries deals;
    private final UserDirectory users;
    private final ReportWorkers workers;

    Reports(FunnelQueries funnel, DealQueries deals, UserDirectory users, ReportWorkers workers) {
        this.funnel = funnel;
        this.deals = deals;
        this.users = users;
        this.workers = workers;
    }

    /**
     * The cohort of {@code cohort} per breakdown key: entered, and reached each stage (index by
     * {@link FunnelStage#ordinal()}).
     */
    public record CohortRow(String key, String label, long entered, long[] reached) {

        public Double percent(FunnelStage stage) {
            return entered == 0 ? null : 100.0 * reached[stage.ordinal()] / entered;
        }

        public long reached(FunnelStage stage) {
            return reached[stage.ordinal()];
        }
    }

    /**
     * @param pairsEntered stage X → leads that entered X in the period
     * @param pairsReached [X][Y] → of them, reached Y
     * @param perMonth stage → month → first entries (period-based)
     */
    public record FunnelView(FunnelStage cohort, Dimension dimension, List<CohortRow> rows, CohortRow total,
            long[] pairsEntered, long[][] pairsReached, Map<FunnelStage, Map<YearMonth, Long>> perMonth,
            List<YearMonth> months) {

        public Double pairPercent(FunnelStage from, FunnelStage to) {
            long entered = pairsEntered[from.ordinal()];
            return entered == 0 ? null : 100.0 * pairsReached[from.ordinal()][to.ordinal()] / entered;
        }

        public long pairReached(FunnelStage from, FunnelStage to) {
            return pairsReached[from.ordinal()][to.ordinal()];
        }

        public long pairEntered(FunnelStage from) {
            return pairsEntered[from.ordinal()];
        }
    }

    public FunnelView funnel(AnalyticsFilter filter, Dimension dimension, FunnelStage cohort, Integer withinDays) {
        List<FunnelQueries.Entry> entries = funnel.entries(filter, dimension, withinDays);
        int n = FunnelStage.ALL.size();
        long[] pairsEntered = new long[n];
        long[][] pairsReached = new long[n][n];
        Map<String, long[]> byKey = new LinkedHashMap<>();
        Map<FunnelStage, Map<YearMonth, Long>> perMonth = new LinkedHashMap<>();
        FunnelStage.ALL.forEach(stage -> perMonth.put(stage, new TreeMap<>()));
        for (FunnelQueries.Entry entry : entries) {
            int x = entry.stage().ordinal();
            pairsEntered[x] += entry.entered();
            pairsReached[x][x] += entry.entered();
            for (int y = x + 1; y < n; y++) {
                pairsReached[x][y] += entry.reached()[y];
            }
            perMonth.get(entry.stage()).merge(entry.month(), entry.entered(), Long::sum);
            if (entry.stage() == cohort) {
                long[] sums = byKey.computeIfAbsent(entry.bucket(), key -> new long[n + 1]);
                sums[n] += entry.entered();
                sums[x] += entry.entered();
                for (int y = x + 1; y < n; y++) {
                    sums[y] += entry.reached()[y];
                }
            }
        }
        Map<String, String> labels = labels(dimension, byKey.keySet());
        List<CohortRow> rows = new ArrayList<>();
        byKey.forEach((key, sums) -> rows.add(new CohortRow(key, labels.getOrDefault(key, key), sums[n],
                java.util.Arrays.copyOf(sums, n))));
        rows.sort(Comparator.comparingLong(CohortRow::entered).reversed().thenComparing(CohortRow::key));
        if (dimension == Dimension.MONTH) {
            rows.sort(Comparator.comparing(CohortRow::key));
        }
        long[] total = new long[n];
        for (int y = cohort.ordinal(); y < n; y++) {
            total[y] = pairsReached[cohort.ordinal()][y];
        }
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth month = YearMonth.from(filter.from()); !month.isAfter(YearMonth.from(filter.to()));
                month = month.plusMonths(1)) {
            months.add(month);
        }
        return new FunnelView(cohort, dimension, rows,
                new CohortRow("", "", pairsEntered[cohort.ordinal()], total), pairsEntered, pairsReached, perMonth,
                months);
    }

    public List<FunnelQueries.Velocity> velocity(AnalyticsFilter filter) {
        return funnel.velocity(filter);
    }

    public Map<String, Long> aging(AnalyticsFilter filter, int days) {
        return funnel.aging(filter, days);
    }

    public FunnelQueries.Leaks leaks(AnalyticsFilter filter) {
        return funnel.leaks(filter);
    }

    /** One attribution line: a campaign or a channel ({@code key} empty: no campaign touch). */
    public record CreditLine(String key, String label, BigDecimal pipeline, BigDecimal revenue) {
    }

    /** Marketing's contribution and the attribution under one model, from one read of the deals. */
    public record DealsView(DealQueries.Contribution contribution, List<CreditLine> credits, BigDecimal pipeline,
            BigDecimal revenue, List<DealQueries.RoiLine> roi, Map<UUID, DealQueries.Credit> byCampaign) {
    }

    /** Marketing's contribution alone, without crediting campaigns (the executive dashboard shows no attribution). */
    public DealQueries.Contribution contribution(AnalyticsFilter filter) {
        var tally = new DealQueries.ContributionTally();
        deals.eachDeal(filter, tally);
        return tally.contribution();
    }

    public DealsView deals(AnalyticsFilter filter, AttributionModel model, int halfLifeDays, boolean byChannel,
            boolean withRoi) {
        // the campaigns' own counts do not depend on the deals: read side by side
        java.util.concurrent.CompletableFuture<List<DealQueries.CampaignFunnel>> campaignFunnels = withRoi
                ? workers.start(() -> deals.campaignFunnels(filter)) : null;
        var contributionTally = new DealQueries.ContributionTally();
        var attributionTally = new DealQueries.AttributionTally(model, Duration.ofDays(halfLifeDays));
        deals.eachDeal(filter, contributionTally.andThen(attributionTally));
        Map<UUID, DealQueries.Credit> credits = attributionTally.credits();
        Map<UUID, DealQueries.CampaignInfo> campaigns = deals.campaigns(credits.keySet());
        Map<String, BigDecimal[]> lines = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        credits.forEach((id, credit) -> {
            DealQueries.CampaignInfo info = id == null ? null : campaigns.get(id);
            String key = id == null ? "" : byChannel ? (info == null || info.channel() == null ? "-" : info.channel())
                    : id.toString();
            labels.put(key, id == null ? "" : byChannel ? key : info == null ? id.toString() : info.name());
            BigDecimal[] sum = lines.computeIfAbsent(key, k -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            sum[0] = sum[0].add(credit.pipeline());
            sum[1] = sum[1].add(credit.revenue());
        });
        List<CreditLine> creditLines = new ArrayList<>();
        lines.forEach((key, sum) -> {
            if (sum[0].signum() != 0 || sum[1].signum() != 0) {
                creditLines.add(new CreditLine(key, labels.get(key), sum[0], sum[1]));
            }
        });
        creditLines.sort(Comparator.comparing(CreditLine::revenue).thenComparing(CreditLine::pipeline).reversed());
        DealQueries.Contribution contribution = contributionTally.contribution();
        List<DealQueries.RoiLine> roi = withRoi ? DealQueries.roi(ReportWorkers.join(campaignFunnels), credits)
                : List.of();
        return new DealsView(contribution, creditLines, contribution.pipeline().total(),
                contribution.revenue().total(), roi, credits);
    }

    public record QualityView(List<DealQueries.QualityLine> lines, List<DealQueries.AcceptanceLine> acceptance,
            Map<UUID, String> campaignNames) {
    }

    public QualityView quality(AnalyticsFilter filter) {
        List<DealQueries.QualityLine> lines = deals.quality(filter);
        Map<UUID, String> names = new LinkedHashMap<>();
        deals.campaigns(lines.stream().map(DealQueries.QualityLine::campaignId).toList())
                .forEach((id, info) -> names.put(id, info.name()));
        return new QualityView(lines, deals.acceptance(filter), names);
    }

    /** Readable names of breakdown keys: campaigns, people and teams by name. */
    public Map<String, String> labels(Dimension dimension, Collection<String> keys) {
        Map<String, String> labels = new LinkedHashMap<>();
        Set<UUID> ids = new HashSet<>();
        for (String key : keys) {
            if (key != null && key.length() == 36) {
                try {
                    ids.add(UUID.fromString(key));
                } catch (IllegalArgumentException ignored) {
                    // not an id
                }
            }
        }
        switch (dimension) {
            case CAMPAIGN -> deals.campaigns(ids).forEach((id, info) -> labels.put(id.toString(), info.name()));
            case SDR, REP -> users.displayNames(ids).forEach((id, name) -> labels.put(id.toString(), name));
            case TEAM -> users.teamSummaries().stream().filter(t -> ids.contains(t.id()))
                    .forEach(t -> labels.put(t.id().toString(), t.name()));
            default -> {
            }
        }
        return labels;
    }
}
