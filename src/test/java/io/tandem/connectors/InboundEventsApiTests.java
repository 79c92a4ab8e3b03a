package io.tandem.connectors;

import static io.tandem.connectors.ConnectorFixtures.toCrm;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
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

import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.StandardWebhooks;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.UserManagement;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;

/**
 * A CRM reports back through {@code POST /api/v1/connectors/{id}/events}: no API token, a Standard Webhooks signature
 * with the connector's secret instead; every message applied once, with the CRM as actor.
 */
@IntegrationTest
class InboundEventsApiTests {

    static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("the inbound secret of this CRM!!".getBytes(StandardCharsets.US_ASCII));

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
    MutableClock clock;

    ConnectorFixtures fixtures;
    UUID connector;
    String connectorName;

    @BeforeEach
    void setUp() {
        clock.setTo(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        fixtures = new ConnectorFixtures(connectors, transfers, stages, handoffs, users, transactions, jdbc, port);
        connector = fixtures.connector(ConnectorKind.WEBHOOK, Map.of("url", "http://localhost:9/unused"),
                Map.of("signingSecret", SECRET), List.of(toCrm("email", "email"), toCrm("company", "company")));
        connectorName = connectors.get(connector).name();
    }

    @AfterEach
    void tearDown() {
        fixtures.removeConnectors();
        clock.followRealTime();
    }

    UUID transferred(String name, String company) {
        UUID lead = fixtures.mql(name, company);
        fixtures.transfer(connector, lead);
        return lead;
    }

    @Test
    void anAcceptedLeadBecomesSalWithTheCrmAsActor() {
        UUID lead = transferred("王芳", "东方钢铁");

        Api.Response response = send("msg_accept_" + lead, """
                {"type": "lead.accepted", "leadId": "%s", "reason": "budget confirmed"}""".formatted(lead));

        assertThat(response.status()).isEqualTo(204);
        assertThat(fixtures.stage(lead)).isEqualTo(Stage.SAL);
        assertThat(lastMove(lead)).containsEntry("to_stage", "SAL").containsEntry("actor", "crm:" + connectorName);
        assertThat(jdbc.sql("select crm_status from crm_link where connector_id = :c and lead_id = :l")
                .param("c", connector).param("l", lead).query(String.class).single()).isEqualTo("accepted");
    }

    @Test
    void aRejectedLeadGoesBackToNurtureWithTheReason() {
        UUID lead = transferred("李娜", "华北重工");

        Api.Response response = send("msg_reject_" + lead, """
                {"type": "lead.rejected", "leadId": "%s", "reason": "no budget until 2028"}""".formatted(lead));

        assertThat(response.status()).isEqualTo(204);
        assertThat(fixtures.stage(lead)).isEqualTo(Stage.NURTURE);
        assertThat(lastMove(lead)).containsEntry("to_stage", "NURTURE")
                .containsEntry("actor", "crm:" + connectorName);
        assertThat((String) lastMove(lead).get("reason")).contains("no budget until 2028");
    }

    @Test
    void aWonOpportunityWithItsAmountOpensTheOpportunityAndTheOrderOnceHoweverOftenItIsDelivered() {
        UUID lead = transferred("张伟", "南方电气");
        String won = """
                {"type": "opportunity.won", "leadId": "%s", "opportunityId": "D-%s", "name": "南方电气 二期",
                 "stage": "Closed Won", "amount": 12345.00, "currency": "CNY", "closeDate": "2026-12-01"}
                """.formatted(lead, lead);

        assertThat(send("msg_won_" + lead, won).status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(40));
        // the CRM retries the same message (same webhook-id, signed again at its new time): acknowledged, not re-applied
        assertThat(send("msg_won_" + lead, won).status()).isEqualTo(204);

        assertThat(fixtures.stage(lead)).isEqualTo(Stage.WON);
        Map<String, Object> order = jdbc.sql("""
                select o.amount, o.currency, o.won_on, p.name from sales_order o
                join opportunity p on p.id = o.opportunity_id
                join crm_link l on l.opportunity_id = p.id where l.connector_id = :c and l.lead_id = :l
                """).param("c", connector).param("l", lead).query().singleRow();
        assertThat((BigDecimal) order.get("amount")).isEqualByComparingTo("12345.00");
        assertThat(order.get("currency")).isEqualTo("CNY");
        assertThat(order.get("won_on").toString()).isEqualTo(LocalDate.parse("2026-12-01").toString());
        assertThat(order.get("name")).isEqualTo("南方电气 二期");
        assertThat(jdbc.sql("select count(*) from crm_inbound_change where connector_id = :c and lead_id = :l")
                .param("c", connector).param("l", lead).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from lead_stage_history where lead_id = :l and to_stage = 'WON'")
                .param("l", lead).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUpdatedOpportunityIsOpenedAndRevisedAndALostOneClosesWithTheReason() {
        UUID lead = transferred("吴磊", "东方钢铁");
        String deal = "D-" + lead;

        assertThat(send("msg_u1_" + lead, """
                {"type": "opportunity.updated", "leadId": "%s", "opportunityId": "%s", "name": "东方钢铁 试点",
                 "amount": "80000", "closeDate": "2027-03-31"}""".formatted(lead, deal)).status()).isEqualTo(204);
        assertThat(fixtures.stage(lead)).isEqualTo(Stage.OPPORTUNITY);
        // later messages name only the CRM's opportunity id
        assertThat(send("msg_u2_" + lead, """
                {"type": "opportunity.updated", "opportunityId": "%s", "amount": 95000}""".formatted(deal)).status())
                .isEqualTo(204);
        assertThat(opportunity(lead)).containsEntry("expected_close", java.sql.Date.valueOf("2027-03-31"));
        assertThat((BigDecimal) opportunity(lead).get("amount")).isEqualByComparingTo("95000");

        assertThat(send("msg_lost_" + lead, """
                {"type": "opportunity.lost", "opportunityId": "%s", "reason": "chose a local vendor"}"""
                .formatted(deal)).status()).isEqualTo(204);

        assertThat(fixtures.stage(lead)).isEqualTo(Stage.LOST);
        assertThat((String) opportunity(lead).get("lost_comment")).contains("chose a local vendor");
        assertThat(opportunity(lead).get("closed_at")).isNotNull();
    }

    private Map<String, Object> opportunity(UUID lead) {
        return jdbc.sql("""
                select p.amount, p.expected_close, p.lost_comment, p.closed_at from opportunity p
                join crm_link l on l.opportunity_id = p.id where l.connector_id = :c and l.lead_id = :l
                """).param("c", connector).param("l", lead).query().singleRow();
    }

    @Test
    void aReplayedAcceptanceIsAppliedOnce() {
        UUID lead = transferred("赵敏", "西部能源");
        String accepted = """
                {"type": "lead.accepted", "leadId": "%s"}""".formatted(lead);

        assertThat(send("msg_once_" + lead, accepted).status()).isEqualTo(204);
        assertThat(send("msg_once_" + lead, accepted).status()).isEqualTo(204);

        assertThat(jdbc.sql("select count(*) from lead_stage_history where lead_id = :l and to_stage = 'SAL'")
                .param("l", lead).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select outcome from crm_inbound_change where connector_id = :c and object = 'lead' and crm_id = :l
                """).param("c", connector).param("l", lead.toString()).query(String.class).single())
                .contains("SAL");
    }

    @Test
    void aMessageThatIsNotSignedWithTheConnectorsSecretIsRefusedWith401() {
        UUID lead = transferred("钱进", "东方钢铁");
        String body = """
                {"type": "lead.rejected", "leadId": "%s", "reason": "forged"}""".formatted(lead);
        String path = "/api/v1/connectors/" + connector + "/events";
        long now = clock.instant().getEpochSecond();
        String otherSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

        Api.Response forged = Api.at(port).post(path, body, Map.of("webhook-id", "msg_forged",
                "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooks.sign(otherSecret, "msg_forged", now, body)));
        Api.Response unsigned = Api.at(port).post(path, body, Map.of());
        long stale = now - Duration.ofMinutes(6).toSeconds();
        Api.Response old = Api.at(port).post(path, body, Map.of("webhook-id", "msg_old",
                "webhook-timestamp", Long.toString(stale),
                "webhook-signature", StandardWebhooks.sign(SECRET, "msg_old", stale, body)));
        Api.Response tampered = Api.at(port).post(path, body.replace("forged", "tampered"), Map.of(
                "webhook-id", "msg_t", "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooks.sign(SECRET, "msg_t", now, body)));

        for (Api.Response response : List.of(forged, unsigned, old, tampered)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(old.json().path("detail").asString()).contains("5 minutes");
        assertThat(unsigned.json().path("detail").asString()).contains("webhook-signature");
        assertThat(fixtures.stage(lead)).isEqualTo(Stage.MQL);
    }

    @Test
    void anUnknownConnectorIs404AndABadFieldIs400NamingIt() {
        UUID lead = transferred("孙丽", "华北重工");
        String body = """
                {"type": "lead.accepted", "leadId": "%s"}""".formatted(lead);
        long now = clock.instant().getEpochSecond();
        Api.Response unknown = Api.at(port).post("/api/v1/connectors/" + UUID.randomUUID() + "/events", body,
                Map.of("webhook-id", "msg_x", "webhook-timestamp", Long.toString(now),
                        "webhook-signature", StandardWebhooks.sign(SECRET, "msg_x", now, body)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        assertField(send("msg_type", "{\"type\": \"lead.moved\", \"leadId\": \"" + lead + "\"}"), "type");
        assertField(send("msg_lead", "{\"type\": \"lead.accepted\", \"leadId\": \"not-a-uuid\"}"), "leadId");
        assertField(send("msg_stranger", "{\"type\": \"lead.accepted\", \"leadId\": \"" + UUID.randomUUID() + "\"}"),
                "leadId");
        assertField(send("msg_amount", """
                {"type": "opportunity.won", "leadId": "%s", "opportunityId": "D-9", "amount": "lots"}"""
                .formatted(lead)), "amount");
        assertField(send("msg_date", """
                {"type": "opportunity.updated", "leadId": "%s", "opportunityId": "D-9", "closeDate": "next week"}"""
                .formatted(lead)), "closeDate");
        assertField(send("msg_opp", """
                {"type": "opportunity.lost", "leadId": "%s"}""".formatted(lead)), "opportunityId");
        assertField(send("msg_json", "{\"type\": "), "body");
        assertThat(fixtures.stage(lead)).isEqualTo(Stage.MQL);
    }

    private static void assertField(Api.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").path(0).path("field").asString()).isEqualTo(field);
    }

    /** A message as the CRM sends it: signed at the current time with the connector's secret. */
    private Api.Response send(String webhookId, String body) {
        long now = clock.instant().getEpochSecond();
        return Api.at(port).post("/api/v1/connectors/" + connector + "/events", body, Map.of(
                "webhook-id", webhookId, "webhook-timestamp", Long.toString(now),
                "webhook-signature", StandardWebhooks.sign(SECRET, webhookId, now, body)));
    }

    private Map<String, Object> lastMove(UUID lead) {
        return jdbc.sql("""
                select to_stage, actor, reason from lead_stage_history where lead_id = :l order by id desc limit 1
                """).param("l", lead).query().singleRow();
    }
}
