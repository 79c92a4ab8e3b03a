package io.tandem.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.connectors.internal.BackSync;
import io.tandem.connectors.internal.ConnectorAdmin;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.Deliveries;
import io.tandem.connectors.internal.DeliveryDispatcher;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lead.StageChangeView;
import io.tandem.lifecycle.Stage;
import io.tandem.shared.BadInputException;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.SalesforceSimulator;

/**
 * Transfers out to Salesforce, against a local Salesforce that speaks its REST API: upsert by Tandem's id, collections
 * for a backlog, the documented faults, and sales' outcomes coming back as Tandem's history.
 */
@IntegrationTest
class SalesforceConnectorTests {

    static SalesforceSimulator salesforce;

    @LocalServerPort
    int port;
    @Autowired
    ConnectorAdmin admin;
    @Autowired
    ConnectorStore connectors;
    @Autowired
    CrmTransfers transfers;
    @Autowired
    DeliveryDispatcher dispatcher;
    @Autowired
    Deliveries deliveries;
    @Autowired
    BackSync backSync;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    UUID connector;
    String tag = CrmFixtures.tag();

    @BeforeAll
    static void startSalesforce() {
        salesforce = new SalesforceSimulator();
    }

    @AfterAll
    static void stopSalesforce() {
        salesforce.close();
    }

    @AfterEach
    void switchOff() {
        salesforce.recover();
        if (connector != null) {
            jdbc.sql("update crm_connector set enabled = false where id = :id").param("id", connector).update();
        }
        clock.followRealTime();
    }

    private UUID connector() {
        connector = CrmFixtures.salesforce(admin, salesforce, "Salesforce " + tag, Map.of());
        return connector;
    }

    private void transfer(List<UUID> leadIds) {
        transactions.executeWithoutResult(tx -> leadIds.forEach(
                lead -> transfers.transferOut(lead, connector, CrmFixtures.ADMIN)));
        awaitQueued(leadIds.size());
    }

    private void awaitQueued(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from crm_delivery where connector_id = :id").param("id", connector)
                .query(Long.class).single() >= count);
    }

    private long inState(String state) {
        return jdbc.sql("select count(*) from crm_delivery where connector_id = :id and state = :state")
                .param("id", connector).param("state", state).query(Long.class).single();
    }

    @Test
    void aTransferredLeadIsUpsertedByTandemsIdWithTheMappedFieldsAndStaysOneRecordWhenItChanges() {
        connector();
        UUID lead = CrmFixtures.mqls(port, stages, transactions, tag, 1).get(0);
        transfer(List.of(lead));

        assertThat(dispatcher.deliverDue(connector)).isEqualTo(1);

        SalesforceSimulator.SObject record = salesforce.leadsByExternalId().get(lead.toString());
        assertThat(record).isNotNull();
        assertThat(record.fields()).containsEntry("LastName", "吴磊" + tag + "-0").containsEntry("Company", "东方钢铁")
                .containsEntry("Email", "wu." + tag + ".0@dongfang-steel.cn").containsEntry("LeadSource", "Web")
                .containsEntry("Title", "采购经理");
        assertThat(jdbc.sql("select crm_id from crm_link where connector_id = :c and lead_id = :l")
                .param("c", connector).param("l", lead).query(String.class).single()).isEqualTo(record.id());
        assertThat(jdbc.sql("select count(*) from crm_sync_log where lead_id = :l and direction = 'OUT' and error is null")
                .param("l", lead).query(Long.class).single()).isEqualTo(1);

        // The lead changes in Tandem (captured again with an industry): the same record is updated.
        int createdBefore = salesforce.created();
        io.tandem.support.Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("email", "wu." + tag + ".0@dongfang-steel.cn", "industry", "制造业"));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.hasDue(connector, clock.instant()));
        dispatcher.deliverDue(connector);

        assertThat(salesforce.leadsByExternalId().get(lead.toString()).fields()).containsEntry("Industry", "制造业")
                .containsEntry("Title", "采购经理");
        assertThat(salesforce.created()).isEqualTo(createdBefore);
        assertThat(salesforce.leadsWhere(SalesforceSimulator.EXTERNAL_ID, lead.toString())).isEqualTo(1);
    }

    @Test
    void aBacklogGoesThroughSObjectCollectionsOfAtMostTwoHundred() {
        connector();
        List<UUID> backlog = CrmFixtures.mqls(port, stages, transactions, tag, 450);
        transfer(backlog);
        salesforce.resetRequests();

        dispatcher.deliverDue(connector);

        assertThat(salesforce.requestsTo(SalesforceSimulator.API + "/composite/sobjects/Lead/")).isEqualTo(3);
        assertThat(backlog).allSatisfy(lead -> assertThat(salesforce.leadsByExternalId()).containsKey(lead.toString()));
        assertThat(inState("DELIVERED")).isEqualTo(450);
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedWithGrowingPausesUntilSalesforceAnswers() {
        connector();
        clock.setTo(Instant.parse("2026-11-24T02:00:00Z"));
        UUID lead = CrmFixtures.mqls(port, stages, transactions, tag, 1).get(0);
        transfer(List.of(lead));
        salesforce.failEverything(500);

        dispatcher.deliverDue(connector);
        Instant firstRetry = nextAttempt(lead);
        assertThat(firstRetry).isAfter(clock.instant()).isBefore(clock.instant().plusSeconds(6));
        assertThat(lastError(lead)).contains("HTTP 500");

        clock.setTo(firstRetry);
        dispatcher.deliverDue(connector);
        Instant secondRetry = nextAttempt(lead);
        assertThat(Duration.between(firstRetry, secondRetry)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));

        salesforce.recover();
        salesforce.slow(1_500);  // longer than the client's 1 s timeout in the tests
        clock.setTo(secondRetry);
        dispatcher.deliverDue(connector);
        assertThat(lastError(lead)).contains("no answer within");

        salesforce.recover();
        clock.setTo(nextAttempt(lead));
        dispatcher.deliverDue(connector);
        assertThat(salesforce.leadsByExternalId()).containsKey(lead.toString());
        assertThat(jdbc.sql("select attempts from crm_delivery where lead_id = :l").param("l", lead)
                .query(Integer.class).single()).isEqualTo(4);
    }

    @Test
    void aRateLimitPausesEveryCallForAsLongAsSalesforceSays() {
        connector();
        clock.setTo(Instant.parse("2026-11-24T03:00:00Z"));
        List<UUID> two = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        transfer(two.subList(0, 1));
        salesforce.limitReached(120);

        dispatcher.deliverDue(connector);

        assertThat(connectors.get(connector).pausedUntil()).isEqualTo(clock.instant().plusSeconds(120));
        assertThat(connectors.get(connector).pausedReason()).contains("API limit");
        salesforce.recover();
        transfer(two);
        salesforce.resetRequests();
        clock.advance(Duration.ofSeconds(119));
        assertThat(dispatcher.deliverDue(connector)).isZero();
        assertThat(salesforce.requestsTo("/")).isZero();

        clock.advance(Duration.ofSeconds(2));
        dispatcher.deliverDue(connector);
        assertThat(two).allSatisfy(lead -> assertThat(salesforce.leadsByExternalId()).containsKey(lead.toString()));
        // Waiting for the limit is not the deliveries' fault: no attempt was counted for it.
        assertThat(jdbc.sql("select attempts from crm_delivery where lead_id = :l").param("l", two.get(0))
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void anExpiredSessionIsSignedInAgainAndTheCallRepeated() {
        connector();
        UUID lead = CrmFixtures.mqls(port, stages, transactions, tag, 2).get(0);
        transfer(List.of(lead));
        dispatcher.deliverDue(connector);
        int tokens = salesforce.tokensIssued();

        salesforce.expireSessions();
        transactions.executeWithoutResult(tx -> transfers.transferOut(lead, connector, CrmFixtures.ADMIN));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.hasDue(connector, clock.instant()));
        dispatcher.deliverDue(connector);

        assertThat(salesforce.tokensIssued()).isEqualTo(tokens + 1);
        assertThat(inState("DELIVERED")).isEqualTo(2);
        assertThat(inState("PENDING")).isZero();
    }

    @Test
    void aDuplicateOrAValidationErrorFailsTheRecordWithAClearMessageUntilItIsReplayed() {
        connector();
        List<UUID> leadIds = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        salesforce.existingLead("吴磊", "wu." + tag + ".0@dongfang-steel.cn");
        transactions.executeWithoutResult(tx -> jdbc.sql("update lead set company = 'INVALID' where id = :id")
                .param("id", leadIds.get(1)).update());
        transfer(leadIds);

        dispatcher.deliverDue(connector);

        assertThat(inState("FAILED")).isEqualTo(2);
        assertThat(lastError(leadIds.get(0))).contains("duplicate rules matched an existing record");
        assertThat(lastError(leadIds.get(1))).contains("validation refused a value (fields: Company)");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                select count(*) from event_publication where event_type like '%CrmDeliveryGaveUp'
                and (cast(serialized_event as jsonb) ->> 'connectorId')::uuid = :c
                """).param("c", connector).query(Long.class).single() == 2);

        // Sales merges the duplicate in Salesforce; marketing fixes the company; the admin replays.
        salesforce.leads().stream().filter(l -> l.fields().get(SalesforceSimulator.EXTERNAL_ID) == null)
                .forEach(l -> l.fields().put("Email", "merged@example.com"));
        transactions.executeWithoutResult(tx -> jdbc.sql("update lead set company = '东方钢铁' where id = :id")
                .param("id", leadIds.get(1)).update());
        assertThat(deliveries.replay(connector, List.of(), clock.instant())).isEqualTo(2);
        dispatcher.deliverDue(connector);

        assertThat(inState("DELIVERED")).isEqualTo(2);
        assertThat(leadIds).allSatisfy(lead -> assertThat(salesforce.leadsByExternalId()).containsKey(lead.toString()));
    }

    @Test
    void onlyQualifiedLeadsGoOutAndARequiredBlankFieldIsRefusedAtTheTransfer() {
        connector();
        List<UUID> leadIds = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        transactions.executeWithoutResult(tx -> stages.move(leadIds.get(0), Stage.NURTURE, "not now", "test",
                CrmFixtures.ADMIN));
        assertThatThrownBy(() -> transfers.transferOut(leadIds.get(0), connector, CrmFixtures.ADMIN))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems().get(0).code()).isEqualTo("crm.onlyQualified"));

        transactions.executeWithoutResult(tx -> jdbc.sql("update lead set company = null where id = :id")
                .param("id", leadIds.get(1)).update());
        assertThatThrownBy(() -> transfers.transferOut(leadIds.get(1), connector, CrmFixtures.ADMIN))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems().get(0).args()).anyMatch(
                        arg -> arg.contains("company → Company")));
        assertThat(jdbc.sql("select count(*) from crm_link where connector_id = :c").param("c", connector)
                .query(Long.class).single()).isZero();
    }

    @Test
    void salesOutcomesInSalesforceBecomeTandemsStagesAndOpportunityWithSalesforceAsActor() {
        connector();
        List<UUID> leadIds = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        UUID accepted = leadIds.get(0);
        UUID rejected = leadIds.get(1);
        transfer(leadIds);
        dispatcher.deliverDue(connector);

        salesforce.setStatus(accepted.toString(), "Working - Contacted");
        salesforce.setStatus(rejected.toString(), "Closed - Not Converted");
        backSync.pull(connector);
        assertThat(stage(accepted)).isEqualTo(Stage.SAL);
        assertThat(stage(rejected)).isEqualTo(Stage.NURTURE);

        String opportunity = salesforce.convert(accepted.toString(), "东方钢铁 MES", new BigDecimal("480000"),
                "Prospecting");
        backSync.pull(connector);
        assertThat(stage(accepted)).isEqualTo(Stage.OPPORTUNITY);

        salesforce.updateOpportunity(opportunity, Map.of("Amount", new BigDecimal("520000")));
        salesforce.updateOpportunity(opportunity, Map.of("StageName", "Closed Won", "IsWon", true, "IsClosed", true,
                "CloseDate", "2026-12-15"));
        // Two edits between pulls: a query sees the record as it is now, one change.
        BackSync.Pulled pulled = backSync.pull(connector);
        assertThat(pulled.applied()).isEqualTo(1);
        assertThat(stage(accepted)).isEqualTo(Stage.WON);
        assertThat(jdbc.sql("""
                select o.amount from sales_order o join crm_link l on l.opportunity_id = o.opportunity_id
                where l.lead_id = :lead
                """).param("lead", accepted).query(BigDecimal.class).single()).isEqualByComparingTo("520000");

        List<StageChangeView> history = leads.stageHistory(accepted);
        assertThat(history.stream().map(StageChangeView::to)).containsSubsequence(Stage.MQL, Stage.SAL, Stage.SQL,
                Stage.OPPORTUNITY, Stage.WON);
        assertThat(history.stream().filter(h -> !Stage.MQL.equals(h.to())).map(StageChangeView::actor))
                .containsOnly("crm:Salesforce " + tag);

        // Reading the same changes again (the watermark is inclusive) lands nothing twice.
        assertThat(backSync.pull(connector).applied()).isZero();
        assertThat(history).hasSize(leads.stageHistory(accepted).size());
    }

    @Test
    void theJwtBearerFlowSignsInWithTheConnectedAppsKeyAndAWrongKeyIsRefusedClearly() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        salesforce.acceptJwtSignedBy(keys.getPublic());
        connector = CrmFixtures.salesforce(admin, salesforce, "Salesforce JWT " + tag, Map.of("authFlow", "jwt_bearer",
                "username", "integration@huaxin-pharma.cn"));
        admin.saveSettings(connector, "Salesforce JWT " + tag, true, connectors.get(connector).settings(),
                Map.of("privateKey", pem(keys.getPrivate())), java.util.Set.of(), 1_000_000, 4, CrmFixtures.ADMIN);
        List<UUID> leadIds = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        transfer(leadIds.subList(0, 1));

        dispatcher.deliverDue(connector);
        assertThat(salesforce.leadsByExternalId()).containsKey(leadIds.get(0).toString());

        salesforce.acceptJwtSignedBy(generator.generateKeyPair().getPublic());  // the certificate was replaced
        salesforce.expireSessions();
        transfer(leadIds);
        dispatcher.deliverDue(connector);
        assertThat(lastError(leadIds.get(1))).contains("Salesforce refused the sign-in: invalid_client");
        assertThat(inState("PENDING")).isEqualTo(2);
    }

    @Test
    void afterSeventyTwoHoursOfFailuresADeliveryIsDeadAndTheAdminsAreAlerted() {
        connector();
        Instant start = Instant.parse("2026-11-24T04:00:00Z");
        clock.setTo(start);
        UUID lead = CrmFixtures.mqls(port, stages, transactions, tag, 1).get(0);
        transfer(List.of(lead));
        salesforce.failEverything(503);
        dispatcher.deliverDue(connector);
        assertThat(inState("PENDING")).isEqualTo(1);

        clock.setTo(start.plus(Duration.ofHours(72)));
        dispatcher.deliverDue(connector);

        assertThat(inState("DEAD")).isEqualTo(1);
        assertThat(lastError(lead)).startsWith("gave up after 2 attempts over 72 hours").contains("HTTP 503");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                select count(*) from event_publication where event_type like '%CrmDeliveryGaveUp'
                and (cast(serialized_event as jsonb) ->> 'leadId')::uuid = :lead
                and (cast(serialized_event as jsonb) ->> 'dead')::boolean and completion_date is not null
                """).param("lead", lead).query(Long.class).single() == 1);
        assertThat(jdbc.sql("select count(*) from notification where kind = 'CRM_DELIVERY_FAILED' and lead_id = :lead")
                .param("lead", lead).query(Long.class).single()).isPositive();
    }

    @Test
    void theDailyCallBudgetStopsCallsUntilMidnightUtc() {
        connector();
        admin.saveSettings(connector, "Salesforce " + tag, true, connectors.get(connector).settings(), Map.of(),
                java.util.Set.of(), 2, 4, CrmFixtures.ADMIN);
        clock.setTo(Instant.parse("2026-11-24T10:00:00Z"));
        List<UUID> leadIds = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        transfer(leadIds.subList(0, 1));
        dispatcher.deliverDue(connector);  // two calls: the sign-in and the upsert
        assertThat(inState("DELIVERED")).isEqualTo(1);

        transfer(leadIds);
        salesforce.resetRequests();
        dispatcher.deliverDue(connector);
        assertThat(salesforce.requestsTo("/")).isZero();
        assertThat(connectors.get(connector).pausedUntil()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(connectors.get(connector).pausedReason()).contains("daily budget of 2 calls is used up");

        clock.setTo(Instant.parse("2026-11-25T00:00:01Z"));
        dispatcher.deliverDue(connector);
        assertThat(inState("DELIVERED")).isEqualTo(3);
    }

    @Test
    void anMqlOfTheConnectorsAutomaticGradeGoesOutWithoutAnSdr(@Autowired io.tandem.scoring.LeadScores scores) {
        connector();
        List<UUID> leadIds = new java.util.ArrayList<>();
        // Captured but not yet MQL, so that their fit grade is known before they qualify.
        io.tandem.support.Api api = io.tandem.support.Api.at(port).asAdminWithScopes("leads:write");
        for (int i = 0; i < 3; i++) {
            leadIds.add(UUID.fromString(api.post("/api/v1/leads", Map.of("name", "钱进" + tag + i, "email", "qian." + tag
                    + "." + i + "@lanxin-auto.cn", "company", "蓝鑫汽车", "title", "IT 总监")).json().get("id")
                    .asString()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> scores.of(leadIds).size() == leadIds.size());
        String grade = scores.of(leadIds).get(leadIds.get(0)).grade();
        admin.saveSettings(connector, "Salesforce " + tag, true, connectors.get(connector).settings(), Map.of(),
                java.util.Set.of(grade), 1_000_000, 4, CrmFixtures.ADMIN);

        transactions.executeWithoutResult(tx -> stages.moveAllIfAllowed(leadIds.subList(0, 2).stream()
                .map(lead -> new LeadStages.RuleMove(lead, "test", "demo request")).toList(), Stage.MQL,
                CrmFixtures.ADMIN));
        awaitQueued(2);
        dispatcher.deliverDue(connector);

        assertThat(leadIds.subList(0, 2)).allSatisfy(lead -> assertThat(salesforce.leadsByExternalId())
                .containsKey(lead.toString()));
        assertThat(salesforce.leadsByExternalId()).doesNotContainKey(leadIds.get(2).toString());
        assertThat(jdbc.sql("select transferred_by from crm_link where connector_id = :c and lead_id = :l")
                .param("c", connector).param("l", leadIds.get(0)).query(String.class).single())
                .isEqualTo("rule:Salesforce " + tag + " (grade " + grade + ")");
    }

    private static String pem(java.security.PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void aChangeThatCannotBeAppliedIsTriedAgainTwiceThenSetAsideSoThatLaterChangesGoOn() {
        connector();
        List<UUID> leadIds = CrmFixtures.mqls(port, stages, transactions, tag, 2);
        UUID bad = leadIds.get(0);
        UUID good = leadIds.get(1);
        transfer(leadIds);
        dispatcher.deliverDue(connector);
        salesforce.setStatus(bad.toString(), "Working - Contacted");
        salesforce.setStatus(good.toString(), "Working - Contacted");
        backSync.pull(connector);
        // A deal Tandem cannot take (a negative amount), then a good one changed after it.
        salesforce.convert(bad.toString(), "退货冲销", new BigDecimal("-5000"), "Prospecting");
        salesforce.convert(good.toString(), "东方钢铁 MES", new BigDecimal("300000"), "Prospecting");

        assertThat(backSync.pull(connector).failed()).isEqualTo(1);
        assertThat(backSync.pull(connector).failed()).isEqualTo(1);
        assertThat(stage(good)).isEqualTo(Stage.SQL);  // held back behind the failing change, not skipped

        backSync.pull(connector);
        assertThat(stage(good)).isEqualTo(Stage.OPPORTUNITY);
        assertThat(stage(bad)).isEqualTo(Stage.SQL);
        assertThat(jdbc.sql("select attempts from crm_inbound_failure where connector_id = :c and object = 'Opportunity'")
                .param("c", connector).query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("""
                select count(*) from crm_sync_log where connector_id = :c and direction = 'IN' and error is not null
                """).param("c", connector).query(Long.class).single()).isEqualTo(3);
        io.tandem.support.WebSession.Page backlog = io.tandem.support.WebSession.signedIn(port, "admin",
                "admin-password-for-tests").get("/admin/connectors/" + connector + "/backlog");
        assertThat(backlog.status()).isEqualTo(200);
        assertThat(backlog.body()).contains("inbound-failures").contains("set aside").contains("enter an amount of 0 or more");

        // Sales corrects the deal in Salesforce: the newer change applies and the failure is over
        String badDeal = jdbc.sql("""
                select crm_id from crm_inbound_failure where connector_id = :c and object = 'Opportunity'
                """).param("c", connector).query(String.class).single();
        salesforce.updateOpportunity(badDeal, Map.of("Amount", new BigDecimal("5000")));
        backSync.pull(connector);
        assertThat(stage(bad)).isEqualTo(Stage.OPPORTUNITY);
        assertThat(jdbc.sql("select count(*) from crm_inbound_failure where connector_id = :c")
                .param("c", connector).query(Long.class).single()).isZero();
    }

    private String stage(UUID lead) {
        return leads.summaries(List.of(lead)).get(lead).stage();
    }

    private Instant nextAttempt(UUID lead) {
        return jdbc.sql("select next_attempt_at from crm_delivery where lead_id = :l and state = 'PENDING'")
                .param("l", lead).query(java.sql.Timestamp.class).single().toInstant();
    }

    private String lastError(UUID lead) {
        return jdbc.sql("select last_error from crm_delivery where lead_id = :l order by id desc limit 1")
                .param("l", lead).query(String.class).single();
    }
}
