package io.tandem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import io.tandem.TandemApplication;
import io.tandem.activity.ActivityType;
import io.tandem.capture.internal.imports.ImportJob;
import io.tandem.capture.internal.imports.ImportJobs;
import io.tandem.security.TokenScope;
import io.tandem.security.UserDirectory;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.shared.Actor;
import io.tandem.shared.Ids;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mvnw -Pbench verify}: imports a generated million-row lead list through the real import job and sends a
 * million activity events through the batch API over loopback, each beside the raw batched-insert speed of the same
 * rows into the same database, and reports the peak memory of the process serving them.
 */
public final class Benchmarks {

    private static final int LEADS = Integer.getInteger("bench.leads", 1_000_000);
    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int BATCH = 5_000;
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    /** Activities sent (and scored) before ingestion is timed. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100_000);
    /**
     * {@code rescore}: only the re-scoring step, on the database a previous full run left in target/bench;
     * {@code import}: only the lead import (step 1).
     */
    private static final String ONLY = System.getProperty("bench.only", "");
    /** Prints where PostgreSQL's time went during the import (pg_stat_statements). */
    private static final boolean STATEMENTS = Boolean.getBoolean("bench.statements");

    /** A realistic mix: mostly page views and emails, few hand-raisers. */
    static final String[] ACTIVITY_MIX = weighted(Map.of("PAGE_VIEW", 50, "EMAIL_OPENED", 20, "EMAIL_CLICKED", 10,
            "CONTENT_DOWNLOADED", 8, "FORM_SUBMITTED", 5, "WEBINAR_ATTENDED", 3, "EVENT_REGISTERED", 2,
            "DEMO_REQUESTED", 1, "UNSUBSCRIBED", 1));

    private static String[] weighted(Map<String, Integer> weights) {
        List<String> mix = new ArrayList<>();
        weights.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> { for (int i = 0; i < entry.getValue(); i++) { mix.add(entry.getKey()); } });
        return mix.toArray(String[]::new);
    }

    private final Path directory = Path.of("target", "bench");
    private final MemoryWatch memory = new MemoryWatch();
    private final Map<String, String> results = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new Benchmarks().run();
        System.exit(0);
    }

    void run() throws Exception {
        if (ONLY.equals("speed-to-lead")) {
            try {
                new SpeedToLead(results).run(memory);
            } finally {
                results.put("Peak heap used (server and client in one JVM)", (memory.peakHeap >> 20) + " MB");
                results.put("Peak resident set size of the JVM", (memory.peakRss >> 20) + " MB");
                report();
            }
            return;
        }
        if (ONLY.equals("crm")) {
            try {
                new CrmBench(results).run(memory);
            } finally {
                results.put("Peak heap used (server, simulator and client in one JVM)", (memory.peakHeap >> 20) + " MB");
                report();
            }
            return;
        }
        if (ONLY.equals("analytics")) {
            try {
                new AnalyticsBench(LEADS, results).run();
            } finally {
                report();
            }
            return;
        }
        boolean rescoreOnly = ONLY.equals("rescore");
        boolean importOnly = ONLY.equals("import");
        if (!ONLY.isEmpty() && !rescoreOnly && !importOnly) {
            throw new IllegalArgumentException("bench.only knows \"import\", \"rescore\", \"speed-to-lead\", \"crm\" and "
                    + "\"analytics\", "
                    + "not \"" + ONLY
                    + "\"");
        }
        if (rescoreOnly && !Files.isDirectory(directory.resolve("postgres"))) {
            throw new IllegalStateException("-Dbench.only=rescore needs the database of a full run in " + directory);
        }
        Path csv = directory.resolve("leads.csv");
        int people = 0;
        if (!rescoreOnly) {
            FileSystemUtils.deleteRecursively(directory);
            Files.createDirectories(directory);
            long generating = System.nanoTime();
            people = BenchData.writeLeadCsv(csv, LEADS);
            System.out.printf("Generated %,d rows (%,d distinct people, %,d MB) in %.1f s%n", LEADS, people,
                    Files.size(csv) >> 20, seconds(generating));
        }

        List<String> arguments = new ArrayList<>(List.of(
                "--tandem.embedded-db.data-directory=" + directory.resolve("postgres"),
                "--tandem.embedded-db.clean-on-start=" + !rescoreOnly, "--tandem.embedded-db.durable=true",
                "--tandem.admin-password=bench-admin-password",
                "--tandem.storage-directory=" + directory.resolve("files"), "--server.port=0",
                "--logging.level.root=warn", "--logging.level.io.tandem=warn", "--db-scheduler.polling-interval=1s",
                "--logging.level.io.tandem.capture.internal.imports.ImportRunner=info",
                "--spring.main.banner-mode=off", "--spring.datasource.url="));
        if (STATEMENTS) {
            arguments.add("--tandem.embedded-db.settings.shared_preload_libraries=pg_stat_statements");
            arguments.add("--tandem.embedded-db.settings[pg_stat_statements.track]=all");
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TandemApplication.class)
                .run(arguments.toArray(String[]::new));
        memory.start();
        try {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            if (rescoreOnly) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                benchRescore(app, jdbc, port, activitiesToken(app));
            } else {
                benchImport(app, jdbc, csv, people);
                if (!importOnly) {
                    benchActivities(app, jdbc);
                }
            }
        } finally {
            memory.stop();
            results.put("Peak heap used (server and client in one JVM)", (memory.peakHeap >> 20) + " MB");
            results.put("Peak resident set size of the JVM", (memory.peakRss >> 20) + " MB");
            report();
            app.close();
        }
    }

    private void benchImport(ConfigurableApplicationContext app, JdbcTemplate jdbc, Path csv, int people)
            throws Exception {
        jdbc.execute("create table bench_raw_lead (like lead including defaults)");
        long raw = System.nanoTime();
        List<Object[]> batch = new ArrayList<>(BATCH);
        Timestamp now = Timestamp.from(Instant.now());
        long rows = 0;
        try (var reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                var parser = CSVFormat.RFC4180.builder().setSkipHeaderRecord(true).setHeader().get().parse(reader)) {
            for (CSVRecord record : parser) {
                batch.add(new Object[] { Ids.next(), record.get(0), emptyToNull(record.get(1)),
                        emptyToNull(record.get(2)), record.get(3), record.get(4), record.get(5), record.get(6), now,
                        now, "bench" });
                if (batch.size() == BATCH) {
                    insertRawLeads(jdbc, batch);
                    rows += batch.size();
                    batch.clear();
                }
            }
        }
        insertRawLeads(jdbc, batch);
        rows += batch.size();
        double rawSeconds = seconds(raw);
        results.put("Raw batched insert of the lead rows (no dedupe, no indexes)",
                String.format("%,d rows in %.1f s = %,.0f rows/s", rows, rawSeconds, rows / rawSeconds));
        jdbc.execute("drop table bench_raw_lead");

        ImportJobs jobs = app.getBean(ImportJobs.class);
        Actor actor = new Actor(null, "bench", "127.0.0.1");
        if (WARMUP > 0) {
            warmUpImport(jobs, csv.resolveSibling("warm-up.csv"), actor);
        }
        long leadsBefore = jdbc.queryForObject("select count(*) from lead where merged_into is null", Long.class);
        long upload = System.nanoTime();
        UUID id;
        try (InputStream in = Files.newInputStream(csv)) {
            id = jobs.upload(in, "leads.csv", null, actor);
        }
        double uploadSeconds = seconds(upload);
        ImportJob job = jobs.get(id);
        if (STATEMENTS) {
            jdbc.execute("create extension if not exists pg_stat_statements");
            jdbc.execute("select pg_stat_statements_reset()");
        }
        long started = System.nanoTime();
        double[] cpuBefore = cpuSeconds();
        jobs.start(id, job.targets(), null, "bench", false, actor);
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofHours(2))
                .until(() -> !jobs.get(id).isRunning());
        double importSeconds = seconds(started);
        double[] cpuAfter = cpuSeconds();
        job = jobs.get(id);
        long leads = jdbc.queryForObject("select count(*) from lead where merged_into is null", Long.class)
                - leadsBefore;
        results.put("Upload check of the file (encoding, structure, row count)",
                String.format("%.1f s", uploadSeconds));
        results.put("Tandem import with dedupe (import job, chunks of 5,000" + (WARMUP > 0 ? ", after "
                + String.format("%,d", WARMUP) + " warm-up rows of other people" : "") + ")",
                String.format("%,d rows in %.1f s = %,.0f rows/s; %s: %,d created, %,d updated, %,d errors; "
                        + "%,d leads for %,d people", job.processedRows(), importSeconds,
                        job.processedRows() / importSeconds, job.status(), job.createdLeads(), job.updatedLeads(),
                        job.failedRows(), leads, people));
        results.put("CPU time of the import (JVM / PostgreSQL), from /proc",
                String.format("%.1f s / %.1f s = %.1f µs per row", cpuAfter[0] - cpuBefore[0],
                        cpuAfter[1] - cpuBefore[1],
                        (cpuAfter[0] - cpuBefore[0] + cpuAfter[1] - cpuBefore[1]) * 1e6 / job.processedRows()));
        if (STATEMENTS) {
            printStatements(jdbc, "the import", job.processedRows());
        }
    }

    /**
     * Imports a small file of other people at other companies, untimed, and waits for the JIT compiler to go quiet:
     * a freshly started JVM compiles the application's start-up code and then the import path for tens of CPU
     * seconds (jdk.Compilation events), which a server that has run a while has done. The timed import then does the
     * same work as without it, into a pool that holds the warm-up's leads too.
     */
    private static void warmUpImport(ImportJobs jobs, Path file, Actor actor) throws Exception {
        long started = System.nanoTime();
        BenchData.writeLeadCsv(file, WARMUP, 90_000_000, "预热公司", "warm-up-company");
        UUID id;
        try (InputStream in = Files.newInputStream(file)) {
            id = jobs.upload(in, "warm-up.csv", null, actor);
        }
        jobs.start(id, jobs.get(id).targets(), null, "bench", false, actor);
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofHours(1))
                .until(() -> !jobs.get(id).isRunning());
        // Quiet: under 50 ms of compiling in each of four half-seconds running.
        var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        long[] compiled = { compiler.getTotalCompilationTime() };
        int[] quietPolls = { 0 };
        boolean quiet = true;
        try {
            org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        long now = compiler.getTotalCompilationTime();
                        quietPolls[0] = now - compiled[0] < 50 ? quietPolls[0] + 1 : 0;
                        compiled[0] = now;
                        return quietPolls[0] >= 4;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            quiet = false;
        }
        System.out.printf("Warm-up import of %,d rows and %s after %.1f s%n", WARMUP,
                quiet ? "a quiet JIT compiler" : "a JIT compiler still busy after a minute", seconds(started));
    }

    /** The statements that took most of PostgreSQL's time, in microseconds per imported row or event. */
    private static void printStatements(JdbcTemplate jdbc, String during, long rows) {
        System.out.println("PostgreSQL statements during " + during + " (µs per row or event, calls, max ms, WAL bytes"
                + " per row or event, statement):");
        jdbc.query("""
                select total_exec_time, calls, max_exec_time, wal_bytes,
                       regexp_replace(left(query, 140), '\\s+', ' ', 'g')
                from pg_stat_statements order by total_exec_time desc limit 25
                """, rs -> {
            System.out.printf("%8.2f %8d %8.1f %8.1f  %s%n", rs.getDouble(1) * 1000 / rows, rs.getLong(2),
                    rs.getDouble(3), rs.getDouble(4) / rows, rs.getString(5));
        });
    }

    /**
     * CPU seconds (user and system) of this JVM and of the embedded PostgreSQL (its postmaster, the finished
     * backends it waited for, and the running ones). On a machine shared with other work, these move less than the
     * wall-clock rates do.
     */
    private double[] cpuSeconds() throws IOException {
        double ticks = 100.0;
        double jvm = cpuOf(ProcessHandle.current().pid(), false) / ticks;
        long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("postgres/postmaster.pid")).get(0)
                .strip());
        long pg = cpuOf(postmaster, true);
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList())
                .orElse(List.of())) {
            pg += cpuOf(child.pid(), false);
        }
        return new double[] { jvm, pg / ticks };
    }

    private static long cpuOf(long pid, boolean withWaitedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withWaitedChildren ? cpu + Long.parseLong(f[13]) + Long.parseLong(f[14]) : cpu;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void insertRawLeads(JdbcTemplate jdbc, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into bench_raw_lead (id, name, email, phone, company, title, province, source, "
                    + "created_at, updated_at, created_via) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    private void benchActivities(ConfigurableApplicationContext app, JdbcTemplate jdbc) throws Exception {
        UUID campaign = UUID.fromString(jdbc.queryForObject("""
                insert into campaign (id, name, type, status, created_at, updated_at)
                values (gen_random_uuid(), 'Bench webinar', 'WEBINAR', 'ACTIVE', now(), now()) returning id::text
                """, String.class));
        List<UUID> leadIds = jdbc.queryForList("select id from lead where merged_into is null limit 100000",
                UUID.class);
        jdbc.execute("create table bench_raw_activity (like activity including defaults)");
        Random random = new Random(7);
        ActivityType[] types = ActivityType.values();
        long raw = System.nanoTime();
        List<Object[]> rows = new ArrayList<>(BATCH);
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < EVENTS; i++) {
            rows.add(new Object[] { Ids.next(), leadIds.get(random.nextInt(leadIds.size())),
                    ACTIVITY_MIX[random.nextInt(ACTIVITY_MIX.length)], Timestamp.from(Instant.now().minusSeconds(
                            random.nextInt(15_552_000))), i % 5 == 0 ? campaign : null, "{\"url\":\"/pricing\"}",
                    "bench", "raw-" + i, now });
            if (rows.size() == BATCH) {
                jdbc.batchUpdate("insert into bench_raw_activity (id, lead_id, type, occurred_at, campaign_id, "
                        + "properties, source, external_id, recorded_at) values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)",
                        rows);
                rows.clear();
            }
        }
        double rawSeconds = seconds(raw);
        results.put("Raw batched insert of the activity rows (no resolution, no indexes)",
                String.format("%,d rows in %.1f s = %,.0f rows/s", EVENTS, rawSeconds, EVENTS / rawSeconds));
        jdbc.execute("drop table bench_raw_activity");

        String token = activitiesToken(app);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonMapper json = JsonMapper.builder().build();
        if (WARMUP > 0) {
            // The JIT compiles the ingestion path on the first batches; a server that has run a while has done so.
            send(WARMUP, "warm-", port, token, campaign, json, client);
            awaitEmptyOutbox(jdbc);
        }
        if (STATEMENTS) {
            jdbc.execute("select pg_stat_statements_reset()");
        }
        long started = System.nanoTime();
        long[] sent = send(EVENTS, "", port, token, campaign, json, client);
        double seconds = seconds(started);
        results.put("Tandem activity ingestion (batch API over loopback, " + CLIENTS + " clients, 5,000 per call, after "
                + String.format("%,d", WARMUP) + " warm-up events)",
                String.format("%,d events in %.1f s = %,.0f events/s (%,d accepted, %d failed calls)", EVENTS,
                        seconds, EVENTS / seconds, sent[0], sent[1]));
        awaitEmptyOutbox(jdbc);
        double scored = seconds(started);
        long mqls = jdbc.queryForObject("select count(*) from lead_stage_history where rule like 'scoring:%'",
                Long.class);
        results.put("Tandem activity ingestion with scoring and MQL evaluation (until every event is scored)",
                String.format("%,d events in %.1f s = %,.0f events/s; %,d leads became MQL", EVENTS, scored,
                        EVENTS / scored, mqls));
        if (STATEMENTS) {
            printStatements(jdbc, "the ingestion", EVENTS);
        }
        benchRescore(app, jdbc, port, token);
    }

    /**
     * Sends {@code events} activities in batches of 5,000 from {@link #CLIENTS} threads: 90 % about known leads, 10 %
     * about new people, one in five for the campaign. {@code prefix} keeps event ids and new people apart between calls.
     *
     * @return events accepted and failed calls
     */
    private static long[] send(int events, String prefix, int port, String token, UUID campaign, JsonMapper json,
            HttpClient client) throws Exception {
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        int batches = events / BATCH;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            work.add(pool.submit(() -> {
                Random clientRandom = new Random(Thread.currentThread().getId());
                int b;
                while ((b = nextBatch.getAndIncrement()) < batches) {
                    List<Map<String, Object>> activities = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        int n = b * BATCH + i;
                        int person = clientRandom.nextInt(LEADS);
                        Map<String, Object> activity = new LinkedHashMap<>();
                        activity.put("eventId", prefix + "ev-" + n);
                        activity.put("type", ACTIVITY_MIX[clientRandom.nextInt(ACTIVITY_MIX.length)]);
                        activity.put("occurredAt", Instant.now().minusSeconds(clientRandom.nextInt(15_552_000))
                                .toString());
                        activity.put("email", n % 10 == 0 ? prefix + "new" + n + "@visitors.example"
                                : BenchData.knownEmail(person));
                        if (n % 5 == 0) {
                            activity.put("campaignId", campaign.toString());
                        }
                        activity.put("properties", Map.of("url", "/pricing"));
                        activities.add(activity);
                    }
                    HttpResponse<String> response = postActivities(activities, port, token, json, client);
                    if (response.statusCode() == 200) {
                        accepted.addAndGet(json.readTree(response.body()).get("accepted").asLong());
                    } else {
                        failures.incrementAndGet();
                        System.err.println("Batch " + b + ": " + response.statusCode() + " " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        pool.shutdown();
        return new long[] { accepted.get(), failures.get() };
    }

    /**
     * The re-score is timed over at least as many leads as the file has rows (a million by default): the import makes
     * 87 % of that and ingestion adds its new people; the rest arrive here as first visits of new people, untimed.
     */
    private static void topUpToOneLeadPerRow(JdbcTemplate jdbc, int port, String token, JsonMapper json,
            HttpClient client) throws Exception {
        long live = jdbc.queryForObject("select count(*) from lead where merged_into is null", Long.class);
        for (long n = live; n < LEADS; n += BATCH) {
            List<Map<String, Object>> activities = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                activities.add(Map.of("type", "PAGE_VIEW", "occurredAt", Instant.now().toString(),
                        "email", "first-visit-" + (n + i) + "@visitors.example"));
            }
            HttpResponse<String> response = postActivities(activities, port, token, json, client);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Top-up batch: " + response.statusCode() + " " + response.body());
            }
        }
        awaitEmptyOutbox(jdbc);
    }

    private static HttpResponse<String> postActivities(List<Map<String, Object>> activities, int port, String token,
            JsonMapper json, HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/activities/batch"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("activities", activities))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitEmptyOutbox(JdbcTemplate jdbc) {
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofHours(1))
                .until(() -> jdbc.queryForObject("select count(*) from event_publication where completion_date is null",
                        Long.class) == 0);
    }

    private static String activitiesToken(ConfigurableApplicationContext app) {
        UUID admin = app.getBean(UserDirectory.class).findByUsername("admin").orElseThrow().id();
        return app.getBean(ApiTokenService.class).issue(admin, "bench", EnumSet.of(TokenScope.ACTIVITIES_WRITE),
                new Actor(admin, "bench", "127.0.0.1")).token();
    }

    /** Changes a rule and times the re-scoring of every lead while a client keeps sending activities. */
    private void benchRescore(ConfigurableApplicationContext app, JdbcTemplate jdbc, int port, String token)
            throws Exception {
        io.tandem.scoring.internal.ScoringRules rules = app.getBean(io.tandem.scoring.internal.ScoringRules.class);
        io.tandem.scoring.internal.Rescorer rescorer = app.getBean(io.tandem.scoring.internal.Rescorer.class);
        TransactionTemplate transactions = app.getBean(TransactionTemplate.class);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonMapper json = JsonMapper.builder().build();
        topUpToOneLeadPerRow(jdbc, port, token, json, client);
        Thread ingestion = new Thread(() -> {
            Random random = new Random(11);
            int batch = 0;
            while (running.get()) {
                List<Map<String, Object>> activities = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    activities.add(Map.of("eventId", "during-rescore-" + batch + "-" + i,
                            "type", ACTIVITY_MIX[random.nextInt(ACTIVITY_MIX.length)],
                            "occurredAt", Instant.now().toString(),
                            "email", BenchData.knownEmail(random.nextInt(LEADS))));
                }
                try {
                    HttpResponse<String> response = postActivities(activities, port, token, json, client);
                    if (response.statusCode() == 200) {
                        sent.addAndGet(activities.size());
                    }
                } catch (IOException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                batch++;
            }
        }, "ingestion-during-rescore");
        ingestion.start();
        long leads = jdbc.queryForObject("select count(*) from lead where merged_into is null", Long.class);
        long started = System.nanoTime();
        transactions.executeWithoutResult(tx -> rules.add(new io.tandem.scoring.ScoringRule(null,
                io.tandem.scoring.RuleKind.FIT, "Benchmark rule", "province", io.tandem.scoring.FitOperator.IN,
                "浙江,上海", null, null, 7, null, true), new Actor(null, "bench", "127.0.0.1")));
        int version = jdbc.queryForObject("select ruleset_version from scoring_settings where id = 1", Integer.class);
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofHours(1))
                .until(() -> rescorer.latest().filter(job -> job.rulesetVersion() == version
                        && job.status().equals("COMPLETED")).isPresent());
        double seconds = seconds(started);
        running.set(false);
        ingestion.join();
        results.put("Full re-score after a rule change, while a client keeps sending activities",
                String.format("%,d leads in %.1f s = %,.0f leads/s; meanwhile %,d events ingested (%,.0f events/s)",
                        leads, seconds, leads / seconds, sent.get(), sent.get() / seconds));
    }

    private void report() throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("| Measurement | Result |\n|---|---|\n");
        text.append("| Date | ").append(LocalDate.now()).append(" |\n");
        text.append("| Machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(totalMemory()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(", Java ").append(System.getProperty("java.version"))
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MB |\n");
        results.forEach((name, value) -> text.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        System.out.println();
        System.out.println(text);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(ONLY.isEmpty() || ONLY.equals("rescore") ? "results.md" : ONLY + ".md"), text);
    }

    private static String totalMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ")
                    .replace("MemTotal: ", "") + " RAM";
        } catch (IOException e) {
            return "unknown RAM";
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Samples heap use and resident memory every 100 ms. */
    static final class MemoryWatch {
        volatile long peakHeap;
        volatile long peakRss;
        private final java.util.concurrent.ScheduledExecutorService sampler = Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "memory-watch");
                    thread.setDaemon(true);
                    return thread;
                });

        void start() {
            sampler.scheduleAtFixedRate(() -> {
                long heap = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        heap += pool.getUsage().getUsed();
                    }
                }
                peakHeap = Math.max(peakHeap, heap);
                peakRss = Math.max(peakRss, rss());
            }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        void stop() {
            sampler.shutdownNow();
        }

        private static long rss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }
    }

}
