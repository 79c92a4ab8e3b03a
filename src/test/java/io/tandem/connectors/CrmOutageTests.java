package io.tandem.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.connectors.internal.BackSync;
import io.tandem.connectors.internal.ConnectorAdmin;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.SalesforceSimulator;
import io.tandem.support.TandemInstances;

/**
 * Nothing lost, nothing twice: 1,000 leads are transferred out while Salesforce fails every call for ten minutes (on
 * the test's clock) and Tandem is restarted in the middle; then sales works the 1,000 opportunities and every change
 * comes back once. Besides the test's own application (which never delivers by itself here) this test starts real
 * Tandem instances on the same database, all on the clock the test moves.
 */
@IntegrationTest
class CrmOutageTests {

    static final int LEADS = 1_000;

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    DataSource dataSource;
    @Autowired
    ConnectorAdmin admin;
    @Autowired
    BackSync backSync;
    @Autowired
    LeadStages stages;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    TandemInstances instances;
    SalesforceSimulator salesforce;
    UUID connector;

    @AfterEach
    void stop() {
        if (instances != null) {
            instances.close();
        }
        if (salesforce != null) {
            salesforce.close();
        }
        if (connector != null) {
            jdbc.sql("update crm_connector set enabled = false where id = :id").param("id", connector).update();
        }
        clock.followRealTime();
    }

    @Test
    void aTenMinuteOutageAndARestartLoseAndDuplicateNothingAndEveryChangeComesBackOnce() throws Exception {
        instances = new TandemInstances(dataSource, clock);
        salesforce = new SalesforceSimulator();
        String tag = CrmFixtures.tag();
        connector = CrmFixtures.salesforce(admin, salesforce, "Salesforce outage " + tag, Map.of());
        List<UUID> leads = CrmFixtures.mqls(port, stages, transactions, tag, LEADS);
        Instant start = Instant.parse("2026-11-25T02:00:00Z");
        clock.setTo(start);
        salesforce.failEverything(500);

        ConfigurableApplicationContext first = startInstance(false);
        int firstPort = Integer.parseInt(first.getEnvironment().getProperty("local.server.port"));
        Api api = Api.at(firstPort).asAdminWithScopes("leads:write");
        // Four clients at once, as the SDRs' browsers and the automatic rule would be.
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (UUID lead : leads) {
            answers.add(clients.submit(() -> api.post("/api/v1/leads/" + lead + "/crm-transfers",
                    Map.of("connectorId", connector)).status()));
        }
        for (java.util.concurrent.Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(202);
        }
        clients.shutdown();
        await().atMost(Duration.ofSeconds(60)).until(() -> count("true") == LEADS);
        for (int minute = 1; minute <= 5; minute++) {
            clock.setTo(start.plus(Duration.ofMinutes(minute)));
            awaitNothingDue();
        }
        assertThat(count("state = 'PENDING' and attempts >= 2")).isEqualTo(LEADS);
        first.close();  // the restart, in the middle of the outage: the queue stays in the database

        startInstance(true);
        for (int minute = 6; minute <= 10; minute++) {
            clock.setTo(start.plus(Duration.ofMinutes(minute)));
            awaitNothingDue();
        }
        assertThat(salesforce.leads()).isEmpty();
        salesforce.recover();
        for (int minute = 12; minute <= 40 && count("state = 'DELIVERED'") < LEADS; minute += 2) {
            clock.setTo(start.plus(Duration.ofMinutes(minute)));
            awaitNothingDue();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("state = 'DELIVERED'") == LEADS);

        Map<String, SalesforceSimulator.SObject> records = salesforce.leadsByExternalId();
        Set<String> expected = new HashSet<>();
        leads.forEach(lead -> expected.add(lead.toString()));
        assertThat(records.keySet()).isEqualTo(expected);           // 0 lost
        assertThat(salesforce.leads()).hasSize(LEADS);               // 0 duplicated
        assertThat(salesforce.created()).isEqualTo(LEADS);

        // Sales accepts and converts every lead, then revises every opportunity's amount: 1,000 opportunity changes.
        clock.followRealTime();
        salesforce.pageSize(150);
        List<String> opportunities = new ArrayList<>();
        for (UUID lead : leads) {
            opportunities.add(salesforce.convert(lead.toString(), "MES " + lead, new BigDecimal("100000"),
                    "Prospecting"));
        }
        BackSync.Pulled converted = backSync.pull(connector);
        assertThat(converted.failed()).isZero();
        assertThat(jdbc.sql("select count(*) from crm_link where connector_id = :c and opportunity_id is not null")
                .param("c", connector).query(Long.class).single()).isEqualTo(LEADS);
        for (int i = 0; i < opportunities.size(); i++) {
            salesforce.updateOpportunity(opportunities.get(i), Map.of("Amount", new BigDecimal(200_000 + i)));
        }
        BackSync.Pulled revised = backSync.pull(connector);
        assertThat(revised.applied()).isEqualTo(LEADS);
        assertThat(backSync.pull(connector).applied()).isZero();  // read again from the inclusive watermark: nothing twice

        assertThat(jdbc.sql("""
                select count(*) from opportunity o join crm_link l on l.opportunity_id = o.id
                where l.connector_id = :c and o.amount = 200000 + (
                    select array_position(cast(:opportunities as text[]), l.crm_opportunity_id) - 1)
                """).param("c", connector).param("opportunities", opportunities.toArray(String[]::new))
                .query(Long.class).single()).isEqualTo(LEADS);
        assertThat(jdbc.sql("""
                select count(*) from opportunity_history h join crm_link l on l.opportunity_id = h.opportunity_id
                where l.connector_id = :c and h.kind = 'REVISED'
                """).param("c", connector).query(Long.class).single()).isEqualTo(LEADS);
        assertThat(jdbc.sql("select count(*) from lead where id = any(:leads) and stage = :stage")
                .param("leads", leads.toArray(UUID[]::new)).param("stage", Stage.OPPORTUNITY).query(Long.class)
                .single()).isEqualTo(LEADS);
    }

    private long count(String condition) {
        return jdbc.sql("select count(*) from crm_delivery where connector_id = :c and " + condition)
                .param("c", connector).query(Long.class).single();
    }

    private void awaitNothingDue() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                select count(*) from crm_delivery where connector_id = :c and state = 'PENDING'
                and next_attempt_at <= :now and (leased_until is null or leased_until <= :now)
                """).param("c", connector).param("now", java.sql.Timestamp.from(clock.instant())).query(Long.class)
                .single() == 0);
    }

    private ConfigurableApplicationContext startInstance(boolean republish) throws java.sql.SQLException {
        return instances.start("--spring.datasource.hikari.maximum-pool-size=6",
                "--tandem.sla.timers.enabled=false",
                "--tandem.connectors.delivery.enabled=true",
                "--tandem.connectors.poll-interval=PT0.05S",
                "--tandem.connectors.pull-interval=PT1H",
                "--tandem.connectors.call-timeout=PT2S",
                "--spring.modulith.events.republish-outstanding-events-on-restart=" + republish);
    }
}
