package io.tandem.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.tandem.connectors.ConnectorFixtures.both;
import static io.tandem.connectors.ConnectorFixtures.toCrm;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.tandem.connectors.internal.BackSync;
import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.DeliveryDispatcher;
import io.tandem.connectors.internal.FieldMapping;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.UserManagement;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import tools.jackson.databind.JsonNode;

/**
 * The HubSpot connector against a local HubSpot simulator that answers in the formats of HubSpot's public CRM v3/v4
 * API reference: batch upsert by a unique property (200, 207 multi-status with errors, 400 validation errors, 401 for
 * a revoked private-app token, 429 with and without Retry-After, 500), CRM search with {@code after} paging, and the
 * v4 associations batch read. Deliveries and pulls run through the real dispatcher and back-sync.
 */
@IntegrationTest
class HubSpotConnectorTests {

    static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
    static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";
    static final String CONTACT_SEARCH = "/crm/v3/objects/contacts/search";
    static final String DEAL_SEARCH = "/crm/v3/objects/deals/search";
    static final String ASSOCIATIONS = "/crm/v4/associations/deals/contacts/batch/read";

    static WireMockServer hubspot;

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
    Instant now;

    @BeforeAll
    static void startSimulator() {
        hubspot = new WireMockServer(WireMockConfiguration.options().dynamicPort().http2PlainDisabled(true));
        hubspot.start();
    }

    @AfterAll
    static void stopSimulator() {
        hubspot.stop();
    }

    @BeforeEach
    void setUp() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.setTo(now);
        fixtures = new ConnectorFixtures(connectors, transfers, stages, handoffs, users, transactions, jdbc,
                port);
    }

    @AfterEach
    void tearDown() {
        fixtures.removeConnectors();
        hubspot.resetAll();
        clock.followRealTime();
    }

    UUID connector(Map<String, String> extraSettings) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("baseUrl", hubspot.baseUrl()));
        settings.putAll(extraSettings);
        return fixtures.connector(ConnectorKind.HUBSPOT, settings, Map.of("accessToken", TOKEN), List.of(
                toCrm("email", "email"), toCrm("firstName", "firstname"), toCrm("lastName", "lastname"),
                toCrm("company", "company"), both("title", "jobtitle", FieldMapping.ConflictRule.CRM_WINS)));
    }

    @Test
    void aMultiStatusAnswerDeliversTheGoodRecordsAndRefusesTheBadOneWhateverTheOrderOfResults() {
        UUID connector = connector(Map.of());
        UUID a = fixtures.mql("王芳", "东方钢铁");
        UUID b = fixtures.mql("李娜", "华北重工");
        UUID c = fixtures.mql("张伟", "南方电气");
        fixtures.transfer(connector, a, b, c);
        hubspot.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(207, """
                {"status": "COMPLETE", "numErrors": 1,
                 "results": [%s, %s],
                 "errors": [{"status": "error", "category": "VALIDATION_ERROR",
                             "message": "Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"Email address is invalid\\",\\"error\\":\\"INVALID_EMAIL\\",\\"name\\":\\"email\\"}]",
                             "context": {"objectWriteTraceId": ["%s"]},
                             "errors": [{"message": "Email address is invalid", "code": "INVALID_EMAIL", "in": "email"}]}],
                 "startedAt": "2026-11-27T02:00:00.100Z", "completedAt": "2026-11-27T02:00:00.300Z"}
                """.formatted(contact("1003", c, true), contact("1001", a, false), b))));

        assertThat(dispatcher.deliverDue(connector)).isEqualTo(3);

        List<LoggedRequest> calls = hubspot.findAll(postRequestedFor(urlEqualTo(UPSERT)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode inputs = Api.JSON.readTree(calls.get(0).getBodyAsString()).path("inputs");
        assertThat(inputs).hasSize(3);
        JsonNode first = inputs.path(0);
        assertThat(first.path("idProperty").asString()).isEqualTo("tandem_id");
        assertThat(List.of(inputs.path(0).path("id").asString(), inputs.path(1).path("id").asString(),
                inputs.path(2).path("id").asString())).containsExactlyInAnyOrder(a.toString(), b.toString(),
                        c.toString());
        JsonNode wang = java.util.stream.StreamSupport.stream(inputs.spliterator(), false)
                .filter(input -> input.path("id").asString().equals(a.toString())).findFirst().orElseThrow();
        assertThat(wang.path("properties").path("company").asString()).isEqualTo("东方钢铁");
        assertThat(wang.path("properties").path("jobtitle").asString()).isEqualTo("采购经理");
        assertThat(wang.path("properties").path("email").asString()).startsWith("crm.");

        assertThat(fixtures.state(connector, a)).isEqualTo("DELIVERED");
        assertThat(fixtures.crmId(connector, a)).isEqualTo("1001");
        assertThat(fixtures.state(connector, c)).isEqualTo("DELIVERED");
        assertThat(fixtures.crmId(connector, c)).isEqualTo("1003");
        assertThat(fixtures.state(connector, b)).isEqualTo("FAILED");
        assertThat(fixtures.lastError(connector, b)).contains("validation").contains("Email address is invalid");
        assertThat(fixtures.crmId(connector, b)).isNull();
    }

    @Test
    void aBatchRefusedAsAWholeIsSentRecordByRecordSoThatOnlyTheBadRecordFails() {
        UUID connector = connector(Map.of());
        UUID good = fixtures.mql("赵敏", "东方钢铁");
        UUID bad = fixtures.mql("钱进", "华北重工");
        fixtures.transfer(connector, good, bad);
        String refusal = """
                {"status": "error", "message": "Property values were not valid", "correlationId": "%s",
                 "category": "VALIDATION_ERROR",
                 "errors": [{"message": "Property \\"lifecyclestage\\" does not allow the value \\"x\\"", "code": "INVALID_OPTION", "in": "lifecyclestage"}]}
                """.formatted(UUID.randomUUID());
        hubspot.stubFor(post(urlEqualTo(UPSERT)).atPriority(1).withRequestBody(matchingJsonPath("$.inputs[1]"))
                .willReturn(json(400, refusal)));
        hubspot.stubFor(post(urlEqualTo(UPSERT)).atPriority(2)
                .withRequestBody(matchingJsonPath("$.inputs[0].id", equalTo(bad.toString())))
                .willReturn(json(400, refusal)));
        hubspot.stubFor(post(urlEqualTo(UPSERT)).atPriority(2)
                .withRequestBody(matchingJsonPath("$.inputs[0].id", equalTo(good.toString())))
                .willReturn(json(200, """
                        {"status": "COMPLETE", "results": [%s]}""".formatted(contact("2001", good, true)))));

        dispatcher.deliverDue(connector);

        assertThat(hubspot.findAll(postRequestedFor(urlEqualTo(UPSERT)))).hasSize(3);
        assertThat(fixtures.state(connector, good)).isEqualTo("DELIVERED");
        assertThat(fixtures.crmId(connector, good)).isEqualTo("2001");
        assertThat(fixtures.state(connector, bad)).isEqualTo("FAILED");
        assertThat(fixtures.lastError(connector, bad)).contains("does not allow the value");
    }

    @Test
    void rateLimitsPauseTheConnectorServerErrorsAndARevokedTokenAreRetriedUntilHubSpotTakesTheRecord() {
        UUID connector = connector(Map.of());
        UUID lead = fixtures.mql("孙丽", "西部能源");
        fixtures.transfer(connector, lead);
        String limited = """
                {"status": "error", "message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT",
                 "correlationId": "c1", "policyName": "SECONDLY", "category": "RATE_LIMITS"}""";
        fault("start", "429 bare", json(429, limited));
        fault("429 bare", "429 retry-after", json(429, limited).withHeader("Retry-After", "30"));
        fault("429 retry-after", "500", json(500, """
                {"status": "error", "message": "internal error", "category": "INTERNAL_ERROR"}"""));
        fault("500", "401", json(401, """
                {"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}"""));
        fault("401", "ok", json(200, """
                {"status": "COMPLETE", "results": [%s]}""".formatted(contact("3001", lead, true))));

        dispatcher.deliverDue(connector);
        // 429 without Retry-After: every call to HubSpot waits 10 s; the attempt is not counted against the record
        assertThat(connectors.get(connector).pausedUntil()).isEqualTo(now.plusSeconds(10));
        assertThat(attempts(connector, lead)).isZero();
        assertThat(dispatcher.deliverDue(connector)).isZero();
        assertThat(calls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        dispatcher.deliverDue(connector);
        assertThat(connectors.get(connector).pausedUntil()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(calls()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        dispatcher.deliverDue(connector);
        assertThat(fixtures.state(connector, lead)).isEqualTo("PENDING");
        assertThat(attempts(connector, lead)).isEqualTo(1);
        assertThat(fixtures.lastError(connector, lead)).contains("HTTP 500");

        clock.advance(Duration.ofMinutes(20));
        dispatcher.deliverDue(connector);
        assertThat(fixtures.state(connector, lead)).isEqualTo("PENDING");
        assertThat(attempts(connector, lead)).isEqualTo(2);
        assertThat(fixtures.lastError(connector, lead)).contains("access token");
        assertThat(jdbc.sql("select error from crm_sync_log where connector_id = :c order by id desc limit 1")
                .param("c", connector).query(String.class).single()).startsWith("AUTHENTICATION");

        clock.advance(Duration.ofMinutes(20));
        dispatcher.deliverDue(connector);
        assertThat(calls()).isEqualTo(5);
        assertThat(fixtures.state(connector, lead)).isEqualTo("DELIVERED");
        assertThat(fixtures.crmId(connector, lead)).isEqualTo("3001");
    }

    @Test
    void theBackSyncPagesThroughContactsAndDealsAndClosesTheLoopOnce() {
        UUID connector = connector(Map.of("acceptedStatuses", "IN_PROGRESS, CONNECTED",
                "rejectedStatuses", "UNQUALIFIED,BAD_TIMING"));
        UUID accepted = fixtures.mql("周杰", "东方钢铁");
        UUID rejected = fixtures.mql("吴磊", "华北重工");
        UUID customer = fixtures.mql("郑爽", "南方电气");
        fixtures.transfer(connector, accepted, rejected, customer);
        hubspot.stubFor(post(urlEqualTo(UPSERT)).willReturn(json(200, """
                {"status": "COMPLETE", "results": [%s, %s, %s]}""".formatted(contact("501", accepted, true),
                contact("502", rejected, true), contact("503", customer, true)))));
        dispatcher.deliverDue(connector);
        assertThat(fixtures.crmId(connector, customer)).isEqualTo("503");

        hubspot.stubFor(post(urlEqualTo(CONTACT_SEARCH)).withRequestBody(notContaining("\"after\""))
                .willReturn(json(200, """
                        {"total": 3, "results": [%s, %s], "paging": {"next": {"after": "2", "link": "?after=2"}}}
                        """.formatted(
                        found("501", accepted, "2026-11-27T01:00:00.000Z", "IN_PROGRESS", "salesqualifiedlead", "0",
                                "采购经理"),
                        found("502", rejected, "2026-11-27T01:01:00.000Z", "UNQUALIFIED", "lead", "0", "前台")))));
        hubspot.stubFor(post(urlEqualTo(CONTACT_SEARCH)).withRequestBody(matchingJsonPath("$.after", equalTo("2")))
                .willReturn(json(200, """
                        {"total": 3, "results": [%s]}""".formatted(
                        found("503", customer, "2026-11-27T01:02:00.000Z", "", "customer", "1", "采购经理")))));
        hubspot.stubFor(post(urlEqualTo(DEAL_SEARCH)).willReturn(json(200, """
                {"total": 2, "results": [
                  {"id": "9001", "properties": {"dealname": "东方钢铁 2027 框架协议", "dealstage": "closedwon",
                     "amount": "50000.00", "closedate": "2026-12-15T00:00:00Z", "hs_is_closed_won": "true",
                     "hs_is_closed": "true", "deal_currency_code": "CNY",
                     "hs_lastmodifieddate": "2026-11-27T01:05:00.000Z", "hs_object_id": "9001"},
                   "createdAt": "2026-11-27T01:03:00.000Z", "updatedAt": "2026-11-27T01:05:00.000Z", "archived": false},
                  {"id": "9002", "properties": {"dealname": "HubSpot's own deal", "dealstage": "appointmentscheduled",
                     "amount": "10", "closedate": "2026-12-20T00:00:00Z", "hs_is_closed_won": "false",
                     "hs_is_closed": "false", "hs_lastmodifieddate": "2026-11-27T01:06:00.000Z"},
                   "createdAt": "2026-11-27T01:06:00.000Z", "updatedAt": "2026-11-27T01:06:00.000Z", "archived": false}]}
                """)));
        hubspot.stubFor(post(urlEqualTo(ASSOCIATIONS)).willReturn(json(200, """
                {"status": "COMPLETE", "results": [
                  {"from": {"id": "9001"}, "to": [{"toObjectId": 501, "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 3, "label": null}]}]},
                  {"from": {"id": "9002"}, "to": [{"toObjectId": 777, "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 3, "label": null}]}]}],
                 "startedAt": "2026-11-27T02:00:00.000Z", "completedAt": "2026-11-27T02:00:00.050Z"}""")));

        BackSync.Pulled pulled = backSync.pull(connector);

        assertThat(pulled).isEqualTo(new BackSync.Pulled(4, 4, 0, 0));
        assertThat(fixtures.stage(accepted)).isEqualTo(Stage.WON);
        assertThat(jdbc.sql("""
                select o.amount from sales_order o join crm_link l on l.opportunity_id = o.opportunity_id
                where l.connector_id = :c and l.lead_id = :lead""").param("c", connector).param("lead", accepted)
                .query(BigDecimal.class).single()).isEqualByComparingTo("50000.00");
        assertThat(fixtures.stage(rejected)).isEqualTo(Stage.NURTURE);
        assertThat(jdbc.sql("select title from lead where id = :id").param("id", rejected).query(String.class)
                .single()).isEqualTo("前台");
        assertThat(fixtures.stage(customer)).isEqualTo(Stage.SQL);
        assertThat(backSync.watermarks(connector)).containsEntry("contacts",
                Long.toString(Instant.parse("2026-11-27T01:02:00Z").toEpochMilli()))
                .containsEntry("deals", Long.toString(Instant.parse("2026-11-27T01:06:00Z").toEpochMilli()));

        JsonNode search = Api.JSON.readTree(hubspot.findAll(postRequestedFor(urlEqualTo(CONTACT_SEARCH))).get(0)
                .getBodyAsString());
        assertThat(search.path("sorts").path(0).path("propertyName").asString()).isEqualTo("lastmodifieddate");
        assertThat(search.path("sorts").path(0).path("direction").asString()).isEqualTo("ASCENDING");
        assertThat(search.path("limit").asInt()).isEqualTo(100);
        assertThat(search.path("properties").valueStream().map(JsonNode::asString).toList())
                .contains("lifecyclestage", "hs_lead_status", "hubspot_owner_id", "tandem_id", "jobtitle");
        // the first pull reads the deals changed since the first transfer out, not the whole portal's
        JsonNode dealSearch = Api.JSON.readTree(hubspot.findAll(postRequestedFor(urlEqualTo(DEAL_SEARCH))).get(0)
                .getBodyAsString());
        assertThat(dealSearch.path("filterGroups").path(0).path("filters").toString())
                .contains("\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\"");
        JsonNode dealAssociations = Api.JSON.readTree(hubspot.findAll(postRequestedFor(urlEqualTo(ASSOCIATIONS)))
                .get(0).getBodyAsString());
        assertThat(dealAssociations.path("inputs").path(0).path("id").asString()).isEqualTo("9001");

        // The next pull starts at the watermarks; HubSpot repeats the records stamped there: nothing is applied twice.
        hubspot.resetRequests();
        BackSync.Pulled again = backSync.pull(connector);
        assertThat(again.applied()).isZero();
        assertThat(again.skipped()).isEqualTo(4);
        JsonNode filters = Api.JSON.readTree(hubspot.findAll(postRequestedFor(urlEqualTo(CONTACT_SEARCH))).get(0)
                .getBodyAsString()).path("filterGroups").path(0).path("filters");
        assertThat(filters.toString()).contains("\"propertyName\":\"tandem_id\",\"operator\":\"HAS_PROPERTY\"")
                .contains("\"propertyName\":\"lastmodifieddate\",\"operator\":\"GTE\",\"value\":\""
                        + Instant.parse("2026-11-27T01:02:00Z").toEpochMilli() + "\"");
        assertThat(jdbc.sql("select count(*) from sales_order o join crm_link l on l.opportunity_id = o.opportunity_id "
                + "where l.connector_id = :c").param("c", connector).query(Long.class).single()).isEqualTo(1);
    }

    private void fault(String state, String next, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        hubspot.stubFor(post(urlEqualTo(UPSERT)).inScenario("faults")
                .whenScenarioStateIs("start".equals(state) ? Scenario.STARTED : state).willSetStateTo(next)
                .willReturn(answer));
    }

    private int calls() {
        return hubspot.findAll(postRequestedFor(urlEqualTo(UPSERT))).size();
    }

    private int attempts(UUID connector, UUID lead) {
        return jdbc.sql("select attempts from crm_delivery where connector_id = :c and lead_id = :l")
                .param("c", connector).param("l", lead).query(Integer.class).single();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody(body);
    }

    /** One upsert result as HubSpot writes it. */
    static String contact(String id, UUID lead, boolean created) {
        return """
                {"id": "%s", "properties": {"createdate": "2026-11-27T02:00:00.200Z", "hs_object_id": "%s",
                 "lastmodifieddate": "2026-11-27T02:00:00.200Z", "tandem_id": "%s"},
                 "createdAt": "2026-11-27T02:00:00.200Z", "updatedAt": "2026-11-27T02:00:00.200Z", "archived": false,
                 "new": %s}""".formatted(id, id, lead, created);
    }

    /** One search result. */
    static String found(String id, UUID lead, String modified, String leadStatus, String lifecycle, String deals,
            String jobTitle) {
        return """
                {"id": "%s", "properties": {"hs_object_id": "%s", "tandem_id": "%s", "lastmodifieddate": "%s",
                 "hs_lead_status": "%s", "lifecyclestage": "%s", "num_associated_deals": "%s", "hubspot_owner_id": "71",
                 "jobtitle": "%s"},
                 "createdAt": "2026-11-27T00:00:00.000Z", "updatedAt": "%s", "archived": false}"""
                .formatted(id, id, lead, modified, leadStatus, lifecycle, deals, jobTitle, modified);
    }
}
