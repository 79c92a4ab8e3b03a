package io.tandem.analytics.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.analytics.internal.DealQueries;
import io.tandem.analytics.internal.FunnelQueries;
import io.tandem.analytics.internal.Reports;
import io.tandem.shared.web.Ui;

/**
 * The dashboards' figures for machines (BI tools, spreadsheets): the same URL parameters as the pages
 * ({@code from, to, source, campaign, channel, region, industry, sdr, rep, team, by, model, halfLife, within, aging,
 * cohort, group}); a wrong value is a problem+json naming it.
 */
@Tag(name = "Analytics")
@RestController
@RequestMapping("/api/v1/analytics")
@PreAuthorize("hasAuthority('SCOPE_read') and hasAnyRole('ADMIN','MARKETING','SALES_MANAGER','EXECUTIVE')")
class AnalyticsApi {

    private final Reports reports;
    private final Clock clock;
    private final Ui ui;

    AnalyticsApi(Reports reports, Clock clock, Ui ui) {
        this.reports = reports;
        this.clock = clock;
        this.ui = ui;
    }

    record CohortLine(String key, String label, long entered, Map<FunnelStage, Long> reached) {
    }

    record PairLine(FunnelStage from, FunnelStage to, long entered, long reached, Double percent) {
    }

    record FunnelAnswer(String from, String to, FunnelStage cohort, Dimension by, Integer withinDays,
            List<CohortLine> cohorts, List<PairLine> pairs, Map<FunnelStage, Map<String, Long>> perMonth) {
    }

    @Operation(summary = "Funnel: cohort conversion by breakdown, conversion between every pair of stages, first "
            + "entries per stage and month")
    @GetMapping("/funnel")
    FunnelAnswer funnel(ReportParams params) {
        ReportParams p = params.withDefaults(clock, ui.zone());
        Reports.FunnelView view = reports.funnel(p.filter(), p.dimension(Dimension.NONE), p.cohortStage(),
                p.withinDays());
        List<CohortLine> cohorts = view.rows().stream().map(row -> {
            Map<FunnelStage, Long> reached = new LinkedHashMap<>();
            FunnelStage.ALL.stream().filter(s -> s.ordinal() > view.cohort().ordinal())
                    .forEach(s -> reached.put(s, row.reached(s)));
            return new CohortLine(row.key(), row.label(), row.entered(), reached);
        }).toList();
        List<PairLine> pairs = new ArrayList<>();
        for (FunnelStage from : FunnelStage.ALL) {
            for (FunnelStage to : FunnelStage.ALL) {
                if (to.ordinal() > from.ordinal()) {
                    pairs.add(new PairLine(from, to, view.pairEntered(from), view.pairReached(from, to),
                            view.pairPercent(from, to)));
                }
            }
        }
        Map<FunnelStage, Map<String, Long>> perMonth = new LinkedHashMap<>();
        view.perMonth().forEach((stage, months) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            months.forEach((month, count) -> counts.put(month.toString(), count));
            perMonth.put(stage, counts);
        });
        return new FunnelAnswer(p.from().toString(), p.to().toString(), view.cohort(), view.dimension(),
                p.withinDays(), cohorts, pairs, perMonth);
    }

    record VelocityAnswer(List<FunnelQueries.Velocity> steps, Map<String, Long> aging, int agingDays,
            FunnelQueries.Leaks leaks) {
    }

    @Operation(summary = "Velocity (median, mean, p90 days per step), aging and leaks")
    @GetMapping("/velocity")
    VelocityAnswer velocity(ReportParams params) {
        ReportParams p = params.withDefaults(clock, ui.zone());
        return new VelocityAnswer(reports.velocity(p.filter()), reports.aging(p.filter(), p.agingDays()),
                p.agingDays(), reports.leaks(p.filter()));
    }

    record AttributionAnswer(String model, int halfLifeDays, String group, DealQueries.Contribution contribution,
            List<Reports.CreditLine> credits, BigDecimal pipeline, BigDecimal revenue,
            List<DealQueries.RoiLine> roi) {
    }

    @Operation(summary = "Marketing's contribution, attribution of pipeline and revenue under a model, campaign ROI",
            description = "model: FIRST_TOUCH, LAST_TOUCH, LEAD_CREATION, LINEAR, U_SHAPED, W_SHAPED, TIME_DECAY "
                    + "(halfLife days), FULL_PATH; group=channel credits channels instead of campaigns.")
    @GetMapping("/attribution")
    AttributionAnswer attribution(ReportParams params) {
        ReportParams p = params.withDefaults(clock, ui.zone());
        Reports.DealsView deals = reports.deals(p.filter(), p.attributionModel(), p.halfLifeDays(), p.byChannel(),
                true);
        return new AttributionAnswer(p.attributionModel().name(), p.halfLifeDays(),
                p.byChannel() ? "channel" : "campaign", deals.contribution(), deals.credits(), deals.pipeline(),
                deals.revenue(), deals.roi());
    }

    @Operation(summary = "Lead quality: refused transfers and disqualifications by source, campaign and reason")
    @GetMapping("/quality")
    Reports.QualityView quality(ReportParams params) {
        ReportParams p = params.withDefaults(clock, ui.zone());
        return reports.quality(p.filter());
    }
}
