package io.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.tandem.notification.internal.EmailDeliveries;
import io.tandem.notification.internal.EmailDigests;
import io.tandem.notification.internal.Inbox;
import io.tandem.notification.internal.NotificationKinds;
import io.tandem.notification.internal.SmsDeliveries;
import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.UserSummary;
import io.tandem.security.internal.UserAccounts;
import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.WebSession;
import io.tandem.support.WebhookReceiver;
import io.tandem.support.WebhookReceiver.Answer;
import jakarta.mail.internet.MimeMessage;

/**
 * Each person decides on their settings page what reaches them outside Tandem: kinds by e-mail and SMS, quiet hours
 * that hold messages back until they end, one digest e-mail a day. E-mails arrive at a real SMTP server (GreenMail).
 */
@IntegrationTest
class NotificationPreferenceTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Inbox inbox;
    @Autowired
    EmailDeliveries email;
    @Autowired
    EmailDigests digests;
    @Autowired
    SmsDeliveries sms;
    @Autowired
    UserAccounts accounts;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    GreenMail smtp;
    String tag;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(3925, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        tag = UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void stop() {
        smtp.stop();
        clock.followRealTime();
    }

    @Test
    void aKindSwitchedOffForEmailSendsNoEmailWhileOtherKindsStillDoAndTheInboxHasBoth() {
        UserSummary sdr = person("tang.sdr", null);
        List<String> allButTransfers = new ArrayList<>(NotificationKinds.ALL);
        allButTransfers.remove("TRANSFER_ACCEPTED");
        settings(sdr, Map.of("email", allButTransfers));

        inbox.notify(sdr.id(), "TRANSFER_ACCEPTED", null, "/leads/" + UUID.randomUUID(), Map.of("lead",
                "叶青" + tag, "company", "临海物流", "person", "高明"), "test-pref-accepted:" + UUID.randomUUID());
        inbox.notify(sdr.id(), "BECAME_MQL", null, "/sdr/leads/" + UUID.randomUUID(), Map.of("lead", "林峰" + tag,
                "company", "临海物流"), "test-pref-mql:" + UUID.randomUUID());
        email.sendDue();

        List<String> subjects = subjectsTo(address(sdr));
        assertThat(subjects).hasSize(1);
        assertThat(subjects.get(0)).contains("林峰" + tag);
        assertThat(inbox.latest(sdr.id(), 10)).extracting(Inbox.Notification::kind)
                .containsExactlyInAnyOrder("TRANSFER_ACCEPTED", "BECAME_MQL");
        assertThat(channelsOf(sdr)).containsExactly("EMAIL");
    }

    @Test
    void quietHoursHoldEmailsAndTextsBackUntilTheyEnd() {
        try (WebhookReceiver gateway = WebhookReceiver.start(SmsNotificationTests.GATEWAY_PORT, clock,
                request -> Answer.of(200, "{}"))) {
            UserSummary rep = person("zhou.rep", SmsNotificationTests.mobileNumber());
            settings(rep, Map.of("email", NotificationKinds.ALL, "sms", List.of("SLA_BREACHED"), "quietFrom",
                    List.of("21:00"), "quietUntil", List.of("08:00"), "timeZone", List.of("Asia/Shanghai")));

            clock.setTo(at("2026-11-25T22:30"));
            inbox.notify(rep.id(), "SLA_BREACHED", null, "/leads/" + UUID.randomUUID(), Map.of("lead", "黄蕾" + tag,
                    "company", "星河制药", "clock", "FIRST_CONTACT", "due", at("2026-11-25T18:00").toString()),
                    "test-pref-quiet:" + UUID.randomUUID());
            sendEverything();
            assertThat(subjectsTo(address(rep))).isEmpty();
            assertThat(gateway.requests()).isEmpty();
            assertThat(inbox.unread(rep.id())).isEqualTo(1);

            clock.setTo(at("2026-11-26T07:59"));
            sendEverything();
            assertThat(subjectsTo(address(rep))).isEmpty();
            assertThat(gateway.requests()).isEmpty();

            clock.setTo(at("2026-11-26T08:00"));
            sendEverything();
            assertThat(subjectsTo(address(rep))).singleElement().asString().contains("黄蕾" + tag);
            assertThat(gateway.requests()).singleElement()
                    .satisfies(text -> assertThat(text.body()).contains("黄蕾" + tag));
        }
    }

    @Test
    void aDigestReaderGetsOneEmailADayWithAllOfThatDaysNotifications() throws Exception {
        UserSummary manager = person("qian.manager", null);
        settings(manager, Map.of("email", NotificationKinds.ALL, "digest", List.of("true"), "digestHour",
                List.of("18"), "timeZone", List.of("Asia/Shanghai")));

        String[] leads = { "王芳" + tag, "赵磊" + tag, "刘洋" + tag };
        String[] times = { "2026-11-27T09:00", "2026-11-27T12:30", "2026-11-27T17:59" };
        for (int i = 0; i < leads.length; i++) {
            clock.setTo(at(times[i]));
            escalate(manager, leads[i]);
            sendEverything();
        }
        assertThat(subjectsTo(address(manager))).isEmpty();

        clock.setTo(at("2026-11-27T18:00"));
        sendEverything();
        MimeMessage[] mails = smtp.getReceivedMessagesForDomain(address(manager));
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).contains("3");
        String body = (String) mails[0].getContent();
        assertThat(body).contains("qian.manager").contains(leads[0]).contains(leads[1]).contains(leads[2])
                .containsPattern("http://localhost:\\d+/leads/[0-9a-f-]{36}");

        // What comes after the digest waits for the next day's.
        clock.setTo(at("2026-11-27T18:30"));
        escalate(manager, "孙婷" + tag);
        sendEverything();
        clock.setTo(at("2026-11-28T17:59"));
        sendEverything();
        assertThat(smtp.getReceivedMessagesForDomain(address(manager))).hasSize(1);
        clock.setTo(at("2026-11-28T18:00"));
        sendEverything();
        MimeMessage[] later = smtp.getReceivedMessagesForDomain(address(manager));
        assertThat(later).hasSize(2);
        assertThat((String) later[1].getContent()).contains("孙婷" + tag).doesNotContain(leads[0]);
    }

    @Test
    void theSettingsPageKeepsWhatWasChosenAndRefusesHalfQuietHoursAndUnknownZonesReadably() {
        UserSummary rep = person("he.rep", null);
        WebSession me = WebSession.signedIn(port, rep.username(), People.PASSWORD);
        String defaults = me.get("/account/notifications").body();
        assertThat(defaults).containsPattern(ticked("email-SLA_REMINDER"))
                .doesNotContainPattern(ticked("sms-SLA_REMINDER")).containsPattern(zone("Asia/Shanghai"));

        me.postMulti("/account/notifications", Map.of("email", List.of("SLA_BREACHED"), "sms",
                List.of("SLA_REMINDER"), "quietFrom", List.of("22:00"), "quietUntil", List.of("07:30"), "timeZone",
                List.of("Europe/Berlin")));
        String saved = me.get("/account/notifications").body();
        assertThat(saved).containsPattern(ticked("sms-SLA_REMINDER"))
                .doesNotContainPattern(ticked("email-SLA_REMINDER")).containsPattern(ticked("email-SLA_BREACHED"))
                .contains("value=\"22:00\"").contains("value=\"07:30\"").containsPattern(zone("Europe/Berlin"));

        me.postMulti("/account/notifications", Map.of("quietFrom", List.of("21:00"), "quietUntil", List.of(""),
                "timeZone", List.of("Mars/Olympus_Mons")));
        String refused = me.get("/account/notifications").body();
        assertThat(refused).contains("flash-error").contains("give quiet hours a start and an end")
                .contains("Mars/Olympus_Mons is not a time zone");
        assertThat(me.get("/account/notifications").body()).contains("value=\"22:00\"");
    }

    private static String zone(String zone) {
        return "id=\"timeZone\"[^>]*value=\"" + zone + "\"";
    }

    private static String ticked(String checkboxId) {
        return "id=\"" + checkboxId + "\"[^>]*checked";
    }

    private void escalate(UserSummary manager, String lead) {
        inbox.notify(manager.id(), "SLA_ESCALATED", null, "/leads/" + UUID.randomUUID(), Map.of("lead", lead,
                "company", "星河制药", "person", "高明", "clock", "TRANSFER_ANSWER", "due", clock.instant().toString()),
                "test-pref-digest:" + UUID.randomUUID());
    }

    private void sendEverything() {
        email.sendDue();
        digests.sendDue();
        sms.sendDue();
    }

    private void settings(UserSummary user, Map<String, List<String>> form) {
        WebSession me = WebSession.signedIn(port, user.username(), People.PASSWORD);
        me.get("/account/notifications");
        WebSession.Page result = me.postMulti("/account/notifications", form);
        assertThat(result.status()).isEqualTo(302);
        assertThat(me.get("/account/notifications").body()).doesNotContain("flash-error");
    }

    private UserSummary person(String name, String mobile) {
        return transactions.execute(tx -> accounts.create(new NewUser(name + "-" + tag, name,
                name + "." + tag + "@example.cn", People.PASSWORD, EnumSet.of(Role.SALES_MANAGER), null), mobile,
                Actor.SYSTEM)).summary();
    }

    private String address(UserSummary user) {
        return user.displayName() + "." + tag + "@example.cn";
    }

    private List<String> subjectsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessagesForDomain(address)).map(message -> {
            try {
                return message.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private List<Object> channelsOf(UserSummary user) {
        return jdbc.sql("""
                select d.channel from notification_delivery d join notification n on n.id = d.notification_id
                where n.user_id = :user
                """).param("user", user.id()).query().singleColumn();
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
