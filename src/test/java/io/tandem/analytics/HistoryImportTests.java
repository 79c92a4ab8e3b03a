package io.tandem.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.analytics.internal.DealQueries;
import io.tandem.analytics.internal.FunnelQueries;
import io.tandem.analytics.internal.HistoryImport;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;
import io.tandem.support.WebSession;

/**
 * A company brings its past: leads with the days they reached each stage, then their deals. The imported history
 * shows in the funnel, contribution, attribution and quality figures like history made in Tandem.
 */
@IntegrationTest
class HistoryImportTests {

    @LocalServerPort
    int port;
    @Autowired
    HistoryImport history;
    @Autowired
    FunnelQueries funnel;
    @Autowired
    DealQueries deals;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final String region = "hist-" + tag;

    @Autowired
    PastHistory past;

    @Test
    void otherModulesBringHistoryInThroughThePublicApiAndLearnWhatWasWritten() {
        String email = "past-" + UUID.randomUUID() + "@history.example";
        UserSummary rep = new People(users, transactions).create("past.rep." + tag, Role.SALES_REP, null);
        byte[] leadsFile = ("email,name,source,created,mql,sal,sql,opportunity,won,sdr\n" + email
                + ",Past Buyer,expo,2025-02-01,2025-02-03,2025-02-05,2025-02-10,2025-02-11,2025-03-20,\n"
                + "not-an-email,Broken,expo,2025-02-01,,,,,,\n"
                + "other-" + email + ",Nobody's,expo,2025-02-01,2025-02-03,,,,,nobody." + tag + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] dealsFile = ("email,deal,amount,currency,opened,won,owner\n" + email + ",Past deal,120000,CNY,2025-02-11,"
                + "2025-03-20," + rep.username() + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(past.importLeads("past.csv", leadsFile, Actor.SYSTEM)).as("the broken rows are skipped").isEqualTo(1);
        assertThat(past.importDeals("past-deals.csv", dealsFile, Actor.SYSTEM)).isEqualTo(1);
    }

    @Test
    void leadsWithStageDatesAndTheirDealsFeedTheReports() {
        People people = new People(users, transactions);
        UserSummary rep = people.create("hist.rep", Role.SALES_REP, null);
        AnalyticsFixture fixture = new AnalyticsFixture(jdbc);
        UUID campaign = fixture.campaign("Expo " + tag, "2025-02-01", "2025-03-31", "5000.00");
        String campaignName = "Expo " + tag + " " + fixture.region;
        String leads = """
                email,name,source,region,campaign,created,mql,sal,sql,opportunity,won,disqualified,reason
                a-%1$s@example.com,An,expo,%2$s,%3$s,2025-03-01,2025-03-03,2025-03-05,2025-03-10,2025-03-20,,,
                b-%1$s@example.com,Bo,expo,%2$s,,2025-03-02,2025-03-04,,,,,2025-03-08,student
                c-%1$s@example.com,Cai,expo,%2$s,,2025/3/2,,,,,,,
                d-%1$s@example.com,Du,expo,%2$s,,2025-03-03,2025-02-31,,,,,,
                e-%1$s@example.com,E,expo,%2$s,No such campaign,2025-03-03,,,,,,,
                f-%1$s@example.com,Fu,expo,%2$s,,2025-03-05,2025-03-01,,,,,,
                """.formatted(tag, region, campaignName);

        HistoryImport.Result imported = history.run(HistoryImport.Kind.LEADS, "leads.csv",
                leads.getBytes(StandardCharsets.UTF_8), Actor.SYSTEM);

        assertThat(imported.rows()).isEqualTo(6);
        assertThat(imported.created()).isEqualTo(3);
        assertThat(imported.problems()).extracting(HistoryImport.RowProblem::row).containsExactly(5, 6, 7);
        assertThat(imported.problems().get(0).message()).contains("mql", "2025-02-31");
        assertThat(imported.problems().get(1).message()).contains("No such campaign");
        assertThat(imported.problems().get(2).message()).contains("before the lead's creation");

        String dealsFile = """
                email,deal,amount,opened,won,owner
                a-%1$s@example.com,Line 3 automation,"10,000",2025-03-20,2025-04-15,%2$s
                nobody-%1$s@example.com,Ghost,500,2025-03-20,,
                """.formatted(tag, rep.username());
        HistoryImport.Result dealt = history.run(HistoryImport.Kind.DEALS, "deals.csv",
                dealsFile.getBytes(StandardCharsets.UTF_8), Actor.SYSTEM);
        assertThat(dealt.deals()).isEqualTo(1);
        assertThat(dealt.problems()).extracting(HistoryImport.RowProblem::row).containsExactly(3);

        AnalyticsFilter spring = new AnalyticsFilter(LocalDate.parse("2025-03-01"), LocalDate.parse("2025-04-30"),
                null, null, null, region, null, null, null, null);
        long[] cohort = new long[6];
        funnel.entries(spring, Dimension.NONE, null).stream().filter(e -> e.stage() == FunnelStage.LEAD)
                .forEach(e -> {
                    cohort[0] += e.entered();
                    for (int y = 1; y < 6; y++) {
                        cohort[y] += e.reached()[y];
                    }
                });
        // An, Bo, Cai created; An and Bo became MQL; An went all the way, won on 15 April with the imported deal
        assertThat(cohort).containsExactly(3, 2, 1, 1, 1, 1);
        DealQueries.Contribution contribution = DealQueries.contribution(deals.deals(spring));
        assertThat(contribution.revenue().total()).isEqualByComparingTo("10000");
        assertThat(contribution.revenue().marketingSourcedCount()).isEqualTo(1);
        assertThat(DealQueries.attribute(deals.deals(spring), AttributionModel.FIRST_TOUCH, Duration.ofDays(7))
                .get(campaign).revenue()).isEqualByComparingTo("10000");
        assertThat(deals.quality(spring)).containsExactly(
                new DealQueries.QualityLine("expo", null, "DISQUALIFIED", "student", 1));

        // importing the same file again changes nothing in the history
        int historyRows = historyRows();
        HistoryImport.Result again = history.run(HistoryImport.Kind.LEADS, "leads.csv",
                leads.getBytes(StandardCharsets.UTF_8), Actor.SYSTEM);
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isEqualTo(3);
        assertThat(historyRows()).isEqualTo(historyRows);
    }

    private int historyRows() {
        return jdbc.sql("""
                select count(*) from lead_stage_history h join lead l on l.id = h.lead_id where l.province = :region
                """).param("region", region).query(Integer.class).single();
    }

    @Test
    void chineseHeadersFromExcelAndGbkFilesAreRead() throws Exception {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(xlsx, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("线索");
        List<String> header = List.of("邮箱", "姓名", "来源", "地区", "创建日期", "mql");
        for (int c = 0; c < header.size(); c++) {
            sheet.value(0, c, header.get(c));
        }
        sheet.value(1, 0, "x-" + tag + "@example.com");
        sheet.value(1, 1, "王芳");
        sheet.value(1, 2, "expo");
        sheet.value(1, 3, region);
        sheet.value(1, 4, LocalDate.parse("2025-05-06"));
        sheet.value(1, 5, "2025-05-09");
        workbook.finish();
        HistoryImport.Result fromExcel = history.run(HistoryImport.Kind.LEADS, "线索.xlsx", xlsx.toByteArray(),
                Actor.SYSTEM);
        assertThat(fromExcel.problems()).isEmpty();
        assertThat(fromExcel.created()).isEqualTo(1);

        String gbk = "邮箱,姓名,来源,地区,创建日期\ny-" + tag + "@example.com,李雷,expo," + region + ",2025-05-07\n";
        HistoryImport.Result fromGbk = history.run(HistoryImport.Kind.LEADS, "leads.csv",
                gbk.getBytes(Charset.forName("GBK")), Actor.SYSTEM);
        assertThat(fromGbk.problems()).isEmpty();

        Map<String, Object> wang = jdbc.sql("""
                select l.name, l.source, l.created_at, d.first_entered_at from lead l
                join lead_stage_date d on d.lead_id = l.id and d.stage = 'MQL' where l.email = :email
                """).param("email", "x-" + tag + "@example.com").query().singleRow();
        assertThat(wang.get("name")).isEqualTo("王芳");
        assertThat(jdbc.sql("select name from lead where email = :email").param("email", "y-" + tag + "@example.com")
                .query(String.class).single()).isEqualTo("李雷");
    }

    @Test
    void marketingUploadsAFileOnThePageAndReadsWhatWasRefused() {
        People people = new People(users, transactions);
        WebSession session = people.session(port, people.create("hist.marketer", Role.MARKETING, null));
        assertThat(session.get("/analytics/history").status()).isEqualTo(200);

        WebSession.Page page = session.upload("/analytics/history", Map.of("kind", "LEADS"), "file", "leads.csv",
                ("email,created,mql\nz-" + tag + "@example.com,2025-06-01,not a day\n").getBytes(StandardCharsets.UTF_8));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"history-problems\"", "not a day");
        WebSession.Page empty = session.upload("/analytics/history", Map.of("kind", "LEADS"), "file", "none.csv",
                new byte[0]);
        assertThat(empty.body()).contains("id=\"history-error\"");
    }
}
