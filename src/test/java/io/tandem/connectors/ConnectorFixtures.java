package io.tandem.connectors;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.FieldMapping;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.People;

/**
 * What the connector tests set up: connectors of their own (removed again after each test, since all tests share one
 * database), qualified leads with unique e-mail addresses, and transfers out that wait until their delivery is queued.
 */
final class ConnectorFixtures {

    static final Actor SDR = new Actor(null, "test-sdr", "test");

    private final ConnectorStore connectors;
    private final CrmTransfers transfers;
    private final LeadStages stages;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final LeadHandoffs handoffs;
    private final UserManagement users;
    private final int port;
    private final List<UUID> created = new ArrayList<>();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private Api api;
    private UUID sdr;
    private int leads;

    ConnectorFixtures(ConnectorStore connectors, CrmTransfers transfers, LeadStages stages, LeadHandoffs handoffs,
            UserManagement users, TransactionTemplate transactions, JdbcClient jdbc, int port) {
        this.handoffs = handoffs;
        this.users = users;
        this.connectors = connectors;
        this.transfers = transfers;
        this.stages = stages;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.port = port;
    }

    /** An enabled connector with its settings, secrets and field mapping. */
    UUID connector(ConnectorKind kind, Map<String, String> settings, Map<String, String> secrets,
            List<FieldMapping> mappings) {
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            connectors.insert(id, kind + " " + tag + " " + created.size(), kind, Instant.now());
            connectors.saveSettings(id, kind + " " + tag + " " + created.size(), true, settings, secrets, Set.of(),
                    15_000, 4, Instant.now());
            connectors.replaceMappings(id, mappings);
        });
        created.add(id);
        return id;
    }

    static FieldMapping toCrm(String tandemField, String crmField) {
        return new FieldMapping(tandemField, crmField, FieldMapping.Direction.TO_CRM,
                FieldMapping.ConflictRule.TANDEM_WINS, Map.of(), false);
    }

    static FieldMapping both(String tandemField, String crmField, FieldMapping.ConflictRule rule) {
        return new FieldMapping(tandemField, crmField, FieldMapping.Direction.BOTH, rule, Map.of(), false);
    }

    /**
     * A lead marketing qualified (MQL) and an SDR claimed (so that it has an owner, as an opportunity needs one), with
     * nothing of its intake still under way.
     */
    UUID mql(String name, String company) {
        if (api == null) {
            api = Api.at(port).asAdminWithScopes("leads:write");
            sdr = new People(users, transactions).create("crm.sdr", Role.SDR, null).id();
        }
        String email = "crm." + tag + "." + (++leads) + "@" + "lead-test.cn";
        Api.Response response = api.post("/api/v1/leads", Map.of("name", name, "email", email, "company", company,
                "title", "采购经理", "city", "上海"));
        if (response.status() != 201) {
            throw new IllegalStateException("could not create a lead: " + response);
        }
        UUID lead = UUID.fromString(response.json().get("id").asString());
        transactions.executeWithoutResult(tx -> stages.moveAllIfAllowed(
                List.of(new LeadStages.RuleMove(lead, "test", "demo request")), Stage.MQL, Actor.SYSTEM));
        settled(lead);
        transactions.executeWithoutResult(tx -> handoffs.claim(lead, sdr, SDR));
        settled(lead);
        return lead;
    }

    /** Waits until every event about the lead has been handled by its listeners. */
    void settled(UUID lead) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                select count(*) from event_publication where completion_date is null and serialized_event like :lead
                """).param("lead", "%" + lead + "%").query(Long.class).single() == 0);
    }

    /** Transfers the leads out and waits until their deliveries are queued. */
    void transfer(UUID connector, UUID... leadIds) {
        for (UUID lead : leadIds) {
            transfers.transferOut(lead, connector, SDR);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                select count(*) from crm_delivery where connector_id = :connector and lead_id = any(:leads)
                                                    and state = 'PENDING'
                """).param("connector", connector).param("leads", leadIds).query(Long.class).single()
                == leadIds.length);
        for (UUID lead : leadIds) {
            settled(lead);
        }
    }

    String state(UUID connector, UUID lead) {
        return jdbc.sql("select state from crm_delivery where connector_id = :c and lead_id = :l order by id desc limit 1")
                .param("c", connector).param("l", lead).query(String.class).single();
    }

    String lastError(UUID connector, UUID lead) {
        return jdbc.sql("""
                select last_error from crm_delivery where connector_id = :c and lead_id = :l order by id desc limit 1
                """).param("c", connector).param("l", lead).query((rs, n) -> rs.getString(1)).list().get(0);
    }

    String crmId(UUID connector, UUID lead) {
        return jdbc.sql("select crm_id from crm_link where connector_id = :c and lead_id = :l").param("c", connector)
                .param("l", lead).query((rs, n) -> rs.getString(1)).list().get(0);
    }

    String stage(UUID lead) {
        return jdbc.sql("select stage from lead where id = :id").param("id", lead).query(String.class).single();
    }

    /** Removes the test's connectors and everything hanging on them. */
    void removeConnectors() {
        created.forEach(id -> jdbc.sql("delete from crm_connector where id = :id").param("id", id).update());
        created.clear();
    }
}
