package io.tandem.connectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.connectors.internal.ConnectorAdmin;
import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.SalesforceSimulator;

/** Connectors and qualified leads for the connector tests. */
final class CrmFixtures {

    static final Actor ADMIN = new Actor(null, "admin", "test");

    private CrmFixtures() {
    }

    /** A Salesforce connector on the simulator, switched on, with the default mapping and a status meaning "accepted". */
    static UUID salesforce(ConnectorAdmin admin, SalesforceSimulator simulator, String name,
            Map<String, String> extraSettings) {
        UUID id = admin.create(name, ConnectorKind.SALESFORCE, ADMIN);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("loginUrl", simulator.baseUrl());
        settings.put("clientId", SalesforceSimulator.CLIENT_ID);
        settings.put("acceptedStatuses", "Working - Contacted");
        settings.put("rejectedStatuses", "Closed - Not Converted");
        settings.putAll(extraSettings);
        admin.saveSettings(id, name, true, settings, Map.of("clientSecret", SalesforceSimulator.CLIENT_SECRET),
                Set.of(), 1_000_000, 4, ADMIN);
        return id;
    }

    /** Leads captured through the API and moved to MQL. */
    static List<UUID> mqls(int port, LeadStages stages, TransactionTemplate transactions, String tag, int count) {
        List<UUID> leads = new ArrayList<>();
        for (int from = 0; from < count; from += 500) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 500); i++) {
                batch.add(Map.of("name", "吴磊" + tag + "-" + i, "email", "wu." + tag + "." + i + "@dongfang-steel.cn",
                        "company", "东方钢铁", "title", "采购经理", "source", "web_form"));
            }
            Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads/batch", Map.of("leads", batch)).json()
                    .get("results").forEach(result -> leads.add(UUID.fromString(result.get("id").asString())));
        }
        transactions.executeWithoutResult(tx -> stages.moveAllIfAllowed(leads.stream()
                .map(lead -> new LeadStages.RuleMove(lead, "test", "demo request")).toList(), Stage.MQL, Actor.SYSTEM));
        return leads;
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
