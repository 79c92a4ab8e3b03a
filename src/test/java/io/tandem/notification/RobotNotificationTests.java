package io.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Handoffs;
import io.tandem.handoff.Qualification;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.notification.internal.Inbox;
import io.tandem.notification.internal.RobotChannel;
import io.tandem.notification.internal.RobotChannels;
import io.tandem.notification.internal.RobotDeliveries;
import io.tandem.notification.internal.RobotKind;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.WebSession;
import io.tandem.support.WebhookReceiver;
import io.tandem.support.WebhookReceiver.Answer;
import io.tandem.support.WebhookReceiver.Request;
import tools.jackson.databind.JsonNode;

/**
 * Group robots: each platform gets its documented format and signature from a local receiver's point of view, a burst
 * of notifications arrives as few combined messages within the robots' 20 a minute, and a rate-limit answer delays a
 * message instead of losing it.
 */
@IntegrationTest
class RobotNotificationTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final String DINGTALK_SECRET = "SEC8f2a6c1d9e4b7a3f0c5d8e1b4a7c2f9e6d3b0a5c8f1e4d7b2a9c6f3e0d5b8a1";
    static final String FEISHU_SECRET = "qXv3mT9kLp2sW8nR5yB1";

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    RobotChannels channels;
    @Autowired
    RobotDeliveries robots;
    @Autowired
    Inbox inbox;
    @Autowired
    LeadStages stages;
    @Autowired
    Handoffs handoffs;
    @Autowired
    LeadScores scores;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    WebhookReceiver receiver;
    People people;
    String tag;
    UUID team;
    UserSummary rep;
    final List<UUID> created = new ArrayList<>();

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start(clock, RobotNotificationTests::platformSaysOk);
        people = new People(users, transactions);
        tag = UUID.randomUUID().toString().substring(0, 6);
        team = people.team("华东销售 " + tag);
        rep = people.create("gao.rep", Role.SALES_REP, team);
    }

    @AfterEach
    void stop() {
        created.forEach(id -> channels.delete(id, Actor.SYSTEM));
        receiver.close();
        clock.followRealTime();
    }

    /** What each platform answers to a message it takes. */
    static Answer platformSaysOk(Request request) {
        if (request.path().startsWith("/feishu")) {
            return Answer.of(200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}");
        }
        if (request.path().startsWith("/slack")) {
            return Answer.of(200, "ok");
        }
        return Answer.of(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    @Test
    void eachPlatformGetsTheTransferInItsOwnFormatSignedAsItsDocumentationSays() {
        WebSession admin = WebSession.signedIn(port, "admin", "admin-password-for-tests");
        admin.get("/admin/channels");
        String allKinds = "TRANSFERRED_TO_YOU";
        addByForm(admin, "WECOM", "企业微信 " + tag, receiver.url("/wecom/cgi-bin/webhook/send?key=wk-" + tag
                + "-693a91f4"), "", "zh-CN", allKinds);
        addByForm(admin, "DINGTALK", "钉钉 " + tag, receiver.url("/dingtalk/robot/send?access_token=dt" + tag
                + "c0ffee"), DINGTALK_SECRET, "zh-CN", allKinds);
        addByForm(admin, "FEISHU", "飞书 " + tag, receiver.url("/feishu/open-apis/bot/v2/hook/fs-" + tag),
                FEISHU_SECRET, "zh-CN", allKinds);
        addByForm(admin, "SLACK", "Slack " + tag, receiver.url("/slack/services/T0/B0/sl" + tag + "xyz"), "", "en",
                allKinds);
        created.addAll(channels.all().stream().filter(c -> c.name().endsWith(tag)).map(RobotChannel::id).toList());
        assertThat(created).hasSize(4);

        // The page shows enough to recognise each robot, never its key, token or secret.
        String page = admin.get("/admin/channels").body();
        assertThat(page).contains("企业微信 " + tag).contains("http://localhost:" + receiverPort() + "/…")
                .doesNotContain("wk-" + tag).doesNotContain("dt" + tag).doesNotContain(DINGTALK_SECRET)
                .doesNotContain(FEISHU_SECRET).doesNotContain("sl" + tag);

        clock.setTo(at("2026-11-23T10:00"));
        UserSummary sdr = people.create("xu.sdr", Role.SDR, null);
        UUID lead = mql("孙丽" + tag, "sun.li." + tag + "@xinghe-pharma.cn");
        LeadScore score = await().atMost(PATIENCE).until(() -> scores.of(lead).orElse(null), s -> s != null);
        transactions.executeWithoutResult(tx -> {
            handoffs.claim(lead, sdr.id(), Actor.SYSTEM);
            handoffs.saveQualification(lead, new Qualification("¥2m", "VP Ops", "LIMS", "this quarter", Map.of()),
                    Actor.SYSTEM);
            handoffs.transfer(lead, sdr.id(), rep.id(), "wants a call today", Actor.SYSTEM);
        });
        await().atMost(PATIENCE).until(() -> {
            robots.sendDue();
            clock.advance(Duration.ofSeconds(3));
            return receiver.requests().size() >= 4;
        });
        String grade = score.grade() + " · ";

        Request wecom = only("/wecom");
        assertThat(wecom.query("key")).isEqualTo("wk-" + tag + "-693a91f4");
        assertThat(wecom.json().get("msgtype").asString()).isEqualTo("markdown");
        String markdown = wecom.json().get("markdown").get("content").asString();
        assertThat(markdown).contains("孙丽" + tag).contains("星河制药").contains("接收人: gao.rep").contains(grade)
                .containsPattern("\\[在 Tandem 中打开\\]\\(http://localhost:\\d+/handoffs/[0-9a-f-]{36}\\)");
        assertThat(markdown.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);

        Request dingtalk = only("/dingtalk");
        assertThat(dingtalk.query("access_token")).isEqualTo("dt" + tag + "c0ffee");
        String timestamp = dingtalk.query("timestamp");
        assertThat(Long.parseLong(timestamp)).isEqualTo(dingtalk.at().toEpochMilli());
        assertThat(dingtalk.query("sign"))
                .isEqualTo(hmacSha256Base64(DINGTALK_SECRET, timestamp + "\n" + DINGTALK_SECRET));
        // The signature travels URL-encoded: its '+', '/' and '=' would otherwise be read as other characters.
        assertThat(rawParameter(dingtalk.rawQuery(), "sign")).doesNotContain("+").doesNotContain("/")
                .doesNotContain("=");
        JsonNode dingBody = dingtalk.json();
        assertThat(dingBody.get("msgtype").asString()).isEqualTo("markdown");
        assertThat(dingBody.get("markdown").get("title").asString()).contains("Tandem");
        assertThat(dingBody.get("markdown").get("text").asString()).contains("孙丽" + tag).contains("星河制药")
                .contains(grade).containsPattern("http://localhost:\\d+/handoffs/");

        Request feishu = only("/feishu");
        JsonNode fsBody = feishu.json();
        assertThat(fsBody.get("timestamp").isString()).isTrue();
        String seconds = fsBody.get("timestamp").asString();
        assertThat(Long.parseLong(seconds)).isEqualTo(feishu.at().getEpochSecond());
        assertThat(fsBody.get("sign").asString()).isEqualTo(hmacSha256Base64(seconds + "\n" + FEISHU_SECRET, ""));
        assertThat(fsBody.get("msg_type").asString()).isEqualTo("post");
        JsonNode post = fsBody.get("content").get("post").get("zh_cn");
        assertThat(post.get("title").asString()).contains("Tandem");
        List<JsonNode> elements = new ArrayList<>();
        post.get("content").forEach(line -> line.forEach(elements::add));
        assertThat(elements).allMatch(e -> e.has("tag"));
        assertThat(elements).anyMatch(e -> e.get("tag").asString().equals("text")
                && e.get("text").asString().contains("孙丽" + tag));
        assertThat(elements).anyMatch(e -> e.get("tag").asString().equals("a")
                && e.get("href").asString().matches("http://localhost:\\d+/handoffs/[0-9a-f-]{36}"));

        Request slack = only("/slack");
        JsonNode slBody = slack.json();
        assertThat(slBody.get("text").asString()).contains("Tandem").contains("孙丽" + tag);
        List<String> sections = new ArrayList<>();
        slBody.get("blocks").forEach(block -> {
            assertThat(block.get("type").asString()).isEqualTo("section");
            assertThat(block.get("text").get("type").asString()).isEqualTo("mrkdwn");
            sections.add(block.get("text").get("text").asString());
        });
        assertThat(String.join("\n", sections)).contains("transferred").contains("孙丽" + tag).contains("For: gao.rep")
                .containsPattern("<http://localhost:\\d+/handoffs/[0-9a-f-]{36}\\|Open in Tandem>");

        assertThat(deliveries(created)).extracting(row -> row.get("status")).containsOnly("SENT").hasSize(4);
    }

    @Test
    void aBurstOfNotificationsArrivesAsFewCombinedMessagesWithEveryLineAndNeverMoreThanTwentyAMinute() {
        created.add(channel(RobotKind.WECOM, "/wecom/cgi-bin/webhook/send?key=burst" + tag, null, "SLA_REMINDER"));
        clock.setTo(at("2026-11-23T14:00"));
        Instant due = at("2026-11-23T18:00");
        List<String> leads = new ArrayList<>();
        // 60 reminders within half a minute, two a second, while the dispatcher polls every second as it does live.
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 2; i++) {
                String lead = "线索" + tag + "-" + (second * 2 + i);
                leads.add(lead);
                remind(lead, due);
            }
            robots.sendDue();
            clock.advance(Duration.ofSeconds(1));
        }
        for (int second = 0; second < 90 && !allSent(); second++) {
            robots.sendDue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(allSent()).isTrue();

        List<Request> messages = receiver.requests("/wecom");
        assertThat(messages.size()).isLessThan(leads.size() / 3);
        for (int i = 1; i < messages.size(); i++) {
            assertThat(Duration.between(messages.get(i - 1).at(), messages.get(i).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }
        for (Request first : messages) {
            long withinAMinute = messages.stream().filter(m -> !m.at().isBefore(first.at())
                    && m.at().isBefore(first.at().plus(Duration.ofMinutes(1)))).count();
            assertThat(withinAMinute).isLessThanOrEqualTo(20);
        }
        String all = String.join("\n", messages.stream()
                .map(m -> m.json().get("markdown").get("content").asString()).toList());
        for (String lead : leads) {
            assertThat(all.split(java.util.regex.Pattern.quote("**提醒：" + lead + "（星河制药）")).length - 1)
                    .as("the line of %s", lead).isEqualTo(1);
        }
        assertThat(all).contains("截止时间: 2026-11-23 18:00");
        messages.forEach(m -> assertThat(m.json().get("markdown").get("content").asString()
                .getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096));
    }

    @Test
    void aRateLimitAnswerPausesTheRobotAndItsMessagesArriveLaterInsteadOfBeingLost() {
        UUID dingtalk = channel(RobotKind.DINGTALK, "/dingtalk/robot/send?access_token=rl" + tag, DINGTALK_SECRET,
                "SLA_REMINDER");
        created.add(dingtalk);
        clock.setTo(at("2026-11-24T09:00"));
        receiver.answerNext(Answer.of(200,
                "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}"));
        remind("黄蕾" + tag, at("2026-11-24T11:00"));
        remind("周杰" + tag, at("2026-11-24T11:00"));
        robots.sendDue();
        assertThat(receiver.requests("/dingtalk")).hasSize(1);
        assertThat(deliveries(List.of(dingtalk))).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("PENDING");
            assertThat(row.get("attempts")).isEqualTo(0);
            assertThat((String) row.get("last_error")).contains("130101");
        });

        WebSession admin = WebSession.signedIn(port, "admin", "admin-password-for-tests");
        assertThat(admin.get("/admin/deliveries").body()).contains("robot " + tag).contains("130101")
                .contains("黄蕾" + tag);

        // DingTalk shuts a robot for ten minutes after it exceeded its limit: nothing is tried before.
        clock.advance(Duration.ofMinutes(5));
        remind("钱程" + tag, at("2026-11-24T11:00"));
        robots.sendDue();
        assertThat(receiver.requests("/dingtalk")).hasSize(1);

        clock.advance(Duration.ofMinutes(5));
        robots.sendDue();
        List<Request> sent = receiver.requests("/dingtalk");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).json().get("markdown").get("text").asString()).contains("黄蕾" + tag)
                .contains("周杰" + tag).contains("钱程" + tag);
        assertThat(deliveries(List.of(dingtalk))).extracting(row -> row.get("status")).containsOnly("SENT")
                .hasSize(3);
    }

    @Test
    void slackAsking429WithRetryAfterGetsTheMessageAgainAfterThatPause() {
        UUID slack = channel(RobotKind.SLACK, "/slack/services/T1/B1/rl" + tag, null, "SLA_BREACHED");
        created.add(slack);
        clock.setTo(at("2026-11-24T15:00"));
        receiver.answerNext(new Answer(429, "rate_limited", Map.of("Retry-After", "30")));
        inbox.notify(rep.id(), "SLA_BREACHED", null, "/leads/" + UUID.randomUUID(), Map.of("lead", "Lena " + tag,
                "company", "Northwind", "clock", "TRANSFER_ANSWER", "due", at("2026-11-24T14:00").toString()),
                "test-breach:" + UUID.randomUUID());
        robots.sendDue();
        clock.advance(Duration.ofSeconds(29));
        robots.sendDue();
        assertThat(receiver.requests("/slack")).hasSize(1);
        assertThat(deliveries(List.of(slack)).get(0).get("status")).isEqualTo("PENDING");

        clock.advance(Duration.ofSeconds(1));
        robots.sendDue();
        assertThat(receiver.requests("/slack")).hasSize(2);
        assertThat(receiver.requests("/slack").get(1).body()).contains("Lena " + tag);
        assertThat(deliveries(List.of(slack)).get(0).get("status")).isEqualTo("SENT");
    }

    @Test
    void aRobotThatRefusesAMessageCountsTriesWithPausesAndShowsTheReasonToTheAdmin() {
        UUID wecom = channel(RobotKind.WECOM, "/wecom/cgi-bin/webhook/send?key=bad" + tag, null, "SLA_REMINDER");
        created.add(wecom);
        clock.setTo(at("2026-11-24T09:00"));
        receiver.answerNext(Answer.of(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
        remind("郑爽" + tag, at("2026-11-24T11:00"));
        robots.sendDue();
        Map<String, Object> row = deliveries(List.of(wecom)).get(0);
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat((String) row.get("last_error")).contains("93000");
        WebSession admin = WebSession.signedIn(port, "admin", "admin-password-for-tests");
        assertThat(admin.get("/admin/deliveries").body()).contains("93000").contains("郑爽" + tag);

        // The next try comes after the first pause of the retry schedule (a minute), not at the robot's next slot.
        clock.advance(Duration.ofSeconds(30));
        robots.sendDue();
        assertThat(receiver.requests("/wecom")).hasSize(1);
        clock.advance(Duration.ofSeconds(30));
        robots.sendDue();
        assertThat(receiver.requests("/wecom")).hasSize(2);
        assertThat(deliveries(List.of(wecom)).get(0).get("status")).isEqualTo("SENT");
    }

    @Test
    void onlyAdminsSeeOrChangeGroupRobots() {
        WebSession me = people.session(port, rep);
        assertThat(me.get("/admin/channels").status()).isEqualTo(403);
        assertThat(me.get("/account/notifications").status()).isEqualTo(200);
        int before = channels.all().size();
        me.postMulti("/admin/channels", Map.of("kind", List.of("SLACK"), "name", List.of("sneaky " + tag),
                "webhookUrl", List.of(receiver.url("/slack/x")), "kinds", List.of("SLA_REMINDER")));
        assertThat(channels.all()).hasSize(before);
    }

    @Test
    void aRobotOfAnotherTeamOrForOtherKindsHearsNothing() {
        UUID otherTeam = people.team("华南销售 " + tag);
        created.add(channel(RobotKind.WECOM, "/wecom/cgi-bin/webhook/send?key=south" + tag, null, "SLA_REMINDER",
                otherTeam));
        created.add(channel(RobotKind.WECOM, "/wecom/cgi-bin/webhook/send?key=kinds" + tag, null, "BECAME_MQL",
                team));

        remind("陈晨" + tag, at("2026-11-24T11:00"));
        robots.sendDue();

        assertThat(deliveries(created)).isEmpty();
        assertThat(receiver.requests()).isEmpty();
    }

    private void addByForm(WebSession admin, String kind, String name, String url, String secret, String language,
            String kinds) {
        WebSession.Page result = admin.postMulti("/admin/channels", Map.of("kind", List.of(kind), "name",
                List.of(name), "webhookUrl", List.of(url), "secret", List.of(secret), "teamId",
                List.of(team.toString()), "language", List.of(language), "kinds", List.of(kinds, "SLA_REMINDER"),
                "active", List.of("true")));
        assertThat(result.status()).isEqualTo(302);
        assertThat(admin.get("/admin/channels").body()).doesNotContain("flash-error");
    }

    private UUID channel(RobotKind kind, String path, String secret, String notificationKind) {
        return channel(kind, path, secret, notificationKind, team);
    }

    private UUID channel(RobotKind kind, String path, String secret, String notificationKind, UUID teamId) {
        return channels.create(new RobotChannels.Change(kind, "robot " + tag + " " + kind + " " + path.hashCode(),
                receiver.url(path), secret, teamId, List.of(notificationKind), "zh-CN", true), Actor.SYSTEM);
    }

    private void remind(String leadName, Instant due) {
        inbox.notify(rep.id(), "SLA_REMINDER", null, "/leads/" + UUID.randomUUID(), Map.of("lead", leadName,
                "company", "星河制药", "clock", "TRANSFER_ANSWER", "due", due.toString()),
                "test-remind:" + UUID.randomUUID());
    }

    private boolean allSent() {
        return deliveries(created).stream().allMatch(row -> "SENT".equals(row.get("status")));
    }

    private Request only(String pathPrefix) {
        List<Request> requests = receiver.requests(pathPrefix);
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private int receiverPort() {
        return Integer.parseInt(receiver.url("").replaceAll(".*:(\\d+)$", "$1"));
    }

    private List<Map<String, Object>> deliveries(List<UUID> channelIds) {
        return jdbc.sql("""
                select status, attempts, last_error from notification_delivery where channel_id = any (:ids)
                order by created_at
                """).param("ids", channelIds.toArray(UUID[]::new)).query().listOfRows();
    }

    private UUID mql(String name, String address) {
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", name, "email", address, "company", "星河制药")).json().get("id").asString());
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        return lead;
    }

    /** The platforms' signature, computed here independently of Tandem's code. */
    static String hmacSha256Base64(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rawParameter(String rawQuery, String name) {
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
