package io.tandem.analytics.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tandem.analytics.AttributionModel;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.analytics.internal.DealQueries;
import io.tandem.analytics.internal.DrillDown;
import io.tandem.analytics.internal.FunnelQueries;
import io.tandem.analytics.internal.ReportWorkers;
import io.tandem.analytics.internal.Reports;
import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadScope;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The executive, marketing and sales dashboards and the list of leads behind each figure. Everything a view shows is
 * in its URL. Open to executives, marketing, sales managers and admins.
 */
@Controller
@RequestMapping("/analytics")
@PreAuthorize("hasAnyRole('ADMIN','MARKETING','SALES_MANAGER','EXECUTIVE')")
class DashboardController {

    private final Reports reports;
    private final DrillDown drillDown;
    private final UserDirectory users;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;
    private final Ui ui;
    private final Exports exports;
    private final ReportWorkers workers;
    private final LeadAccess access;
    private final AuditLog audit;
    private final CurrentActor actor;
    private final TransactionTemplate transactions;

    DashboardController(Reports reports, DrillDown drillDown, UserDirectory users, MessageSource messages,
            JsonMapper json, Clock clock, Ui ui, Exports exports, ReportWorkers workers, LeadAccess access,
            AuditLog audit, CurrentActor actor, TransactionTemplate transactions) {
        this.workers = workers;
        this.transactions = transactions;
        this.access = access;
        this.audit = audit;
        this.actor = actor;
        this.reports = reports;
        this.drillDown = drillDown;
        this.users = users;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
        this.ui = ui;
        this.exports = exports;
    }

    @GetMapping
    String start() {
        return "redirect:/analytics/executive";
    }

    @GetMapping("/executive")
    String executive(ReportParams params, Model model) {
        ReportParams p = common(params, model, "executive");
        CompletableFuture<Reports.FunnelView> funnelRead = workers.start(
                () -> reports.funnel(p.filter(), Dimension.NONE, FunnelStage.LEAD, p.withinDays()));
        CompletableFuture<List<FunnelQueries.Velocity>> velocity = workers.start(() -> reports.velocity(p.filter()));
        DealQueries.Contribution contribution = reports.contribution(p.filter());
        Reports.FunnelView funnel = ReportWorkers.join(funnelRead);
        model.addAttribute("contribution", contribution);
        model.addAttribute("funnel", funnel);
        model.addAttribute("velocity", ReportWorkers.join(velocity));
        model.addAttribute("funnelChart", json.writeValueAsString(funnelChart(funnel, p)));
        model.addAttribute("flowChart", json.writeValueAsString(flowChart(funnel, p)));
        model.addAttribute("contributionChart", json.writeValueAsString(contributionChart(contribution, p)));
        model.addAttribute("trendChart", json.writeValueAsString(trendChart(funnel, p,
                List.of(FunnelStage.LEAD, FunnelStage.MQL, FunnelStage.SQL, FunnelStage.WON))));
        return "analytics/executive";
    }

    @GetMapping("/marketing")
    String marketing(ReportParams params, Model model) {
        ReportParams p = common(params, model, "marketing");
        Dimension dimension = p.dimension(Dimension.SOURCE);
        CompletableFuture<Reports.FunnelView> funnelRead = workers.start(
                () -> reports.funnel(p.filter(), dimension, p.cohortStage(), p.withinDays()));
        CompletableFuture<Reports.QualityView> quality = workers.start(() -> reports.quality(p.filter()));
        Reports.DealsView deals = reports.deals(p.filter(), p.attributionModel(), p.halfLifeDays(), p.byChannel(),
                true);
        Reports.FunnelView funnel = ReportWorkers.join(funnelRead);
        model.addAttribute("dimension", dimension);
        model.addAttribute("deals", deals);
        model.addAttribute("funnel", funnel);
        model.addAttribute("quality", ReportWorkers.join(quality));
        model.addAttribute("attributionChart", json.writeValueAsString(attributionChart(deals, p)));
        model.addAttribute("breakdownChart", json.writeValueAsString(breakdownChart(funnel, dimension, p)));
        model.addAttribute("trendChart", json.writeValueAsString(trendChart(funnel, p,
                List.of(FunnelStage.LEAD, FunnelStage.MQL, FunnelStage.SAL))));
        return "analytics/marketing";
    }

    @GetMapping("/sales")
    String sales(ReportParams params, Model model) {
        ReportParams p = common(params, model, "sales");
        Dimension dimension = p.dimension(Dimension.REP);
        CompletableFuture<List<FunnelQueries.Velocity>> velocityRead = workers.start(
                () -> reports.velocity(p.filter()));
        CompletableFuture<Map<String, Long>> agingRead = workers.start(() -> reports.aging(p.filter(), p.agingDays()));
        CompletableFuture<FunnelQueries.Leaks> leaks = workers.start(() -> reports.leaks(p.filter()));
        Reports.FunnelView funnel = reports.funnel(p.filter(), dimension, p.cohortStage(), p.withinDays());
        List<FunnelQueries.Velocity> velocity = ReportWorkers.join(velocityRead);
        Map<String, Long> aging = ReportWorkers.join(agingRead);
        model.addAttribute("dimension", dimension);
        model.addAttribute("funnel", funnel);
        model.addAttribute("velocity", velocity);
        Map<String, String> stepNames = new LinkedHashMap<>();
        velocity.forEach(v -> stepNames.put(v.step(), stepName(v.step())));
        model.addAttribute("stepNames", stepNames);
        model.addAttribute("aging", aging);
        model.addAttribute("leaks", ReportWorkers.join(leaks));
        model.addAttribute("velocityChart", json.writeValueAsString(velocityChart(velocity)));
        model.addAttribute("agingChart", json.writeValueAsString(agingChart(aging, p)));
        return "analytics/sales";
    }

    @GetMapping("/leads")
    String leads(ReportParams params, @RequestParam(required = false) String metric,
            @RequestParam(required = false) String stage, @RequestParam(required = false) String reached,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String kind,
            @RequestParam(required = false) java.util.UUID member, TandemPrincipal me, Model model) {
        ReportParams p = common(params, model, "leads");
        DrillDown.Request request = request(p, metric, stage, reached, reason, kind, member);
        model.addAttribute("result", drillDown.leads(p.filter(), request, DrillDown.LIMIT,
                access.scope(me, LeadAction.READ)));
        model.addAttribute("request", request);
        model.addAttribute("metricQuery", metricQuery(metric, stage, reached, reason, kind, member));
        model.addAttribute("poolLink", poolLink(p, request));
        return "analytics/leads";
    }

    /** CSV or XLSX of one of the dashboards' tables, or of the leads behind a figure. */
    @GetMapping("/export")
    void export(ReportParams params, @RequestParam String report, @RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String metric, @RequestParam(required = false) String stage,
            @RequestParam(required = false) String reached, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String kind, @RequestParam(required = false) java.util.UUID member,
            TandemPrincipal me, HttpServletResponse response) throws IOException {
        ReportParams p = params.withDefaults(clock, ui.zone());
        if (!"leads".equals(report)) {
            exports.write(exports.table(report, p), format, response);
            return;
        }
        // the leads behind a figure leave Tandem like any lead list: only for those who may export leads, audited
        LeadScope exportable = access.scope(me, LeadAction.EXPORT);
        if (exportable.equals(LeadScope.NOTHING)) {
            throw new AccessDeniedException("exporting leads");
        }
        Exports.Table table = exports.leads(p, request(p, metric, stage, reached, reason, kind, member), exportable);
        transactions.executeWithoutResult(tx -> audit.record(actor.get(), AuditAction.EXPORTED, "lead", null,
                table.rows().size() + " leads behind a figure as " + format.toUpperCase(java.util.Locale.ROOT) + " ("
                        + metricQuery(metric, stage, reached, reason, kind, member) + ")"));
        exports.write(table, format, response);
    }

    private static DrillDown.Request request(ReportParams p, String metric, String stage, String reached,
            String reason, String kind, java.util.UUID member) {
        DrillDown.Metric figure = DrillDown.metric(metric);
        FunnelStage funnelStage = null;
        String openStage = null;
        if (stage != null && !stage.isBlank()) {
            if (figure == DrillDown.Metric.AGING) {
                openStage = stage.strip().toUpperCase(java.util.Locale.ROOT);
            } else {
                funnelStage = stage(stage, "stage");
            }
        }
        return new DrillDown.Request(figure, funnelStage, reached == null || reached.isBlank() ? null
                : stage(reached, "reached"), p.withinDays(), openStage, p.agingDays(), reason, kind, member);
    }

    /**
     * The same leads in the lead pool, where its filter (LeadFilter: source, campaign, created from/to) says exactly
     * the same: leads created in the period, narrowed at most by source and first campaign; else {@code null}.
     */
    static String poolLink(ReportParams p, DrillDown.Request request) {
        boolean created = request.metric() == DrillDown.Metric.ENTERED && request.stage() == FunnelStage.LEAD;
        boolean poolFilter = p.channel() == null && p.region() == null && p.industry() == null && p.sdr() == null
                && p.rep() == null && p.team() == null && p.withoutKeys().isEmpty();
        if (!created || !poolFilter) {
            return null;
        }
        StringBuilder link = new StringBuilder("/leads?from=" + p.from() + "&to=" + p.to());
        if (p.source() != null) {
            link.append("&source=").append(java.net.URLEncoder.encode(p.source(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        if (p.campaign() != null) {
            link.append("&campaign=").append(p.campaign());
        }
        return link.toString();
    }

    private static FunnelStage stage(String value, String name) {
        try {
            return FunnelStage.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw io.tandem.shared.BadInputException.of(name, "unknown stage '" + value + "'");
        }
    }

    private static String metricQuery(String... values) {
        String[] names = { "metric", "stage", "reached", "reason", "kind", "member" };
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                query.append('&').append(names[i]).append('=').append(java.net.URLEncoder.encode(values[i],
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private static String metricQuery(String metric, String stage, String reached, String reason, String kind,
            java.util.UUID member) {
        return metricQuery(metric, stage, reached, reason, kind, member == null ? null : member.toString());
    }

    /** Fills in the defaults, checks the options and adds what every dashboard's filter bar needs. */
    private ReportParams common(ReportParams params, Model model, String page) {
        ReportParams p = params.withDefaults(clock, ui.zone());
        p.filter();
        p.attributionModel();
        p.halfLifeDays();
        p.withinDays();
        p.agingDays();
        p.targetShare();
        p.cohortStage();
        model.addAttribute("p", p);
        model.addAttribute("page", page);
        model.addAttribute("models", AttributionModel.values());
        model.addAttribute("dimensions", Dimension.values());
        model.addAttribute("stages", FunnelStage.ALL);
        model.addAttribute("teams", users.teamSummaries());
        List<UserSummary> active = users.activeUsers();
        model.addAttribute("sdrs", active.stream().filter(u -> u.roles().contains(Role.SDR)).toList());
        model.addAttribute("reps", active.stream().filter(u -> u.roles().contains(Role.SALES_REP)
                || u.roles().contains(Role.SALES_MANAGER)).toList());
        return p;
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

    private String stageName(FunnelStage stage) {
        return text("analytics.stage." + stage.name());
    }

    private Map<String, Object> funnelChart(Reports.FunnelView funnel, ReportParams p) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (FunnelStage stage : FunnelStage.ALL) {
            data.add(Map.of("name", stageName(stage), "value", funnel.total().reached(stage), "link",
                    "/analytics/leads?" + p.query() + (stage == FunnelStage.LEAD ? "&metric=entered&stage=LEAD"
                            : "&metric=reached&stage=LEAD&reached=" + stage.name())));
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "item"), "series", List.of(Map.of("type", "funnel", "sort",
                "none", "minSize", "8%", "label", Map.of("show", true, "position", "inside", "formatter", "{b}: {c}"),
                "data", data)));
    }

    /** Stage-to-stage flow of the period's new leads: on to the next stage, or stopped there (so far). */
    private Map<String, Object> flowChart(Reports.FunnelView funnel, ReportParams p) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> links = new ArrayList<>();
        String stopped = text("analytics.stoppedAt");
        for (FunnelStage stage : FunnelStage.ALL) {
            nodes.add(Map.of("name", stageName(stage)));
            FunnelStage next = stage.next();
            if (next == null) {
                break;
            }
            long here = funnel.total().reached(stage);
            long on = funnel.total().reached(next);
            String base = "/analytics/leads?" + p.query();
            if (on > 0) {
                links.add(Map.of("source", stageName(stage), "target", stageName(next), "value", on, "link",
                        base + "&metric=reached&stage=LEAD&reached=" + next.name()));
            }
            if (here - on > 0) {
                String name = stopped + " " + stageName(stage);
                nodes.add(Map.of("name", name, "itemStyle", Map.of("color", "#adb5bd")));
                links.add(Map.of("source", stageName(stage), "target", name, "value", here - on, "link",
                        base + "&metric=stopped&stage=LEAD&reached=" + stage.name()));
            }
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "item"), "series", List.of(Map.of(
                "type", "sankey", "nodeAlign", "left", "emphasis", Map.of("focus", "adjacency"),
                "label", Map.of("fontSize", 11), "data", nodes, "links", links)));
    }

    /** The breakdown's top keys as bars: entered the cohort's stage, and reached the next one. */
    private Map<String, Object> breakdownChart(Reports.FunnelView funnel, Dimension dimension, ReportParams p) {
        FunnelStage next = funnel.cohort().next();
        List<Reports.CohortRow> top = funnel.rows().stream().limit(12).toList();
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> entered = new ArrayList<>();
        List<Map<String, Object>> reached = new ArrayList<>();
        for (Reports.CohortRow row : top) {
            names.add(row.key().isEmpty() ? text("analytics.none") : row.label());
            String narrow = DashboardLinks.narrowedTo(p, dimension, row.key());
            entered.add(Map.of("value", row.entered(), "link", "/analytics/leads?" + narrow
                    + "&metric=entered&stage=" + funnel.cohort().name()));
            if (next != null) {
                reached.add(Map.of("value", row.reached(next), "link", "/analytics/leads?" + narrow
                        + "&metric=reached&stage=" + funnel.cohort().name() + "&reached=" + next.name()));
            }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        series.add(Map.of("name", stageName(funnel.cohort()), "type", "bar", "data", entered));
        if (next != null) {
            series.add(Map.of("name", stageName(next), "type", "bar", "data", reached));
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 50, "right", 20, "top", 40, "bottom", 60),
                "xAxis", Map.of("type", "category", "data", names, "axisLabel", Map.of("rotate", 25)),
                "yAxis", Map.of("type", "value"), "series", series);
    }

    private Map<String, Object> contributionChart(DealQueries.Contribution contribution, ReportParams p) {
        var pipeline = contribution.pipeline();
        var revenue = contribution.revenue();
        List<Map<String, Object>> series = new ArrayList<>();
        series.add(bar(text("analytics.marketingSourced"), "marketing", p, pipeline.marketingSourced(),
                revenue.marketingSourced()));
        series.add(bar(text("analytics.salesSourced"), "sales", p, pipeline.salesSourced(), revenue.salesSourced()));
        series.add(bar(text("analytics.influenced"), "influenced", p, pipeline.influenced(), revenue.influenced()));
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 80, "right", 20, "top", 40, "bottom", 30),
                "xAxis", Map.of("type", "category", "data", List.of(text("analytics.pipeline"),
                        text("analytics.revenue"))),
                "yAxis", Map.of("type", "value"), "series", series);
    }

    private static Map<String, Object> bar(String name, String kind, ReportParams p, BigDecimal pipeline,
            BigDecimal revenue) {
        return Map.of("name", name, "type", "bar", "data", List.of(
                Map.of("value", pipeline, "link", "/analytics/leads?" + p.query() + "&metric=pipeline&kind=" + kind),
                Map.of("value", revenue, "link", "/analytics/leads?" + p.query() + "&metric=revenue&kind=" + kind)));
    }

    private Map<String, Object> trendChart(Reports.FunnelView funnel, ReportParams p, List<FunnelStage> stages) {
        List<String> months = funnel.months().stream().map(YearMonth::toString).toList();
        List<Map<String, Object>> series = new ArrayList<>();
        for (FunnelStage stage : stages) {
            List<Map<String, Object>> data = new ArrayList<>();
            for (YearMonth month : funnel.months()) {
                java.time.LocalDate start = month.atDay(1).isBefore(p.from()) ? p.from() : month.atDay(1);
                java.time.LocalDate end = month.atEndOfMonth().isAfter(p.to()) ? p.to() : month.atEndOfMonth();
                data.add(Map.of("value", funnel.perMonth().get(stage).getOrDefault(month, 0L), "link",
                        "/analytics/leads?" + p.query("from", start.toString(), "to", end.toString())
                                + "&metric=entered&stage=" + stage.name()));
            }
            series.add(Map.of("name", stageName(stage), "type", "line", "data", data));
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 50, "right", 20, "top", 40, "bottom", 30),
                "xAxis", Map.of("type", "category", "data", months), "yAxis", Map.of("type", "value"),
                "series", series);
    }

    private Map<String, Object> attributionChart(Reports.DealsView deals, ReportParams p) {
        List<Reports.CreditLine> top = deals.credits().stream().limit(15).toList();
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> pipeline = new ArrayList<>();
        List<Map<String, Object>> revenue = new ArrayList<>();
        List<Reports.CreditLine> bottomUp = new ArrayList<>(top);
        java.util.Collections.reverse(bottomUp);
        for (Reports.CreditLine line : bottomUp) {
            String label = line.key().isEmpty() ? text("analytics.noCampaign") : line.label();
            names.add(label);
            String link = line.key().isEmpty() ? "/analytics/leads?" + p.query() + "&metric=pipeline&kind=all"
                    : p.byChannel() ? "/analytics/marketing?" + p.query("channel", line.key())
                            : "/analytics/leads?" + p.query() + "&metric=members&member=" + line.key();
            pipeline.add(Map.of("value", line.pipeline(), "link", link));
            revenue.add(Map.of("value", line.revenue(), "link", link));
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 160, "right", 30, "top", 40, "bottom", 30),
                "yAxis", Map.of("type", "category", "data", names), "xAxis", Map.of("type", "value"),
                "series", List.of(Map.of("name", text("analytics.pipeline"), "type", "bar", "data", pipeline),
                        Map.of("name", text("analytics.revenue"), "type", "bar", "data", revenue)));
    }

    private Map<String, Object> velocityChart(List<FunnelQueries.Velocity> velocity) {
        List<String> steps = new ArrayList<>();
        List<Object> medians = new ArrayList<>();
        List<Object> p90 = new ArrayList<>();
        for (FunnelQueries.Velocity v : velocity) {
            steps.add(stepName(v.step()));
            medians.add(round(v.median()));
            p90.add(round(v.p90()));
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 50, "right", 20, "top", 40, "bottom", 50),
                "xAxis", Map.of("type", "category", "data", steps, "axisLabel", Map.of("rotate", 20)),
                "yAxis", Map.of("type", "value", "name", text("analytics.days")),
                "series", List.of(Map.of("name", text("analytics.median"), "type", "bar", "data", medians),
                        Map.of("name", "p90", "type", "bar", "data", p90)));
    }

    String stepName(String step) {
        if (FunnelQueries.FIRST_TOUCH_TO_WON.equals(step)) {
            return text("analytics.firstTouchToWon");
        }
        String[] parts = step.split("-");
        return stageName(FunnelStage.valueOf(parts[0])) + " → " + stageName(FunnelStage.valueOf(parts[1]));
    }

    private static Object round(Double value) {
        return value == null ? 0 : Math.round(value * 10) / 10.0;
    }

    private Map<String, Object> agingChart(Map<String, Long> aging, ReportParams p) {
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        aging.forEach((stage, count) -> {
            names.add(text("analytics.stage." + stage));
            data.add(Map.of("value", count, "link", "/analytics/leads?" + p.query() + "&metric=aging&stage="
                    + stage));
        });
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("animation", false);
        chart.put("tooltip", Map.of("trigger", "axis"));
        chart.put("grid", Map.of("left", 50, "right", 20, "top", 20, "bottom", 30));
        chart.put("xAxis", Map.of("type", "category", "data", names));
        chart.put("yAxis", Map.of("type", "value"));
        chart.put("series", List.of(Map.of("type", "bar", "data", data)));
        return chart;
    }
}
