package io.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import io.tandem.TandemApplication;
import io.tandem.analytics.AnalyticsFilter;
import io.tandem.analytics.AttributionModel;
import io.tandem.analytics.Dimension;
import io.tandem.analytics.FunnelStage;
import io.tandem.analytics.internal.DrillDown;
import io.tandem.analytics.internal.Reports;
import io.tandem.planning.internal.PlanDefaults;
import io.tandem.planning.internal.PlanVsActual;
import io.tandem.support.WebSession;

/**
 * {@code ./mvnw -Pbench verify -Dbench.only=analytics}: generates 1,000,000 leads (scale with {@code -Dbench.leads}),
 * 20 activities and a tenth of an opportunity per lead, with stage dates, campaigns, memberships, handoffs and calls,
 * straight into the tables with SQL ({@code generate_series}); then times every query the dashboards and the planner
 * make, warm, and the three dashboard pages over HTTP ({@code -Dbench.queries=executive}: only the queries whose name
 * contains that). The database stays in target/bench-analytics and is reused by
 * the next run of the same size (delete the directory to generate again).
 */
final class AnalyticsBench {

    private static final int RUNS = 20;
    private static final int WARMUP = 3;

    private final int leads;
    private final Path directory = Path.of("target", "bench-analytics");
    private final Map<String, String> results;

    AnalyticsBench(int leads, Map<String, String> results) {
        this.leads = leads;
        this.results = results;
    }

    void run() throws Exception {
        Path marker = directory.resolve("generated-" + leads);
        boolean reuse = Files.exists(marker);
        if (!reuse) {
            FileSystemUtils.deleteRecursively(directory);
            Files.createDirectories(directory);
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TandemApplication.class).run(
                "--tandem.embedded-db.data-directory=" + directory.resolve("postgres"),
                "--tandem.embedded-db.clean-on-start=" + !reuse, "--tandem.embedded-db.durable=true",
                "--tandem.admin-password=bench-admin-password",
                "--tandem.storage-directory=" + directory.resolve("files"), "--server.port=0",
                "--logging.level.root=warn", "--logging.level.io.tandem=warn", "--spring.main.banner-mode=off",
                "--spring.datasource.url=", "--tandem.sla.poll-interval=PT1H");
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            if (!reuse) {
                generate(jdbc);
                Files.writeString(marker, LocalDate.now().toString());
            }
            Path vacuumed = directory.resolve("vacuumed");
            if (!Files.exists(vacuumed)) {
                // what autovacuum does on a live database: visibility maps let index-only scans skip the heap
                step(jdbc, "vacuum analyze", "vacuum analyze");
                Files.writeString(vacuumed, LocalDate.now().toString());
            }
            results.put("Data", String.format("%,d leads, %,d activities, %,d opportunities, %,d orders, %,d stage "
                    + "dates, %,d campaign members, %,d handoffs", count(jdbc, "lead"), count(jdbc, "activity"),
                    count(jdbc, "opportunity"), count(jdbc, "sales_order"), count(jdbc, "lead_stage_date"),
                    count(jdbc, "campaign_member"), count(jdbc, "handoff")));
            time(app);
        } finally {
            app.close();
        }
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private void step(JdbcTemplate jdbc, String name, String sql) {
        long start = System.nanoTime();
        jdbc.execute(sql);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-40s %7.1f s%n", name, seconds);
        results.put("Generate: " + name, String.format("%.1f s", seconds));
    }

    private void generate(JdbcTemplate jdbc) {
        int n = leads;
        String reps = "md5('U' || (1 + g.n % 20))::uuid";
        step(jdbc, "users and teams", """
                insert into team (id, name, created_at) select md5('T' || k)::uuid, 'Bench team ' || k, now()
                from generate_series(1, 3) k;
                insert into app_user (id, username, display_name, password_hash, roles, team_id, created_at)
                select md5('U' || k)::uuid, 'bench.user' || k, 'Bench user ' || k, 'x',
                       case when k <= 20 then '{SALES_REP}'::text[] else '{SDR}'::text[] end,
                       md5('T' || (1 + k % 3))::uuid, now()
                from generate_series(1, 30) k;
                insert into campaign (id, name, type, channel, status, start_date, end_date, actual_cost, created_at,
                                      updated_at)
                select md5('C' || k)::uuid, 'Campaign ' || k, 'WEBINAR',
                       (array['webinar','event','content','paid','wechat','email'])[1 + k % 6], 'ACTIVE',
                       (now() - interval '365 days' + k * interval '7 days')::date,
                       (now() - interval '305 days' + k * interval '7 days')::date, 10000 + k * 1000, now(), now()
                from generate_series(1, 50) k;
                """);
        step(jdbc, "lead progressions", """
                create unlogged table bench_gen as
                select g.n, md5('L' || g.n)::uuid as id, now() - random() * interval '365 days' as created,
                       random() as r, 1 + random() * 6 as d1, 0.5 + random() * 5 as d2, 1 + random() * 10 as d3,
                       2 + random() * 15 as d4, 10 + random() * 60 as d5
                from generate_series(1, %d) g(n);
                create view bench_stages as
                select n, id, created, r,
                    case when r < 0.30 and created + d1 * interval '1 day' <= now()
                         then created + d1 * interval '1 day' end as mql,
                    case when r < 0.20 and created + (d1 + d2) * interval '1 day' <= now()
                         then created + (d1 + d2) * interval '1 day' end as sal,
                    case when r < 0.145 and created + (d1 + d2 + d3) * interval '1 day' <= now()
                         then created + (d1 + d2 + d3) * interval '1 day' end as sql,
                    case when r < 0.115 and created + (d1 + d2 + d3 + d4) * interval '1 day' <= now()
                         then created + (d1 + d2 + d3 + d4) * interval '1 day' end as opp,
                    case when r < 0.035 and created + (d1 + d2 + d3 + d4 + d5) * interval '1 day' <= now()
                         then created + (d1 + d2 + d3 + d4 + d5) * interval '1 day' end as won,
                    case when r >= 0.035 and r < 0.07 and created + (d1 + d2 + d3 + d4 + d5) * interval '1 day' <= now()
                         then created + (d1 + d2 + d3 + d4 + d5) * interval '1 day' end as lost,
                    case when r >= 0.30 and r < 0.34 and created + d1 * interval '1 day' <= now()
                         then created + d1 * interval '1 day' end as disq
                from bench_gen;
                """.formatted(n));
        step(jdbc, "leads", """
                insert into lead (id, name, email, source, first_campaign_id, province, industry, owner_id, sdr_id,
                                  stage, stage_changed_at, created_at, updated_at, created_via)
                select g.id, 'Lead ' || g.n, 'lead' || g.n || '@bench.example',
                       (array['web_form','webinar','expo','content','paid_search','wechat','referral','manual'])
                           [1 + g.n %% 8],
                       case when g.n %% 10 < 6 then md5('C' || (1 + g.n %% 50))::uuid end,
                       (array['北京','上海','广东','江苏','浙江','山东','四川','湖北','福建','河南','湖南','安徽'])
                           [1 + (g.n / 7) %% 12],
                       (array['Manufacturing','Software','Finance','Retail','Healthcare','Energy','Education',
                              'Logistics'])[1 + (g.n / 11) %% 8],
                       case when g.n %% 10 < 3 or g.sal is not null then %s end,
                       case when g.mql is not null then md5('U' || (21 + g.n %% 10))::uuid end,
                       case when g.won is not null then 'WON' when g.lost is not null then 'LOST'
                            when g.opp is not null then 'OPPORTUNITY' when g.sql is not null then 'SQL'
                            when g.sal is not null then 'SAL' when g.mql is not null then 'MQL'
                            when g.disq is not null then 'DISQUALIFIED' else 'LEAD' end,
                       coalesce(g.won, g.lost, g.opp, g.sql, g.sal, g.mql, g.disq), g.created, g.created, 'BENCH'
                from bench_stages g
                """.formatted(reps));
        step(jdbc, "stage dates and history", """
                insert into lead_stage_date (lead_id, stage, first_entered_at)
                select id, s, at from bench_stages, lateral (values ('MQL', mql), ('SAL', sal), ('SQL', sql),
                    ('OPPORTUNITY', opp), ('WON', won), ('LOST', lost), ('DISQUALIFIED', disq)) v(s, at)
                where at is not null;
                insert into lead_stage_history (lead_id, to_stage, occurred_at, actor, reason, source)
                select lead_id, stage, first_entered_at, 'bench',
                       case when stage = 'DISQUALIFIED'
                            then (array['student','competitor','no budget','spam'])[1 + abs(hashtext(lead_id::text)) % 4]
                       end, 'bench'
                from lead_stage_date d join bench_gen g on g.id = d.lead_id;
                """);
        step(jdbc, "campaign members", """
                insert into campaign_member (campaign_id, lead_id, status, status_rank, joined_at, status_at)
                select md5('C' || (1 + n % 50))::uuid, id, 'ATTENDED', 50, created, created from bench_gen
                where n % 10 < 6;
                insert into campaign_member (campaign_id, lead_id, status, status_rank, joined_at, status_at)
                select md5('C' || (1 + (n * 7 + 3) % 50))::uuid, id, 'REGISTERED', 40,
                       least(created + d1 / 2 * interval '1 day', now()), least(created + d1 / 2 * interval '1 day', now())
                from bench_gen where n % 10 < 3 and (1 + (n * 7 + 3) % 50) <> (1 + n % 50);
                """);
        step(jdbc, "opportunities and orders", """
                insert into opportunity (id, name, owner_id, stage, amount, currency, expected_close, probability,
                                         created_at, updated_at, closed_at, lost_reason)
                select md5('O' || n)::uuid, 'Deal ' || n, md5('U' || (1 + n % 20))::uuid,
                       case when won is not null then 'WON' when lost is not null then 'LOST' else 'PROPOSAL' end,
                       10000 + (n % 50) * 2000, 'CNY', (opp + interval '60 days')::date,
                       case when won is not null then 100 when lost is not null then 0 else 60 end,
                       opp, coalesce(won, lost, opp), coalesce(won, lost), case when lost is not null then 'PRICE' end
                from bench_stages where opp is not null;
                insert into opportunity_contact (opportunity_id, lead_id, role, is_primary, added_at)
                select md5('O' || n)::uuid, id, 'PRIMARY', true, opp from bench_stages where opp is not null;
                insert into opportunity_campaign (opportunity_id, campaign_id)
                select md5('O' || s.n)::uuid, m.campaign_id from bench_stages s
                join campaign_member m on m.lead_id = s.id where s.opp is not null on conflict do nothing;
                insert into sales_order (id, opportunity_id, amount, currency, won_on, created_at)
                select md5('S' || n)::uuid, md5('O' || n)::uuid, 10000 + (n % 50) * 2000, 'CNY',
                       (won at time zone 'Asia/Shanghai')::date, won
                from bench_stages where won is not null;
                """);
        step(jdbc, "handoffs and calls", """
                insert into handoff (id, lead_id, sdr_id, rep_id, status, qualification, notes, transferred_at,
                                     answered_at, answered_by, reason_code)
                select md5('H' || n)::uuid, id, md5('U' || (21 + n % 10))::uuid, md5('U' || (1 + n % 20))::uuid,
                       'ACCEPTED', '{}'::jsonb, 'bench', sal - interval '2 hours', sal, 'bench', null::text
                from bench_stages where sal is not null
                union all
                select md5('H' || n)::uuid, id, md5('U' || (21 + n % 10))::uuid, md5('U' || (1 + n % 20))::uuid,
                       'REJECTED', '{}'::jsonb, 'bench', mql + interval '1 day', mql + interval '2 days', 'bench',
                       (array['BAD_CONTACT_DATA','NOT_A_FIT','ALREADY_CUSTOMER','DUPLICATE','NO_BUDGET','NO_NEED'])
                           [1 + n % 6]
                from bench_stages where mql is not null and sal is null and n % 5 = 0
                     and mql + interval '2 days' <= now()
                union all
                select md5('H' || n)::uuid, id, md5('U' || (21 + n % 10))::uuid, md5('U' || (1 + n % 20))::uuid,
                       'PENDING', '{}'::jsonb, 'bench', mql + interval '1 hour', null::timestamptz, null::text, null::text
                from bench_stages where mql is not null and sal is null and n % 50 = 1;
                insert into sdr_call (id, lead_id, sdr_id, occurred_at, disposition, notes)
                select md5('K' || n)::uuid, id, md5('U' || (21 + n % 10))::uuid, mql + interval '1 hour',
                       'QUALIFIED', 'bench'
                from bench_stages where mql is not null and n % 5 < 3;
                """);
        int activities = n * 20;
        jdbc.execute("alter table activity drop constraint activity_pkey");
        jdbc.execute("drop index activity_lead_idx");
        jdbc.execute("drop index activity_campaign_idx");
        long start = System.nanoTime();
        int chunk = 2_000_000;
        for (int from = 1; from <= activities; from += chunk) {
            int to = Math.min(activities, from + chunk - 1);
            jdbc.execute("""
                    insert into activity (id, lead_id, type, occurred_at, campaign_id, source, recorded_at)
                    select gen_random_uuid(), md5('L' || (1 + (a::bigint * 7919) %% %d))::uuid,
                           (array['PAGE_VIEW','PAGE_VIEW','PAGE_VIEW','PAGE_VIEW','PAGE_VIEW','EMAIL_OPENED',
                                  'EMAIL_OPENED','EMAIL_CLICKED','CONTENT_DOWNLOADED','FORM_SUBMITTED'])[1 + a %% 10],
                           now() - random() * interval '365 days',
                           case when a %% 5 = 0 then md5('C' || (1 + a %% 50))::uuid end, 'bench', now()
                    from generate_series(%d, %d) a
                    """.formatted(n, from, to));
            System.out.printf("activities %,d of %,d%n", to, activities);
        }
        results.put("Generate: activities (without indexes)", String.format("%.1f s",
                (System.nanoTime() - start) / 1e9));
        step(jdbc, "activity indexes", """
                alter table activity add primary key (id);
                create index activity_lead_idx on activity (lead_id, occurred_at desc);
                create index activity_campaign_idx on activity (campaign_id, occurred_at) where campaign_id is not null;
                """);
        step(jdbc, "analyze", "drop view bench_stages; drop table bench_gen; analyze");
    }

    private void time(ConfigurableApplicationContext app) throws Exception {
        Reports reports = app.getBean(Reports.class);
        DrillDown drill = app.getBean(DrillDown.class);
        PlanDefaults defaults = app.getBean(PlanDefaults.class);
        PlanVsActual pacing = app.getBean(PlanVsActual.class);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.now(zone);
        AnalyticsFilter quarter = AnalyticsFilter.period(today.minusDays(89), today);
        AnalyticsFilter year = AnalyticsFilter.period(today.minusDays(364), today);
        AnalyticsFilter webinar = new AnalyticsFilter(today.minusDays(89), today, "webinar", null, null, null, null,
                null, null, null);
        var plan = defaults.defaults(12).inputs();

        List<String[]> lines = new ArrayList<>();
        lines.add(measure("executive: contribution + attribution (W-shaped), 90 days",
                () -> reports.deals(quarter, AttributionModel.W_SHAPED, 7, false, false)));
        lines.add(measure("executive: funnel, cohort of leads, 90 days",
                () -> reports.funnel(quarter, Dimension.NONE, FunnelStage.LEAD, null)));
        lines.add(measure("executive / sales: velocity, 90 days", () -> reports.velocity(quarter)));
        lines.add(measure("marketing: attribution + ROI (time decay), 90 days",
                () -> reports.deals(quarter, AttributionModel.TIME_DECAY, 7, false, true)));
        lines.add(measure("marketing: attribution by channel (full path), 90 days",
                () -> reports.deals(quarter, AttributionModel.FULL_PATH, 7, true, false)));
        lines.add(measure("marketing: cohort by source, 90 days",
                () -> reports.funnel(quarter, Dimension.SOURCE, FunnelStage.LEAD, null)));
        lines.add(measure("marketing: lead quality, 90 days", () -> reports.quality(quarter)));
        lines.add(measure("sales: cohort of SAL by rep within 30 days, 90 days",
                () -> reports.funnel(quarter, Dimension.REP, FunnelStage.SAL, 30)));
        lines.add(measure("sales: cohort by team, 90 days",
                () -> reports.funnel(quarter, Dimension.TEAM, FunnelStage.LEAD, null)));
        lines.add(measure("sales: aging over 30 days", () -> reports.aging(quarter, 30)));
        lines.add(measure("sales: leaks, 90 days", () -> reports.leaks(quarter)));
        lines.add(measure("filtered (source = webinar): funnel, 90 days",
                () -> reports.funnel(webinar, Dimension.NONE, FunnelStage.LEAD, null)));
        lines.add(measure("leads behind a figure: lead → MQL, first 500, 90 days", () -> drill.leads(quarter,
                new DrillDown.Request(DrillDown.Metric.REACHED, FunnelStage.LEAD, FunnelStage.MQL, null, null, 30,
                        null, null, null), DrillDown.LIMIT, io.tandem.lead.LeadScope.EVERYTHING)));
        lines.add(measure("year: funnel, cohort of leads, 365 days",
                () -> reports.funnel(year, Dimension.MONTH, FunnelStage.LEAD, null)));
        lines.add(measure("year: contribution + attribution (W-shaped), 365 days",
                () -> reports.deals(year, AttributionModel.W_SHAPED, 7, false, true)));
        io.tandem.analytics.FunnelHistory history = app.getBean(io.tandem.analytics.FunnelHistory.class);
        lines.add(measure("planner: learning defaults from 12 months (uncached)", () -> history.defaults(
                AnalyticsFilter.period(today.minusMonths(12).plusDays(1), today))));
        lines.add(measure("planner: defaults from 12 months (as the page asks, cached 10 min)",
                () -> defaults.defaults(12)));
        lines.add(measure("planner: plan against actual", () -> pacing.compare(plan, null)));

        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        WebSession admin = WebSession.signedIn(port, "admin", "bench-admin-password");
        for (String page : List.of("executive", "marketing", "sales")) {
            lines.add(measure("page over HTTP: /analytics/" + page + " (90 days)", () -> {
                WebSession.Page answer = admin.get("/analytics/" + page);
                if (answer.status() != 200) {
                    throw new IllegalStateException(page + " answered " + answer.status());
                }
                return answer;
            }));
        }
        StringBuilder table = new StringBuilder("| Query (warm, " + RUNS + " runs) | p50 | p95 | max |\n|---|---|---|---|\n");
        lines.forEach(line -> table.append("| ").append(String.join(" | ", line)).append(" |\n"));
        results.put("Timings", "\n\n" + table);
    }

    private String[] measure(String name, Callable<?> query) throws Exception {
        String only = System.getProperty("bench.queries", "");
        if (!only.isBlank() && !name.contains(only)) {
            return new String[] { name, "not run", "", "" };
        }
        long slowest = 0;
        for (int i = 0; i < WARMUP; i++) {
            long start = System.nanoTime();
            query.call();
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        // a query far over the goal is timed 5 times, not 20: the verdict is the same and the run stays short
        int runs = slowest > 2_000_000_000L ? 5 : RUNS;
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            query.call();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        String[] line = { runs == RUNS ? name : name + " (" + runs + " runs)",
                fmt(millis[(int) Math.ceil(0.5 * runs) - 1]), fmt(millis[(int) Math.ceil(0.95 * runs) - 1]),
                fmt(millis[runs - 1]) };
        System.out.printf("%-60s p50 %s  p95 %s  max %s%n", name, line[1], line[2], line[3]);
        return line;
    }

    private static String fmt(double millis) {
        return String.format("%.0f ms", millis);
    }

    static Map<String, String> newResults() {
        return new LinkedHashMap<>();
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
