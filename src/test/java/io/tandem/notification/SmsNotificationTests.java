package io.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.notification.internal.Inbox;
import io.tandem.notification.internal.SmsDeliveries;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.WebSession;
import io.tandem.support.WebhookReceiver;
import io.tandem.support.WebhookReceiver.Answer;
import io.tandem.support.WebhookReceiver.Request;

/**
 * Text messages through the generic HTTP gateway the test profile configures (this receiver on port 3926, with a
 * bearer token), to the mobile number an admin entered, for the kinds the person switched on.
 */
@IntegrationTest
class SmsNotificationTests {

    static final int GATEWAY_PORT = 3926;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Inbox inbox;
    @Autowired
    SmsDeliveries sms;
    @Autowired
    UserDirectory users;
    @Autowired
    JdbcClient jdbc;

    WebhookReceiver gateway;
    String tag;

    @BeforeEach
    void start() {
        gateway = WebhookReceiver.start(GATEWAY_PORT, clock, request -> Answer.of(200, "{\"queued\":true}"));
        tag = UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void stop() {
        gateway.close();
        clock.followRealTime();
    }

    @Test
    void aTextReachesTheGatewayForTheMobileNumberTheAdminEnteredInE164WithTheLeadAndTheLink() {
        String national = mobileNumber();
        WebSession admin = WebSession.signedIn(port, "admin", "admin-password-for-tests");
        admin.get("/admin/users");
        admin.post("/admin/users", Map.of("username", "li.rep-" + tag, "displayName", "李娜", "mobile",
                national.substring(0, 3) + " " + national.substring(3, 7) + " " + national.substring(7), "password",
                People.PASSWORD, "roles", "SALES_REP"));
        UserSummary rep = users.findByUsername("li.rep-" + tag).orElseThrow();
        assertThat(users.contact(rep.id()).orElseThrow().mobile()).isEqualTo("+86" + national);

        // A number that cannot take texts is refused with a reason, and the stored one stays.
        String refused = admin.post("/admin/users/" + rep.id(), Map.of("displayName", "李娜", "mobile", "010 1234",
                "roles", "SALES_REP", "active", "true")).body();
        assertThat(refused).contains("is not a mobile number");
        assertThat(users.contact(rep.id()).orElseThrow().mobile()).isEqualTo("+86" + national);

        WebSession me = WebSession.signedIn(port, rep.username(), People.PASSWORD);
        me.get("/account/notifications");
        me.postMulti("/account/notifications", Map.of("email", List.of("TRANSFERRED_TO_YOU", "BECAME_MQL"), "sms",
                List.of("TRANSFERRED_TO_YOU")));
        assertThat(me.get("/account/notifications").body()).contains("+86" + national);

        inbox.notify(rep.id(), "TRANSFERRED_TO_YOU", null, "/handoffs/" + UUID.randomUUID(), Map.of("lead",
                "孙丽" + tag, "company", "星河制药", "person", "徐SDR"), "test-sms-transfer:" + UUID.randomUUID());
        inbox.notify(rep.id(), "BECAME_MQL", null, "/sdr/leads/" + UUID.randomUUID(), Map.of("lead", "周杰" + tag,
                "company", "远航物流"), "test-sms-mql:" + UUID.randomUUID());
        sms.sendDue();

        List<Request> texts = gateway.requests("/sms/send");
        assertThat(texts).hasSize(1);
        Request text = texts.get(0);
        assertThat(text.header("Authorization")).isEqualTo("Bearer sms-test-token");
        assertThat(text.header("Content-Type")).startsWith("application/json");
        assertThat(text.json().get("to").asString()).isEqualTo("+86" + national);
        assertThat(text.json().get("text").asString()).contains("孙丽" + tag).contains("星河制药")
                .containsPattern("http://localhost:\\d+/handoffs/[0-9a-f-]{36}").doesNotContain("周杰" + tag);
        assertThat(status(rep)).containsExactly("SENT");
    }

    @Test
    void aGatewayThatAsksToWaitGetsTheTextAgainAfterThePauseWithoutItCountingAsAFailedTry() {
        UserSummary rep = withMobileAndSms("wang.rep-" + tag);
        clock.setTo(LocalDateTime.parse("2026-11-24T10:00").atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        gateway.answerNext(new Answer(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "60")));
        inbox.notify(rep.id(), "TRANSFERRED_TO_YOU", null, "/handoffs/" + UUID.randomUUID(), Map.of("lead",
                "钱程" + tag, "company", "星河制药", "person", "徐SDR"), "test-sms-429:" + UUID.randomUUID());
        sms.sendDue();
        assertThat(gateway.requests()).hasSize(1);
        Map<String, Object> waiting = jdbc.sql("""
                select d.status, d.attempts, d.last_error, d.next_attempt_at from notification_delivery d
                join notification n on n.id = d.notification_id where n.user_id = :user and d.channel = 'SMS'
                """).param("user", rep.id()).query().singleRow();
        assertThat(waiting.get("status")).isEqualTo("PENDING");
        assertThat(waiting.get("attempts")).isEqualTo(0);
        assertThat((String) waiting.get("last_error")).contains("429");

        clock.advance(Duration.ofSeconds(59));
        sms.sendDue();
        assertThat(gateway.requests()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        sms.sendDue();
        assertThat(gateway.requests()).hasSize(2);
        assertThat(gateway.requests().get(1).json().get("text").asString()).contains("钱程" + tag);
        assertThat(status(rep)).containsExactly("SENT");
    }

    private UserSummary withMobileAndSms(String username) {
        WebSession admin = WebSession.signedIn(port, "admin", "admin-password-for-tests");
        admin.get("/admin/users");
        admin.post("/admin/users", Map.of("username", username, "displayName", username, "mobile", mobileNumber(),
                "password", People.PASSWORD, "roles", "SALES_REP"));
        UserSummary user = users.findByUsername(username).orElseThrow();
        WebSession me = WebSession.signedIn(port, username, People.PASSWORD);
        me.get("/account/notifications");
        me.postMulti("/account/notifications", Map.of("sms", List.of("TRANSFERRED_TO_YOU")));
        return user;
    }

    private List<Object> status(UserSummary user) {
        return jdbc.sql("""
                select d.status from notification_delivery d join notification n on n.id = d.notification_id
                where n.user_id = :user and d.channel = 'SMS'
                """).param("user", user.id()).query().singleColumn();
    }

    /** A Chinese mobile number nobody else in the shared test database has. */
    static String mobileNumber() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }
}
