package io.tandem.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.tandem.TandemApplication;
import io.tandem.calendar.internal.CalendarStore;
import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignType;
import io.tandem.routing.internal.RoutingRule.Target;
import io.tandem.routing.internal.RoutingSettings;
import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.TokenScope;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserManagement;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.shared.Actor;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speed to lead: hand-raiser form submissions, while background activity events keep arriving, each timed from the
 * form's HTTP response until its lead is routed to an SDR, the e-mail telling that SDR has been accepted by a local
 * SMTP server (GreenMail) and the team's Feishu group robot message has reached a local receiver. Run with
 * {@code ./mvnw -Pbench verify -Dbench.only=speed-to-lead}.
 */
final class SpeedToLead {

    static final int SUBMISSIONS = Integer.getInteger("bench.submissions", 1_000);
    /**
     * One a second: a Feishu group robot takes 100 messages a minute (WeCom and DingTalk 20), so faster hand-raisers
     * for one team would measure the platform's limit — their messages are combined — rather than Tandem.
     */
    static final int SUBMISSIONS_PER_SECOND = Integer.getInteger("bench.submissionRate", 1);
    static final int BACKGROUND_EVENTS_PER_SECOND = Integer.getInteger("bench.backgroundRate", 5_000);
    /**
     * The background's people: enough that each gets a plausible number of events a day (5,000 events a second over
     * 20,000 people would be 250 each in the run, and the daily caps of scoring read a person's day).
     */
    static final int KNOWN_LEADS = Integer.getInteger("bench.knownLeads", 200_000);
    static final int SDRS = 8;
    static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final Path directory = Path.of("target", "bench-speed-to-lead");
    private final Map<String, String> results;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    SpeedToLead(Map<String, String> results) {
        this.results = results;
    }

    void run(Benchmarks.MemoryWatch memory) throws Exception {
        FileSystemUtils.deleteRecursively(directory);
        Files.createDirectories(directory);
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, Instant> messaged = new ConcurrentHashMap<>();
        com.sun.net.httpserver.HttpServer feishu = feishuReceiver(messaged);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TandemApplication.class).run(
                "--tandem.embedded-db.data-directory=" + directory.resolve("postgres"),
                "--tandem.embedded-db.clean-on-start=true", "--tandem.embedded-db.durable=true",
                "--tandem.admin-password=bench-admin-password",
                "--tandem.storage-directory=" + directory.resolve("files"), "--server.port=0",
                "--logging.level.root=warn", "--logging.level.io.tandem=warn", "--spring.main.banner-mode=off",
                "--spring.datasource.url=", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--tandem.forms.submissions-per-minute-per-ip=1000000");
        memory.start();
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String token = token(app);
            String formKey = setUp(app, "http://127.0.0.1:" + feishu.getAddress().getPort()
                    + "/open-apis/bot/v2/hook/bench");
            List<String> known = knownLeads(port, token);

            Map<String, Instant> mailed = new ConcurrentHashMap<>();
            Thread mailWatch = watchMail(smtp, mailed);
            AtomicLong backgroundSent = new AtomicLong();
            Random random = new Random(11);
            // batches of 1,000 five times a second, from two senders so that one slow answer does not hold the rate
            int perTick = BACKGROUND_EVENTS_PER_SECOND / 5;
            for (int sender = 0; sender < 2; sender++) {
                background.scheduleAtFixedRate(() -> backgroundSent.addAndGet(sendBackground(port, token, known,
                        perTick, random)), sender * 200, 400, TimeUnit.MILLISECONDS);
            }

            submit(port, formKey, "warm-up", 50, new LinkedHashMap<>());
            JdbcTemplate warmJdbc = app.getBean(JdbcTemplate.class);
            org.awaitility.Awaitility.await().atMost(GIVE_UP).until(() -> warmJdbc.queryForObject(
                    "select count(*) from routing_decision d join lead l on l.id = d.lead_id "
                            + "where l.name like 'Hand-raiser warm-up %'", Long.class) == 50);
            long backgroundBefore = backgroundSent.get();
            long started = System.nanoTime();
            Map<String, Instant> answered = new LinkedHashMap<>();
            submit(port, formKey, "timed", SUBMISSIONS, answered);
            double submitting = (System.nanoTime() - started) / 1e9;
            double backgroundRate = (backgroundSent.get() - backgroundBefore) / submitting;

            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            try {
                org.awaitility.Awaitility.await().atMost(GIVE_UP).pollInterval(Duration.ofMillis(200))
                        .until(() -> routedAt(jdbc).keySet().containsAll(answered.keySet())
                                && mailed.keySet().containsAll(answered.keySet())
                                && messaged.keySet().containsAll(answered.keySet()));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported below as hand-raisers not handled within the time given
            }
            Map<String, Instant> routed = routedAt(jdbc);
            background.shutdownNow();
            mailWatch.interrupt();
            System.out.printf("Outbox backlog at the end: %s%n", jdbc.queryForList("select event_type || ' ' || "
                    + "count(*) from event_publication where completion_date is null group by event_type",
                    String.class));
            System.out.printf("Routed %d, mailed %d, messaged %d of %d; deliveries %s%n", routed.size(),
                    mailed.size(), messaged.size(), answered.size(), jdbc.queryForList("select status || ' ' || count(*) from notification_delivery "
                            + "group by status", String.class));
            System.out.println(jdbc.queryForList("""
                    select 'routed to notified p50 ' || percentile_cont(0.5) within group (order by extract(epoch from
                               n.created_at - r.decided_at)) || ' s, notified to sent p50 '
                           || percentile_cont(0.5) within group (order by extract(epoch from d.sent_at - n.created_at))
                           || ' s'
                    from notification n join routing_decision r on r.lead_id = n.lead_id
                    join notification_delivery d on d.notification_id = n.id where n.kind = 'ASSIGNED_TO_YOU'
                    """, String.class));
            report(answered, routed, mailed, messaged, backgroundRate);
        } finally {
            background.shutdownNow();
            memory.stop();
            app.close();
            smtp.stop();
            feishu.stop(0);
        }
    }

    /** One inbound SDR team working around the clock, a weighted pool of them, and a campaign with a hosted form. */
    private String setUp(ConfigurableApplicationContext app, String robotUrl) {
        TransactionTemplate transactions = app.getBean(TransactionTemplate.class);
        Actor bench = new Actor(null, "bench", "127.0.0.1");
        return transactions.execute(tx -> {
            CalendarStore calendars = app.getBean(CalendarStore.class);
            UUID allDay = calendars.create("Around the clock", "Asia/Shanghai", bench);
            Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
            for (DayOfWeek day : DayOfWeek.values()) {
                hours.put(day, "00:00-23:59:59");
            }
            calendars.updateHours(allDay, "Asia/Shanghai", hours, bench);
            UserManagement users = app.getBean(UserManagement.class);
            UUID team = users.createTeam("Inbound SDRs", bench);
            calendars.assignTeam(team, allDay, bench);
            RoutingSettings routing = app.getBean(RoutingSettings.class);
            UUID pool = routing.createPool("Inbound", bench);
            for (int i = 1; i <= SDRS; i++) {
                UUID sdr = users.createUser(new NewUser("sdr" + i, "SDR " + i, "sdr" + i + "@bench.example",
                        "bench-password-2026", EnumSet.of(Role.SDR), team), bench).id();
                routing.saveMember(pool, sdr, 1, null, null, bench);
            }
            routing.saveRule(null, "Inbound demo requests", List.of(), Target.POOL, null, pool, true, bench);
            app.getBean(io.tandem.notification.internal.RobotChannels.class).create(
                    new io.tandem.notification.internal.RobotChannels.Change(
                            io.tandem.notification.internal.RobotKind.FEISHU, "Inbound SDRs group", robotUrl,
                            "bench-feishu-secret", team, List.of("ASSIGNED_TO_YOU"), "zh-CN", true), bench);
            UUID campaign = app.getBean(CampaignManagement.class).planCampaign(new CampaignDetails("Demo page",
                    CampaignType.CONTENT, "web", null, null, null, null, null, null, null, null, true, null,
                    "我同意接收产品资讯"), bench).id();
            return app.getBean(JdbcTemplate.class).queryForObject("select form_key from campaign where id = ?",
                    String.class, campaign);
        });
    }

    private List<String> knownLeads(int port, String token) throws Exception {
        List<String> emails = new ArrayList<>();
        for (int page = 0; page < KNOWN_LEADS / 1000; page++) {
            List<Map<String, Object>> leads = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String email = "known-" + page + "-" + i + "@visitors.example";
                emails.add(email);
                leads.add(Map.of("email", email, "name", "Known " + page + "-" + i));
            }
            HttpResponse<String> response = post(port, token, "/api/v1/leads/batch", Map.of("leads", leads));
            if (response.statusCode() >= 300 && response.statusCode() != 207) {
                throw new IllegalStateException("Leads batch: " + response.statusCode() + " " + response.body());
            }
        }
        return emails;
    }

    private static final String[] BACKGROUND_TYPES = { "PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW", "EMAIL_OPENED",
        "EMAIL_CLICKED", "CONTENT_DOWNLOADED" };

    private long sendBackground(int port, String token, List<String> known, int count, Random random) {
        List<Map<String, Object>> activities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // what a marketing system reports arrives within the day it happened
            activities.add(Map.of("type", BACKGROUND_TYPES[random.nextInt(BACKGROUND_TYPES.length)],
                    "occurredAt", Instant.now().minusSeconds(random.nextInt(86_400)).toString(),
                    "email", known.get(random.nextInt(known.size()))));
        }
        try {
            return post(port, token, "/api/v1/activities/batch", Map.of("activities", activities)).statusCode() == 200
                    ? count : 0;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    /** Hand-raisers at a steady pace; each one's moment is when its form's response arrived. */
    private void submit(int port, String formKey, String prefix, int count, Map<String, Instant> answered)
            throws Exception {
        long interval = 1_000_000_000L / SUBMISSIONS_PER_SECOND;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += interval;
            String name = "Hand-raiser " + prefix + " " + i;
            String body = Map.of("name", name, "email", prefix + "-" + i + "@buyer-" + (i % 97) + ".example.cn",
                    "company", "Buyer " + (i % 97), "consent", "yes", "intent", "demo").entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/f/" + formKey)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Form submission: " + response.statusCode());
            }
            answered.put(name, Instant.now());
        }
    }

    /**
     * A local stand-in for Feishu's webhook: answers as Feishu does and notes when each hand-raiser's name arrives
     * (a message may carry several).
     */
    private static com.sun.net.httpserver.HttpServer feishuReceiver(Map<String, Instant> messaged) throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("Hand-raiser timed \\d+");
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Instant now = Instant.now();
            java.util.regex.Matcher matcher = name.matcher(body);
            while (matcher.find()) {
                messaged.putIfAbsent(matcher.group(), now);
            }
            byte[] answer = "{\"code\":0,\"msg\":\"success\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }

    /** When each hand-raiser was given to an SDR, by lead name. */
    private static Map<String, Instant> routedAt(JdbcTemplate jdbc) {
        Map<String, Instant> routed = new LinkedHashMap<>();
        jdbc.query("""
                select l.name, d.decided_at from routing_decision d join lead l on l.id = d.lead_id
                where d.outcome = 'ASSIGNED' and l.name like 'Hand-raiser timed %'
                """, rs -> {
            routed.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
        return routed;
    }

    /** Notes the moment each message reaches the SMTP server, by the lead name in its subject. */
    private static Thread watchMail(GreenMail smtp, Map<String, Instant> mailed) {
        Thread watch = new Thread(() -> {
            // GreenMail lists messages mailbox by mailbox, so new ones may appear anywhere in the list
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (!Thread.currentThread().isInterrupted()) {
                // blocks until one more message than seen so far has arrived (or a second passed)
                smtp.waitForIncomingEmail(1_000, seen.size() + 1);
                MimeMessage[] messages = smtp.getReceivedMessages();
                Instant now = Instant.now();
                for (MimeMessage message : messages) {
                    try {
                        if (!seen.add(message.getMessageID())) {
                            continue;
                        }
                        String subject = message.getSubject();
                        int start = subject.indexOf("Hand-raiser timed ");
                        if (start >= 0) {
                            String rest = subject.substring(start);
                            String name = rest.replaceAll("^(Hand-raiser timed \\d+).*$", "$1");
                            mailed.putIfAbsent(name, now);
                        }
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }, "mail-watch");
        watch.setDaemon(true);
        watch.start();
        return watch;
    }

    private void report(Map<String, Instant> answered, Map<String, Instant> routed, Map<String, Instant> mailed,
            Map<String, Instant> messaged, double backgroundRate) {
        List<Long> toRouted = new ArrayList<>();
        List<Long> toMailed = new ArrayList<>();
        List<Long> toMessaged = new ArrayList<>();
        List<Long> toAll = new ArrayList<>();
        int missing = 0;
        for (Map.Entry<String, Instant> entry : answered.entrySet()) {
            Instant routedAt = routed.get(entry.getKey());
            Instant mailedAt = mailed.get(entry.getKey());
            Instant messagedAt = messaged.get(entry.getKey());
            if (routedAt == null || mailedAt == null || messagedAt == null) {
                missing++;
                continue;
            }
            toRouted.add(millis(entry.getValue(), routedAt));
            toMailed.add(millis(entry.getValue(), mailedAt));
            toMessaged.add(millis(entry.getValue(), messagedAt));
            Instant last = java.util.Collections.max(List.of(routedAt, mailedAt, messagedAt));
            toAll.add(millis(entry.getValue(), last));
        }
        results.put("Date", LocalDate.now().toString());
        results.put("Hand-raiser form submissions (timed)", String.format("%,d at %d/s, %,d of them not routed, "
                + "mailed and messaged within %d s", answered.size(), SUBMISSIONS_PER_SECOND, missing,
                GIVE_UP.toSeconds()));
        results.put("Background activity events meanwhile", String.format("%,.0f events/s (target %,d)",
                backgroundRate, BACKGROUND_EVENTS_PER_SECOND));
        results.put("Form response → SDR assigned", percentiles(toRouted));
        results.put("Form response → e-mail accepted by the SMTP server", percentiles(toMailed));
        results.put("Form response → Feishu group message received", percentiles(toMessaged));
        results.put("**Form response → assigned, e-mailed and messaged (all three)**", percentiles(toAll));
    }

    private static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static String percentiles(List<Long> millis) {
        if (millis.isEmpty()) {
            return "no measurement";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format("p50 %d ms, p90 %d ms, p99 %d ms, max %d ms", at(sorted, 0.50), at(sorted, 0.90),
                at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private HttpResponse<String> post(int port, String token, String path, Object body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(ConfigurableApplicationContext app) {
        UUID admin = app.getBean(UserDirectory.class).findByUsername("admin").orElseThrow().id();
        return app.getBean(ApiTokenService.class).issue(admin, "bench", EnumSet.of(TokenScope.ACTIVITIES_WRITE,
                TokenScope.LEADS_WRITE), new Actor(admin, "bench", "127.0.0.1")).token();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
