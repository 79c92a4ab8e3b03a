package io.tandem.analytics.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.stereotype.Component;

import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.analytics.internal.DealQueries;
import io.tandem.analytics.internal.DrillDown;
import io.tandem.analytics.internal.FunnelQueries;
import io.tandem.analytics.internal.Reports;
import io.tandem.shared.BadInputException;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletResponse;

/** The dashboards' tables as CSV (UTF-8 with BOM, for Excel) or XLSX; cells that start a formula are neutralised. */
@Component
class Exports {

    static final List<String> REPORTS = List.of("funnel", "pairs", "velocity", "aging", "contribution",
            "attribution", "roi", "quality", "leads");

    record Table(String name, List<String> header, List<List<String>> rows) {
    }

    private final Reports reports;
    private final DrillDown drillDown;
    private final Ui ui;

    Exports(Reports reports, DrillDown drillDown, Ui ui) {
        this.reports = reports;
        this.drillDown = drillDown;
        this.ui = ui;
    }

    Table table(String report, ReportParams p) {
        return switch (report == null ? "" : report) {
            case "funnel" -> funnel(p);
            case "pairs" -> pairs(p);
            case "velocity" -> velocity(p);
            case "aging" -> aging(p);
            case "contribution" -> contribution(p);
            case "attribution" -> attribution(p);
            case "roi" -> roi(p);
            case "quality" -> quality(p);
            default -> throw BadInputException.of("report", "one of " + REPORTS);
        };
    }

    private Table funnel(ReportParams p) {
        Reports.FunnelView funnel = reports.funnel(p.filter(), p.dimension(Dimension.NONE), p.cohortStage(),
                p.withinDays());
        List<String> header = new ArrayList<>(List.of("key", "label", "entered " + funnel.cohort()));
        List<FunnelStage> later = FunnelStage.ALL.subList(funnel.cohort().ordinal() + 1, FunnelStage.ALL.size());
        later.forEach(stage -> header.add("reached " + stage));
        List<List<String>> rows = new ArrayList<>();
        for (Reports.CohortRow row : funnel.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.key(), row.label(), String.valueOf(row.entered())));
            later.forEach(stage -> cells.add(String.valueOf(row.reached(stage))));
            rows.add(cells);
        }
        return new Table("funnel", header, rows);
    }

    private Table pairs(ReportParams p) {
        Reports.FunnelView funnel = reports.funnel(p.filter(), Dimension.NONE, FunnelStage.LEAD, p.withinDays());
        List<List<String>> rows = new ArrayList<>();
        for (FunnelStage from : FunnelStage.ALL) {
            for (FunnelStage to : FunnelStage.ALL) {
                if (to.ordinal() > from.ordinal()) {
                    Double percent = funnel.pairPercent(from, to);
                    rows.add(List.of(from.name(), to.name(), String.valueOf(funnel.pairEntered(from)),
                            String.valueOf(funnel.pairReached(from, to)), percent == null ? "" : fmt(percent)));
                }
            }
        }
        return new Table("conversion", List.of("from", "to", "entered from", "reached to", "percent"), rows);
    }

    private Table velocity(ReportParams p) {
        List<List<String>> rows = new ArrayList<>();
        for (FunnelQueries.Velocity v : reports.velocity(p.filter())) {
            rows.add(List.of(v.step(), String.valueOf(v.leads()), fmt(v.median()), fmt(v.mean()), fmt(v.p90())));
        }
        return new Table("velocity", List.of("step", "leads", "median days", "mean days", "p90 days"), rows);
    }

    private Table aging(ReportParams p) {
        List<List<String>> rows = new ArrayList<>();
        reports.aging(p.filter(), p.agingDays()).forEach((stage, count) -> rows.add(List.of(stage,
                String.valueOf(count))));
        return new Table("aging", List.of("stage", "leads over " + p.agingDays() + " days"), rows);
    }

    private Table contribution(ReportParams p) {
        DealQueries.Contribution contribution = reports.contribution(p.filter());
        List<List<String>> rows = new ArrayList<>();
        rows.add(contributionRow("pipeline", contribution.pipeline()));
        rows.add(contributionRow("revenue", contribution.revenue()));
        return new Table("contribution", List.of("measure", "count", "total", "marketing-sourced count",
                "marketing-sourced", "sales-sourced count", "sales-sourced", "marketing-influenced count",
                "marketing-influenced", "marketing-sourced share of count %", "marketing-sourced share of amount %"),
                rows);
    }

    private static List<String> contributionRow(String measure, DealQueries.Money money) {
        return List.of(measure, String.valueOf(money.count()), money.total().toPlainString(),
                String.valueOf(money.marketingSourcedCount()), money.marketingSourced().toPlainString(),
                String.valueOf(money.salesSourcedCount()), money.salesSourced().toPlainString(),
                String.valueOf(money.influencedCount()), money.influenced().toPlainString(),
                fmt(money.marketingShareOfCount()), fmt(money.marketingShareOfAmount()));
    }

    private Table attribution(ReportParams p) {
        Reports.DealsView deals = reports.deals(p.filter(), p.attributionModel(), p.halfLifeDays(), p.byChannel(),
                false);
        List<List<String>> rows = new ArrayList<>();
        for (Reports.CreditLine line : deals.credits()) {
            rows.add(List.of(line.key(), line.label(), line.pipeline().toPlainString(),
                    line.revenue().toPlainString()));
        }
        return new Table("attribution", List.of(p.byChannel() ? "channel" : "campaign id", "name",
                "pipeline (" + p.attributionModel() + ")", "revenue (" + p.attributionModel() + ")"), rows);
    }

    private Table roi(ReportParams p) {
        Reports.DealsView deals = reports.deals(p.filter(), p.attributionModel(), p.halfLifeDays(), false, true);
        List<List<String>> rows = new ArrayList<>();
        for (DealQueries.RoiLine line : deals.roi()) {
            var c = line.campaign();
            rows.add(List.of(c.id().toString(), c.name(), s(c.channel()), money(c.cost()), String.valueOf(c.leads()),
                    String.valueOf(c.mqls()), String.valueOf(c.opportunities()), String.valueOf(c.won()),
                    money(line.costPerLead()), money(line.costPerMql()), money(line.costPerOpportunity()),
                    money(line.costPerWon()), money(line.pipeline()), money(line.revenue()),
                    money(line.pipelinePerCost()), money(line.revenuePerCost())));
        }
        return new Table("roi", List.of("campaign id", "campaign", "channel", "cost", "leads", "MQLs", "opportunities",
                "won", "cost per lead", "cost per MQL", "cost per opportunity", "cost per won", "pipeline",
                "revenue", "pipeline per cost", "revenue per cost"), rows);
    }

    private Table quality(ReportParams p) {
        Reports.QualityView quality = reports.quality(p.filter());
        List<List<String>> rows = new ArrayList<>();
        for (DealQueries.QualityLine line : quality.lines()) {
            rows.add(List.of(s(line.source()), line.campaignId() == null ? "" : line.campaignId().toString(),
                    s(quality.campaignNames().get(line.campaignId())), line.kind(), s(line.reason()),
                    String.valueOf(line.leads())));
        }
        return new Table("quality", List.of("source", "campaign id", "campaign", "kind", "reason", "leads"), rows);
    }

    Table leads(ReportParams p, DrillDown.Request request, io.tandem.lead.LeadScope exportable) {
        List<List<String>> rows = new ArrayList<>();
        for (DrillDown.LeadRow lead : drillDown.leads(p.filter(), request, 100_000, exportable).leads()) {
            rows.add(List.of(lead.id().toString(), s(lead.name()), s(lead.company()), s(lead.email()),
                    s(lead.source()), s(lead.province()), s(lead.stage()), ui.dateTime(lead.createdAt())));
        }
        return new Table("leads", List.of("id", "name", "company", "email", "source", "region", "stage", "created"),
                rows);
    }

    void write(Table table, String format, HttpServletResponse response) throws IOException {
        String kind = format.toLowerCase(Locale.ROOT);
        if (!kind.equals("csv") && !kind.equals("xlsx")) {
            throw BadInputException.of("format", "csv or xlsx");
        }
        String file = "tandem-" + table.name() + "." + kind;
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        if (kind.equals("csv")) {
            response.setContentType("text/csv;charset=UTF-8");
            Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
            writer.write('\uFEFF');
            try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
                printer.printRecord(table.header());
                for (List<String> row : table.rows()) {
                    printer.printRecord(row.stream().map(Exports::neutralise).toList());
                }
            }
            return;
        }
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Workbook workbook = new Workbook(response.getOutputStream(), "Tandem", "1.0");
        Worksheet sheet = workbook.newWorksheet(table.name());
        for (int c = 0; c < table.header().size(); c++) {
            sheet.value(0, c, table.header().get(c));
            sheet.style(0, c).bold().set();
        }
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> row = table.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                sheet.value(r + 1, c, neutralise(row.get(c)));
            }
        }
        workbook.finish();
    }

    static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        boolean number = value.matches("-?[0-9]+(\\.[0-9]+)?");
        return !number && (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
                || first == '\r') ? "'" + value : value;
    }

    private static String s(String value) {
        return value == null ? "" : value;
    }

    private static String money(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    private static String fmt(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
    }
}
