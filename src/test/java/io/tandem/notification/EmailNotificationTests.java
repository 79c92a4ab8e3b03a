package io.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.tandem.handoff.Handoffs;
import io.tandem.handoff.Qualification;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.notification.internal.EmailDeliveries;
import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.security.internal.UserAccounts;
import io.tandem.shared.Actor;
import io.tandem.sla.internal.SlaTimers;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.WebSession;
import jakarta.mail.internet.MimeMessage;

/**
 * Notifications leave Tandem by e-mail through a real SMTP server (GreenMail on the port the test profile configures),
 * in the recipient's language, with what they need to act; what cannot be delivered is retried and then shown to the
 * admin.
 */
@IntegrationTest
class EmailNotificationTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    EmailDeliveries email;
    @Autowired
    SlaTimers timers;
    @Autowired
    LeadStages stages;
    @Autowired
    Handoffs handoffs;
    @Autowired
    UserManagement users;
    @Autowired
    UserAccounts accounts;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    GreenMail smtp;

    @AfterEach
    void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        clock.followRealTime();
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(3925, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @Test
    void aTransferAndItsReminderReachTheRepByEmailInChineseWithTheLeadAndTheDeadline() throws Exception {
        startSmtp();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UserSummary sdr = new People(users, transactions).create("xu.sdr", Role.SDR, null);
        UserSummary rep = person("gao.rep-" + tag, "高明", "gao.ming." + tag + "@example.cn", Role.SALES_REP);
        transactions.executeWithoutResult(tx -> accounts.preferLocale(rep.id(), "zh-CN"));
        clock.setTo(at("2026-11-23T09:00"));
        UUID lead = mql("孙丽" + tag, "sun.li." + tag + "@xinghe-pharma.cn");

        transactions.executeWithoutResult(tx -> {
            handoffs.claim(lead, sdr.id(), Actor.SYSTEM);
            handoffs.saveQualification(lead, new Qualification("¥2m", "VP Ops", "LIMS", "this quarter", Map.of()),
                    Actor.SYSTEM);
            handoffs.transfer(lead, sdr.id(), rep.id(), "wants a call today", Actor.SYSTEM);
        });
        MimeMessage transfer = nextMailTo("gao.ming." + tag + "@example.cn", "孙丽" + tag);
        String body = text(transfer);
        assertThat(transfer.getSubject()).contains("孙丽" + tag).contains("转");
        assertThat(body).contains("高明，你好").contains("星河").doesNotContain("{0}")
                .containsPattern("http://localhost:\\d+/handoffs/[0-9a-f-]{36}");
        assertThat(transfer.getFrom()[0].toString()).isEqualTo("tandem-tests@localhost");

        // The answer is due in 24 working hours: three full working days, Wednesday 18:00; the reminder comes 4 working
        // hours before, at 14:00.
        clock.setTo(at("2026-11-25T14:01"));
        timers.fireDue();
        MimeMessage reminder = nextMailTo("gao.ming." + tag + "@example.cn", "提醒");
        assertThat(reminder.getSubject()).contains("孙丽" + tag).contains("2026-11-25 18:00");
        assertThat(text(reminder)).contains("截止时间: 2026-11-25 18:00");
    }

    @Test
    void aMessageTheServerCannotTakeIsRetriedWithPausesThenShownToTheAdminAndSentWhenTheyRetry() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UserSummary sdr = person("tang.sdr-" + tag, "Tang Jun", "tang." + tag + "@example.com", Role.SDR);
        clock.setTo(at("2026-11-23T09:00"));
        UUID lead = mql("Ye Qing " + tag, "ye." + tag + "@linhai-logistics.com");
        transactions.executeWithoutResult(tx -> handoffs.claim(lead, sdr.id(), Actor.SYSTEM));
        clock.setTo(at("2026-11-23T10:31"));
        timers.fireDue();
        await().atMost(PATIENCE).until(() -> delivery(sdr) != null);

        // No SMTP server listens: every try fails; the pauses grow; after the last one the message is given up.
        for (int attempt = 1; attempt <= 6; attempt++) {
            email.sendDue();
            assertThat(delivery(sdr).get("attempts")).isEqualTo(attempt);
            clock.advance(Duration.ofHours(7));
        }
        assertThat(delivery(sdr).get("status")).isEqualTo("FAILED");
        assertThat((String) delivery(sdr).get("last_error")).isNotBlank();
        email.sendDue();
        assertThat(delivery(sdr).get("attempts")).isEqualTo(6);

        WebSession admin = WebSession.signedIn(port, "admin", "admin-password-for-tests");
        String page = admin.get("/admin/deliveries").body();
        assertThat(page).contains("tang." + tag + "@example.com").contains("Ye Qing " + tag);

        startSmtp();
        UUID id = (UUID) delivery(sdr).get("id");
        admin.post("/admin/deliveries/" + id + "/retry", Map.of());
        email.sendDue();
        assertThat(delivery(sdr).get("status")).isEqualTo("SENT");
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(EmailNotificationTests::subject))
                .anyMatch(subject -> subject.contains("Ye Qing " + tag));
    }

    private MimeMessage nextMailTo(String address, String subjectPart) {
        return await().atMost(PATIENCE).until(() -> {
            email.sendDue();
            return Arrays.stream(smtp.getReceivedMessagesForDomain(address))
                    .filter(m -> subject(m).contains(subjectPart)).findFirst().orElse(null);
        }, message -> message != null);
    }

    private static String text(MimeMessage message) throws Exception {
        return (String) message.getContent();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The e-mail of the SLA reminder. (The SDR may also hear that the lead became an MQL, when that news is handled
     * after their claim: a second e-mail this test does not follow.)
     */
    private Map<String, Object> delivery(UserSummary user) {
        List<Map<String, Object>> rows = jdbc.sql("""
                select d.id, d.status, d.attempts, d.last_error from notification_delivery d
                join notification n on n.id = d.notification_id
                where n.user_id = :user and n.kind = 'SLA_REMINDER' and d.channel = 'EMAIL'
                """).param("user", user.id()).query().listOfRows();
        assertThat(rows).hasSizeLessThanOrEqualTo(1);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private UserSummary person(String username, String name, String address, Role role) {
        return transactions.execute(tx -> users.createUser(new NewUser(username, name, address, People.PASSWORD,
                EnumSet.of(role), null), Actor.SYSTEM));
    }

    private UUID mql(String name, String address) {
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", name, "email", address, "company", "星河制药")).json().get("id").asString());
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        return lead;
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
