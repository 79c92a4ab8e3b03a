package io.tandem.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;
import io.tandem.support.WebSession;

/**
 * The dashboards, the leads behind a figure, exports and the planner as people and machines use them: who may see
 * them, that the figures of a small history show up, and that wrong input is answered readably.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardWebTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.tandem.support.MutableClock clock;
    @Autowired
    UserManagement userManagement;
    @Autowired
    TransactionTemplate transactions;

    People people;
    AnalyticsFixture data;
    UserSummary executive;
    UserSummary marketer;
    UserSummary sdr;
    String period;
    UUID webinar;

    @BeforeAll
    void history() {
        people = new People(userManagement, transactions);
        executive = people.create("Exec", Role.EXECUTIVE, null);
        marketer = people.create("Marketer", Role.MARKETING, null);
        sdr = people.create("Sdr", Role.SDR, null);
        data = new AnalyticsFixture(jdbc);
        webinar = data.campaign("Webinar", "2026-01-01", "2026-01-31", "1000.00");
        UUID rep = UUID.randomUUID();
        UUID won = data.lead("Wang Wei", "web_form", webinar, "2026-01-05", "WON", "2026-02-20", rep);
        data.entered(won, "MQL", "2026-01-06");
        data.entered(won, "SAL", "2026-01-07");
        data.entered(won, "SQL", "2026-01-08");
        data.entered(won, "OPPORTUNITY", "2026-01-10");
        data.entered(won, "WON", "2026-02-20");
        data.member(webinar, won, "2026-01-05");
        UUID mql = data.lead("Li Na", "web_form", webinar, "2026-01-06", "MQL", "2026-01-09", null);
        data.entered(mql, "MQL", "2026-01-09");
        data.member(webinar, mql, "2026-01-06");
        data.lead("Zhang San", "manual", null, "2026-01-07", "LEAD", null, null);
        UUID deal = data.opportunity(won, "5000.00", "2026-01-10", rep, webinar);
        data.won(deal, "6000.00", "2026-02-20");
        period = "from=2026-01-01&to=2026-03-31&region=" + data.region;
    }

    @Test
    void anExecutiveSeesTheFiguresOfTheirPeriodOnEachDashboard() {
        WebSession session = people.session(port, executive);

        WebSession.Page overview = session.get("/analytics/executive?" + period);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body()).contains("id=\"kpi-pipeline\"", ">5,000<", ">6,000<", "data-chart=");

        WebSession.Page marketing = session.get("/analytics/marketing?" + period + "&model=LINEAR");
        assertThat(marketing.status()).isEqualTo(200);
        assertThat(marketing.body()).contains("Webinar " + data.region, "5,000.00", "6,000.00",
                "1000.00"); // cost per lead: 1,000 for 2 members = 500.00, per won 1,000.00
        assertThat(marketing.body()).contains("500.00");

        WebSession.Page sales = session.get("/analytics/sales?" + period + "&by=SOURCE");
        assertThat(sales.status()).isEqualTo(200);
        assertThat(sales.body()).contains("id=\"pairs\"", "id=\"velocity\"", "web_form", "manual");
    }

    @Test
    void everyFigureLeadsToTheLeadsBehindIt() {
        WebSession session = people.session(port, executive);

        WebSession.Page mqls = session.get("/analytics/leads?" + period + "&metric=reached&stage=LEAD&reached=MQL");
        assertThat(mqls.status()).isEqualTo(200);
        assertThat(mqls.body()).contains("Wang Wei", "Li Na").doesNotContain("Zhang San");

        WebSession.Page created = session.get("/analytics/leads?" + period + "&metric=entered&stage=LEAD");
        assertThat(created.body()).contains("Wang Wei", "Li Na", "Zhang San");
        // the region is no lead pool filter, so no pool link; created leads of a source are one
        assertThat(created.body()).doesNotContain("id=\"pool-link\"");
        WebSession.Page bySource = session.get("/analytics/leads?from=2026-01-01&to=2026-03-31&source=web_form"
                + "&metric=entered&stage=LEAD");
        assertThat(bySource.body()).contains("id=\"pool-link\"", "/leads?from=2026-01-01&amp;to=2026-03-31&amp;source=web_form");

        // the flow's band "stopped at MQL": Li Na became MQL and went no further; Wang Wei did
        WebSession.Page stopped = session.get("/analytics/leads?" + period + "&metric=stopped&stage=LEAD&reached=MQL");
        assertThat(stopped.body()).contains("Li Na").doesNotContain("Wang Wei", "Zhang San");

        WebSession.Page revenue = session.get("/analytics/leads?" + period + "&metric=revenue&kind=marketing");
        assertThat(revenue.body()).contains("Wang Wei").doesNotContain("Li Na");
    }

    @Test
    void theLeadsBehindARepsPipelineAreThePrimaryLeadsOfTheDealsTheRepOwns() {
        AnalyticsFixture own = new AnalyticsFixture(jdbc);
        UUID rep = UUID.randomUUID();
        UUID lead = own.lead("Zhou Min", "web_form", null, "2026-01-05", "OPPORTUNITY", "2026-01-10", null);
        own.opportunity(lead, "3000.00", "2026-01-10", rep);
        String view = "from=2026-01-01&to=2026-03-31&region=" + own.region + "&rep=" + rep;

        WebSession session = people.session(port, executive);
        assertThat(session.get("/analytics/executive?" + view).body()).as("the rep's pipeline counts the deal")
                .contains(">3,000<");
        assertThat(session.get("/analytics/leads?" + view + "&metric=pipeline&kind=all").body())
                .as("its lead belongs to nobody, yet it is the lead behind the rep's figure").contains("Zhou Min");
    }

    @Test
    void aDashboardsFilterFormKeepsTheOtherDashboardsOptions() {
        WebSession session = people.session(port, executive);

        String sales = session.get("/analytics/sales?" + period + "&model=LINEAR&halfLife=14&share=35&group=channel")
                .body();
        assertThat(sales).contains("name=\"model\" value=\"LINEAR\"", "name=\"halfLife\" value=\"14\"",
                "name=\"share\" value=\"35.0\"", "name=\"group\" value=\"channel\"");
        String executivePage = session.get("/analytics/executive?" + period + "&by=REP&cohort=SAL&within=30&aging=45")
                .body();
        assertThat(executivePage).contains("name=\"by\" value=\"REP\"", "name=\"cohort\" value=\"SAL\"",
                "name=\"within\" value=\"30\"", "name=\"aging\" value=\"45\"");
    }

    @Test
    void theNoneRowOfABreakdownLeadsToTheLeadsWithoutThatKey() {
        WebSession session = people.session(port, executive);

        WebSession.Page byRep = session.get("/analytics/sales?" + period + "&by=REP");
        String noneRow = byRep.body().lines().dropWhile(line -> !line.contains("(none)")).limit(4)
                .collect(java.util.stream.Collectors.joining());
        assertThat(noneRow).as("the (none) row links to the leads without a rep").contains("without=REP");

        // Wang Wei belongs to the rep; Li Na and Zhang San to nobody
        WebSession.Page withoutRep = session.get("/analytics/leads?" + period
                + "&without=REP&metric=entered&stage=LEAD");
        assertThat(withoutRep.status()).isEqualTo(200);
        assertThat(withoutRep.body()).contains("Li Na", "Zhang San", "Only leads without: Rep")
                .doesNotContain("Wang Wei", "id=\"pool-link\"");
        assertThat(session.get("/analytics/sales?" + period + "&without=MONTH").body())
                .contains("Every lead has a month");

        // already without a rep, broken down by SDR: the (none) row is the leads without either
        WebSession.Page bySdr = session.get("/analytics/sales?" + period + "&without=REP&by=SDR");
        String noSdr = bySdr.body().lines().dropWhile(line -> !line.contains("(none)")).limit(4)
                .collect(java.util.stream.Collectors.joining());
        assertThat(noSdr).contains("without=SDR%2CREP");
        assertThat(bySdr.body()).contains("Only leads without: Rep");
        // the chart's (none) bar leads there too: Zhang San came without a campaign
        assertThat(session.get("/analytics/marketing?" + period + "&by=CAMPAIGN").body())
                .contains("without=CAMPAIGN");
    }

    @Test
    void aSalesManagerSeesTheFiguresButOnlyTheirTeamsLeadsBehindThemAndExportsNone() {
        UserSummary manager = people.create("Manager", Role.SALES_MANAGER, people.team("Analytics team"));
        WebSession session = people.session(port, manager);

        WebSession.Page created = session.get("/analytics/leads?" + period + "&metric=entered&stage=LEAD");
        assertThat(created.status()).isEqualTo(200);
        // the fixture's leads belong to nobody or to a rep outside the manager's team
        assertThat(created.body()).doesNotContain("Wang Wei", "Li Na", "Zhang San");
        assertThat(session.get("/analytics/export?" + period + "&report=leads&metric=entered&stage=LEAD").status())
                .isEqualTo(403);
    }

    @Test
    void tablesAndLeadListsExportAsCsvAndXlsx() {
        Api api = Api.at(port).asAdminWithScopes("read");
        Api.Response roi = api.get("/analytics/export?" + period + "&channel=" + data.channel + "&report=roi");
        // the export is a page of the browser session; through the API token it is refused like any page
        assertThat(roi.status()).isIn(302, 401, 403);

        WebSession session = people.session(port, executive);
        WebSession.Page csv = session.get("/analytics/export?" + period + "&channel=" + data.channel
                + "&report=roi&model=FIRST_TOUCH");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("cost per lead", "Webinar " + data.region, "500.00", "6000.00");
        WebSession.Page leads = session.get("/analytics/export?" + period
                + "&report=leads&metric=entered&stage=LEAD");
        assertThat(leads.body().lines().count()).isEqualTo(4); // header and three leads
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'EXPORTED' and actor_id = :me
                  and summary like '3 leads behind a figure as CSV%'
                """).param("me", executive.id()).query(Long.class).single()).isEqualTo(1L);
        WebSession.Page contribution = session.get("/analytics/export?" + period + "&report=contribution");
        assertThat(contribution.body().lines()
                .filter(line -> line.startsWith("pipeline,") || line.startsWith("revenue,")))
                .as("the executive's table of sourced and influenced money, not the stage conversions")
                .anySatisfy(line -> assertThat(line).startsWith("pipeline,").contains(",5000.00,"))
                .anySatisfy(line -> assertThat(line).startsWith("revenue,").contains(",6000.00,"));
        WebSession.Page xlsx = session.get("/analytics/export?" + period + "&report=funnel&by=SOURCE&format=xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.body()).startsWith("PK");
    }

    @Test
    void onlyExecutivesMarketingSalesManagersAndAdminsSeeTheDashboards() {
        WebSession session = people.session(port, sdr);

        assertThat(session.get("/analytics/executive").status()).isEqualTo(403);
        assertThat(session.get("/planning").status()).isEqualTo(403);
        assertThat(people.session(port, marketer).get("/analytics/marketing").status()).isEqualTo(200);
    }

    @Test
    void aWrongOptionIsExplainedOnThePageAndAsProblemJsonOnTheApi() {
        WebSession.Page page = people.session(port, executive).get("/analytics/marketing?model=FIFTH_TOUCH");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("FIFTH_TOUCH");

        Api api = Api.at(port).asAdminWithScopes("read");
        Api.Response response = api.get("/api/v1/analytics/attribution?model=FIFTH_TOUCH");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("model");

        Api.Response period = api.get("/api/v1/analytics/funnel?from=2026-03-01&to=2026-01-01");
        assertThat(period.status()).isEqualTo(400);
        assertThat(period.json().get("errors").get(0).get("field").asString()).isEqualTo("to");
    }

    @Test
    void theApiAnswersWithTheSameFigures() {
        Api api = Api.at(port).asAdminWithScopes("read");

        Api.Response attribution = api.get("/api/v1/analytics/attribution?" + period + "&model=FIRST_TOUCH");
        assertThat(attribution.status()).isEqualTo(200);
        assertThat(attribution.json().get("pipeline").asDouble()).isEqualTo(5000.0);
        assertThat(attribution.json().get("revenue").asDouble()).isEqualTo(6000.0);
        assertThat(attribution.json().get("credits").get(0).get("key").asString()).isEqualTo(webinar.toString());

        Api.Response funnel = api.get("/api/v1/analytics/funnel?" + period);
        assertThat(funnel.json().get("pairs").get(0).get("entered").asInt()).isEqualTo(3);
        assertThat(funnel.json().get("pairs").get(0).get("reached").asInt()).isEqualTo(2);
    }

    @Test
    void aPlanIsSavedWithVersionsAndComparedWithWhatHappened() {
        WebSession session = people.session(port, marketer);
        assertThat(session.get("/planning").status()).isEqualTo(200);
        String name = "Plan " + UUID.randomUUID();

        WebSession.Page saved = session.postMulti("/planning", form(name, "12000000", "40"));
        assertThat(saved.status()).isEqualTo(302);
        String planPath = saved.location().replaceFirst("^https?://[^/]+", "");
        WebSession.Page plan = session.get(planPath);
        assertThat(plan.body()).contains(name, "id=\"plan-vs-actual\"", "id=\"out-leads\"", "9,600");

        WebSession.Page second = session.postMulti(planPath + "/versions", form(name, "24000000", "40"));
        assertThat(second.status()).isEqualTo(302);
        assertThat(session.get(planPath).body()).contains(" · v2", "19,200");
        assertThat(session.get(planPath + "?version=1").body()).contains(" · v1", "9,600");

        WebSession.Page refused = session.postMulti("/planning/preview", form(name, "-5", "140"));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"plan-error\"");

        // machines read the same comparison with its pace worked out; on 15 February 2027 the plan's leads are due
        // from September to January (5 × 1,600) and for 15 of February's 28 days
        clock.setTo(AnalyticsFixture.at("2027-02-15"));
        try {
            Api.Response pacing = Api.at(port).asAdminWithScopes("read")
                    .get("/api/v1/plans/" + planPath.substring(planPath.lastIndexOf('/') + 1) + "/pacing");
            assertThat(pacing.status()).isEqualTo(200);
            assertThat(pacing.json().get("target").asDouble()).isEqualTo(24_000_000.0);
            assertThat(pacing.json().get("currentMonth").asString()).isEqualTo("2027-02");
            assertThat(pacing.json().get("lines")).anySatisfy(line -> {
                assertThat(line.get("key").asString()).isEqualTo("LEAD");
                assertThat(line.get("planned").get("2027-01").asDouble()).isEqualTo(1600.0);
                assertThat(line.get("plannedToDate").asDouble()).isCloseTo(5 * 1600 + 1600 * 15.0 / 28,
                        org.assertj.core.data.Offset.offset(1e-6));
                // the actuals are every lead of this shared database: the pace is whatever they make of the plan
                double pace = 100 * line.get("actualToDate").asDouble() / (5 * 1600 + 1600 * 15.0 / 28);
                assertThat(line.get("pacePercent").asDouble())
                        .isCloseTo(pace, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(line.get("behind").asBoolean()).isEqualTo(pace < 100);
            });
        } finally {
            clock.followRealTime();
        }
    }

    @Test
    void thePlannerApiWorksOutInputsAndRefusesWrongOnesFieldByField() {
        Api api = Api.at(port).asAdminWithScopes("read");
        Map<String, Object> inputs = Map.of("year", 2027, "revenueTarget", 12000000, "averageDealSize", 100000,
                "marketingShare", 0.4,
                "conversion", Map.of("LEAD", 0.1, "MQL", 0.5, "SAL", 0.8, "SQL", 0.5, "OPPORTUNITY", 0.25),
                "cycleDays", Map.of("LEAD", 30, "MQL", 5, "SAL", 10, "SQL", 20, "OPPORTUNITY", 60));

        Api.Response preview = api.post("/api/v1/plans/preview", inputs);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("needed").get("LEAD").get("2026-09").asDouble()).isEqualTo(800.0);

        Api.Response refused = api.post("/api/v1/plans/preview", Map.of("year", 2027, "revenueTarget", 0));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("revenueTarget", "averageDealSize", "conversion.LEAD");
    }

    private static Map<String, List<String>> form(String name, String target, String share) {
        return Map.ofEntries(Map.entry("name", List.of(name)), Map.entry("year", List.of("2027")),
                Map.entry("quarter", List.of("")), Map.entry("revenueTarget", List.of(target)),
                Map.entry("averageDealSize", List.of("100000")), Map.entry("marketingShare", List.of(share)),
                Map.entry("convLead", List.of("10")), Map.entry("convMql", List.of("50")),
                Map.entry("convSal", List.of("80")), Map.entry("convSql", List.of("50")),
                Map.entry("convOpportunity", List.of("25")), Map.entry("cycleLead", List.of("30")),
                Map.entry("cycleMql", List.of("5")), Map.entry("cycleSal", List.of("10")),
                Map.entry("cycleSql", List.of("20")), Map.entry("cycleOpportunity", List.of("60")),
                Map.entry("channel", List.of("webinar", "paid", "")),
                Map.entry("channelShare", List.of("50", "50", "")),
                Map.entry("channelCost", List.of("200", "300", "")), Map.entry("team", List.of("")),
                Map.entry("teamShare", List.of("")));
    }
}
