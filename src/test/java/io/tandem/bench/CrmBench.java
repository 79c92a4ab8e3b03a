package io.tandem.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import io.tandem.TandemApplication;
import io.tandem.connectors.internal.ConnectorAdmin;
import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.TokenScope;
import io.tandem.security.UserDirectory;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.shared.Actor;
import io.tandem.support.SalesforceSimulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CRM bridge's speed ({@code -Dbench.only=crm}), against the local Salesforce simulator answering every API call
 * after 50 ms: (1) transfers out through the API at 100 a second, each timed from the API call until Tandem has
 * Salesforce's answer that the record was upserted (crm_link.delivered_at); (2) a backlog of 100,000 queued leads —
 * as an outage would leave them — drained through sObject Collections.
 */
final class CrmBench {

    static final int RATE = Integer.getInteger("bench.crmRate", 100);
    static final int TRANSFERS = Integer.getInteger("bench.crmTransfers", 3_000);
    static final int BACKLOG = Integer.getInteger("bench.crmBacklog", 100_000);
    static final int LATENCY_MILLIS = Integer.getInteger("bench.crmLatency", 50);

    private final Map<String, String> results;
    private final Path directory = Path.of("target", "bench-crm");
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    CrmBench(Map<String, String> results) {
        this.results = results;
    }

    void run(Benchmarks.MemoryWatch memory) throws Exception {
        FileSystemUtils.deleteRecursively(directory);
        Files.createDirectories(directory);
        try (SalesforceSimulator salesforce = new SalesforceSimulator()) {
            salesforce.latency(LATENCY_MILLIS);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(TandemApplication.class).run(
                    "--tandem.embedded-db.data-directory=" + directory.resolve("postgres"),
                    "--tandem.embedded-db.clean-on-start=true", "--tandem.embedded-db.durable=true",
                    "--tandem.admin-password=bench-admin-password",
                    "--tandem.storage-directory=" + directory.resolve("files"), "--server.port=0",
                    "--logging.level.root=warn", "--logging.level.io.tandem=warn", "--spring.main.banner-mode=off",
                    "--spring.datasource.url=", "--tandem.connectors.pull-interval=PT1H");
            memory.start();
            try {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                String token = token(app);
                UUID connector = connector(app, salesforce);
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

                baseline(salesforce);
                List<UUID> warmUp = mqls(app, port, token, "warm", 300);
                transferAtRate(port, token, connector, warmUp, jdbc);
                List<UUID> measured = mqls(app, port, token, "measured", TRANSFERS);
                Map<UUID, Instant> clicked = transferAtRate(port, token, connector, measured, jdbc);
                List<Long> millis = new ArrayList<>();
                Map<UUID, Instant> delivered = deliveredAt(jdbc, connector);
                int missing = 0;
                for (UUID lead : measured) {
                    Instant at = delivered.get(lead);
                    if (at == null) {
                        missing++;
                    } else {
                        millis.add(Math.max(0, Duration.between(clicked.get(lead), at).toMillis()));
                    }
                }
                results.put("Transfer out → upsert accepted (" + TRANSFERS + " transfers at " + RATE + "/s, "
                        + LATENCY_MILLIS + " ms per Salesforce call)", percentiles(millis)
                        + (missing == 0 ? "" : "; " + missing + " not delivered within 60 s"));
                results.put("Salesforce calls for them", salesforce.requestsTo(SalesforceSimulator.API) + " ("
                        + salesforce.requestsTo(SalesforceSimulator.API + "/composite") + " collections)");

                // The backlog: leads already transferred out while the CRM was away, waiting in the queue.
                List<UUID> backlog = mqls(app, port, token, "backlog", BACKLOG);
                jdbc.update("update crm_connector set paused_until = now() + interval '1 hour' where id = ?",
                        connector);
                queue(jdbc, connector, backlog);
                salesforce.resetRequests();
                long draining = System.nanoTime();
                jdbc.update("update crm_connector set paused_until = null where id = ?", connector);
                long deliveredCount = 0;
                while (deliveredCount < BACKLOG && System.nanoTime() - draining < Duration.ofMinutes(30).toNanos()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                    deliveredCount = jdbc.queryForObject("""
                            select count(*) from crm_delivery where connector_id = ? and cause = 'backlog'
                            and state = 'DELIVERED'""", Long.class, connector);
                }
                double seconds = (System.nanoTime() - draining) / 1e9;
                results.put("Backlog drain of " + String.format("%,d", BACKLOG) + " queued leads",
                        String.format("%,d delivered in %.1f s = %,.0f leads/s, %,d collection calls of ≤200 records "
                                + "(4 at once)", deliveredCount, seconds, deliveredCount / seconds,
                                salesforce.requestsTo(SalesforceSimulator.API + "/composite")));
                results.put("Records in the simulator / created", salesforce.leads().size() + " / "
                        + salesforce.created() + " (expected " + (warmUp.size() + TRANSFERS + BACKLOG
                                + BASELINE_SINGLE + BACKLOG) + ", the baseline's included)");
            } finally {
                app.close();
            }
        }
    }

    static final int BASELINE_SINGLE = 300;

    /**
     * The floor under both numbers, measured in the same run without Tandem: single upserts sent straight from this
     * client to the simulator (what one transfer cannot beat), and the backlog's records sent straight as collections
     * of 200, 4 calls at once (what a drain cannot beat).
     */
    private void baseline(SalesforceSimulator salesforce) throws Exception {
        HttpResponse<String> granted = client.send(HttpRequest.newBuilder(URI.create(salesforce.baseUrl()
                + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + SalesforceSimulator.CLIENT_ID + "&client_secret=" + SalesforceSimulator.CLIENT_SECRET))
                .build(), HttpResponse.BodyHandlers.ofString());
        String bearer = "Bearer " + json.readTree(granted.body()).get("access_token").asString();
        List<Long> single = new ArrayList<>();
        for (int i = 0; i < BASELINE_SINGLE; i++) {
            long started = System.nanoTime();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(salesforce.baseUrl()
                    + SalesforceSimulator.API + "/sobjects/Lead/" + SalesforceSimulator.EXTERNAL_ID + "/"
                    + UUID.randomUUID()))
                    .header("Authorization", bearer).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"LastName\":\"Baseline " + i
                            + "\",\"Company\":\"Baseline Industrial\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            single.add((System.nanoTime() - started) / 1_000_000);
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("the simulator refused a baseline upsert: " + answer.statusCode() + " "
                        + answer.body());
            }
        }
        results.put("Baseline: one upsert sent straight to the simulator (" + BASELINE_SINGLE + " in a row)",
                percentiles(single));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
        for (int from = 0; from < BACKLOG; from += 200) {
            int first = from;
            calls.add(callers.submit(() -> {
                StringBuilder body = new StringBuilder("{\"allOrNone\":false,\"records\":[");
                for (int i = first; i < Math.min(BACKLOG, first + 200); i++) {
                    body.append(i == first ? "" : ",").append("{\"attributes\":{\"type\":\"Lead\"},\"")
                            .append(SalesforceSimulator.EXTERNAL_ID).append("\":\"").append(UUID.randomUUID())
                            .append("\",\"LastName\":\"Baseline ").append(i)
                            .append("\",\"Company\":\"Baseline Industrial\"}");
                }
                body.append("]}");
                return client.send(HttpRequest.newBuilder(URI.create(salesforce.baseUrl() + SalesforceSimulator.API
                        + "/composite/sobjects/Lead/" + SalesforceSimulator.EXTERNAL_ID)).header("Authorization", bearer)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
            }));
        }
        for (java.util.concurrent.Future<?> call : calls) {
            HttpResponse<?> answer = (HttpResponse<?>) call.get();
            if (answer.statusCode() != 200 || String.valueOf(answer.body()).contains("\"success\":false")) {
                throw new IllegalStateException("the simulator refused a baseline collection: " + answer.statusCode()
                        + " " + String.valueOf(answer.body()).substring(0, Math.min(300,
                                String.valueOf(answer.body()).length())));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        callers.shutdown();
        results.put("Baseline: " + String.format("%,d", BACKLOG) + " records sent straight as collections of 200 "
                + "(4 at once)", String.format("%.1f s = %,.0f records/s", seconds, BACKLOG / seconds));
        salesforce.resetRequests();
    }

    private Map<UUID, Instant> transferAtRate(int port, String token, UUID connector, List<UUID> leads,
            JdbcTemplate jdbc) throws Exception {
        Map<UUID, Instant> clicked = new ConcurrentHashMap<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long periodMicros = 1_000_000L / RATE;
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= leads.size()) {
                return;
            }
            UUID lead = leads.get(i);
            senders.execute(() -> {
                clicked.put(lead, Instant.now());
                try {
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + port + "/api/v1/leads/" + lead + "/crm-transfers")).header("Authorization", "Bearer "
                                    + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"connectorId\":\"" + connector + "\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 202) {
                        System.err.println("transfer refused: " + answer.statusCode() + " " + answer.body());
                    }
                } catch (Exception e) {
                    System.err.println("transfer failed: " + e);
                }
            });
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        long started = System.nanoTime();
        while (System.nanoTime() - started < Duration.ofSeconds(leads.size() / RATE + 60).toNanos()) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            if (next.get() >= leads.size() && deliveredAt(jdbc, connector).keySet().containsAll(leads)) {
                break;
            }
        }
        ticker.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
        return clicked;
    }

    private static Map<UUID, Instant> deliveredAt(JdbcTemplate jdbc, UUID connector) {
        Map<UUID, Instant> delivered = new HashMap<>();
        jdbc.query("select lead_id, delivered_at from crm_link where connector_id = ? and delivered_at is not null",
                rs -> {
                    delivered.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                }, connector);
        return delivered;
    }

    private static void queue(JdbcTemplate jdbc, UUID connector, List<UUID> leads) {
        UUID[] ids = leads.toArray(UUID[]::new);
        jdbc.update("""
                insert into crm_link (connector_id, lead_id, transferred_at, transferred_by)
                select ?, unnest(?), now(), 'bench'""", connector, ids);
        jdbc.update("""
                insert into crm_delivery (connector_id, lead_id, state, cause, first_queued_at, next_attempt_at)
                select ?, unnest(?), 'PENDING', 'backlog', now(), now()""", connector, ids);
    }

    private List<UUID> mqls(ConfigurableApplicationContext app, int port, String token, String prefix, int count)
            throws Exception {
        List<UUID> leads = new ArrayList<>();
        for (int from = 0; from < count; from += 1_000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1_000); i++) {
                Map<String, Object> lead = new LinkedHashMap<>();
                lead.put("name", "Bench " + prefix + " " + i);
                lead.put("email", prefix + "." + i + "@crm-bench.example.cn");
                lead.put("company", "Bench Industrial " + (i % 997));
                lead.put("title", "Purchasing manager");
                lead.put("source", "web_form");
                batch.add(lead);
            }
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/leads/batch")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("leads", batch))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            json.readTree(answer.body()).get("results").forEach(r -> leads.add(UUID.fromString(r.get("id").asString())));
        }
        TransactionTemplate transactions = app.getBean(TransactionTemplate.class);
        LeadStages stages = app.getBean(LeadStages.class);
        for (int from = 0; from < leads.size(); from += 5_000) {
            List<UUID> chunk = leads.subList(from, Math.min(leads.size(), from + 5_000));
            transactions.executeWithoutResult(tx -> stages.moveAllIfAllowed(chunk.stream()
                    .map(lead -> new LeadStages.RuleMove(lead, "bench", "demo request")).toList(), Stage.MQL,
                    Actor.SYSTEM));
        }
        return leads;
    }

    private static UUID connector(ConfigurableApplicationContext app, SalesforceSimulator salesforce) {
        ConnectorAdmin admin = app.getBean(ConnectorAdmin.class);
        Actor actor = new Actor(null, "bench", "bench");
        UUID id = admin.create("Salesforce (bench)", ConnectorKind.SALESFORCE, actor);
        admin.saveSettings(id, "Salesforce (bench)", true, Map.of("loginUrl", salesforce.baseUrl(), "clientId",
                SalesforceSimulator.CLIENT_ID), Map.of("clientSecret", SalesforceSimulator.CLIENT_SECRET),
                java.util.Set.of(), 10_000_000, 4, actor);
        return id;
    }

    private static String token(ConfigurableApplicationContext app) {
        UUID admin = app.getBean(UserDirectory.class).findByUsername("admin").orElseThrow().id();
        return app.getBean(ApiTokenService.class).issue(admin, "bench", EnumSet.of(TokenScope.LEADS_WRITE),
                new Actor(admin, "bench", "127.0.0.1")).token();
    }

    private static String percentiles(List<Long> millis) {
        if (millis.isEmpty()) {
            return "no measurement";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format("p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (n = %d)", at(sorted, 0.50),
                at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
