package io.tandem.connectors;

import static io.tandem.connectors.ConnectorFixtures.toCrm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

import io.tandem.connectors.internal.BackSync;
import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.DeliveryDispatcher;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadStages;
import io.tandem.security.UserManagement;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.WebhookReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The generic webhook connector against a local receiver that checks every message's Standard Webhooks signature
 * on its own (an HMAC computed here, not Tandem's signing code) before it answers.
 */
@IntegrationTest
class WebhookConnectorTests {

    static final byte[] KEY = "a 32-byte key for the webhook!!!".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    @LocalServerPort
    int port;
    @Autowired
    ConnectorStore connectors;
    @Autowired
    CrmTransfers transfers;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadHandoffs handoffs;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DeliveryDispatcher dispatcher;
    @Autowired
    BackSync backSync;
    @Autowired
    MutableClock clock;

    ConnectorFixtures fixtures;
    WebhookReceiver receiver;
    Instant now;

    @BeforeEach
    void setUp() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.setTo(now);
        fixtures = new ConnectorFixtures(connectors, transfers, stages, handoffs, users, transactions, jdbc, port);
        // The CRM's side: a message whose signature does not verify is refused, as a careful receiver would.
        receiver = WebhookReceiver.start(clock, request -> signedCorrectly(request)
                ? WebhookReceiver.Answer.of(200, "{\"id\": \"crm-" + request.json().path("leadId").asString() + "\"}")
                : WebhookReceiver.Answer.of(401, "bad signature"));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        fixtures.removeConnectors();
        clock.followRealTime();
    }

    UUID connector(Map<String, String> extraSettings) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("url", receiver.url("/crm/leads")));
        settings.putAll(extraSettings);
        return fixtures.connector(ConnectorKind.WEBHOOK, settings, Map.of("signingSecret", SECRET), List.of(
                toCrm("email", "email"), toCrm("name", "contact_name"), toCrm("company", "company"),
                toCrm("phone", "phone")));
    }

    @Test
    void aLeadGoesOutAsASignedStandardWebhookAndTheReceiversIdBecomesItsCrmId() {
        UUID connector = connector(Map.of());
        UUID lead = fixtures.mql("王芳 \"Fang\"", "东方钢铁");
        fixtures.transfer(connector, lead);

        assertThat(dispatcher.deliverDue(connector)).isEqualTo(1);

        assertThat(receiver.requests()).hasSize(1);
        WebhookReceiver.Request request = receiver.requests().get(0);
        assertThat(signedCorrectly(request)).isTrue();
        assertThat(request.header("webhook-id")).startsWith("msg_" + lead + "_");
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(now.getEpochSecond()));
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode body = request.json();
        assertThat(body.path("type").asString()).isEqualTo("lead.transferred");
        assertThat(body.path("leadId").asString()).isEqualTo(lead.toString());
        assertThat(body.path("data").path("contact_name").asString()).isEqualTo("王芳 \"Fang\"");
        assertThat(body.path("data").path("company").asString()).isEqualTo("东方钢铁");
        // Tandem has no phone for this lead: a blank is left out, so it never erases what the CRM has.
        assertThat(body.path("data").has("phone")).isFalse();
        assertThat(fixtures.state(connector, lead)).isEqualTo("DELIVERED");
        assertThat(fixtures.crmId(connector, lead)).isEqualTo("crm-" + lead);
        // a webhook CRM reports back to the inbound endpoint, it is never pulled
        assertThat(backSync.pull(connector)).isEqualTo(new BackSync.Pulled(0, 0, 0, 0));
    }

    @Test
    void aTemplateShapesTheBodyWithEscapedValues() {
        UUID connector = connector(Map.of("template", """
                {"event": "qualified_lead", "ref": "{{leadId}}",
                 "contact": {"label": "{{contact_name}} <{{email}}>", "company": {{company}}, "phone": {{phone}}}}"""));
        UUID lead = fixtures.mql("李娜 \\ \"Na\"", "华北\"重工\"");
        fixtures.transfer(connector, lead);
        receiver.answerNext(WebhookReceiver.Answer.of(202, ""));

        dispatcher.deliverDue(connector);

        WebhookReceiver.Request request = receiver.requests().get(0);
        assertThat(signedCorrectly(request)).isTrue();
        JsonNode body = request.json();
        assertThat(body.path("event").asString()).isEqualTo("qualified_lead");
        assertThat(body.path("ref").asString()).isEqualTo(lead.toString());
        assertThat(body.path("contact").path("label").asString()).startsWith("李娜 \\ \"Na\" <crm.");
        assertThat(body.path("contact").path("company").asString()).isEqualTo("华北\"重工\"");
        assertThat(body.path("contact").path("phone").isNull()).isTrue();
        assertThat(fixtures.state(connector, lead)).isEqualTo("DELIVERED");
        assertThat(fixtures.crmId(connector, lead)).isEqualTo(lead.toString());
    }

    @Test
    void serverErrorsAreRetriedUnderTheSameMessageIdA429WaitsAndA410RefusesTheRecord() {
        UUID connector = connector(Map.of());
        UUID lead = fixtures.mql("张伟", "南方电气");
        fixtures.transfer(connector, lead);
        receiver.answerNext(WebhookReceiver.Answer.of(503, "maintenance"),
                new WebhookReceiver.Answer(429, "slow down", Map.of("Retry-After", "120")));

        dispatcher.deliverDue(connector);
        assertThat(fixtures.state(connector, lead)).isEqualTo("PENDING");
        assertThat(fixtures.lastError(connector, lead)).contains("503");

        clock.advance(Duration.ofMinutes(20));
        dispatcher.deliverDue(connector);
        assertThat(connectors.get(connector).pausedUntil()).isEqualTo(clock.instant().plusSeconds(120));

        clock.advance(Duration.ofMinutes(3));
        dispatcher.deliverDue(connector);
        assertThat(fixtures.state(connector, lead)).isEqualTo("DELIVERED");

        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(3).allMatch(WebhookConnectorTests::signedCorrectly);
        // the same content is the same message for the receiver's de-duplication; each attempt is signed afresh
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(requests.get(0).header("webhook-id"));
        assertThat(requests).extracting(r -> r.header("webhook-timestamp")).doesNotHaveDuplicates();

        UUID gone = fixtures.mql("周杰", "西部能源");
        fixtures.transfer(connector, gone);
        receiver.answerNext(WebhookReceiver.Answer.of(410, "{\"error\": \"endpoint retired\"}"));
        dispatcher.deliverDue(connector);
        assertThat(fixtures.state(connector, gone)).isEqualTo("FAILED");
        assertThat(fixtures.lastError(connector, gone)).contains("410").contains("endpoint retired");
    }

    /** The receiver's own check, per the spec: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the decoded secret. */
    static boolean signedCorrectly(WebhookReceiver.Request request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.header("webhook-id")
                    + "." + request.header("webhook-timestamp") + "." + request.body())
                    .getBytes(StandardCharsets.UTF_8)));
            return request.header("webhook-signature") != null
                    && List.of(request.header("webhook-signature").split(" ")).contains(expected);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
