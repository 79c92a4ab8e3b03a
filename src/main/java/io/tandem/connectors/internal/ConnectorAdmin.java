package io.tandem.connectors.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;

/** What an admin does with connectors: create one with a sensible mapping, change its settings and mapping, test it. */
@Service
public class ConnectorAdmin {

    private final ConnectorStore store;
    private final TandemRecords records;
    private final DeliveryDispatcher dispatcher;
    private final AuditLog audit;
    private final Clock clock;

    ConnectorAdmin(ConnectorStore store, TandemRecords records, DeliveryDispatcher dispatcher, AuditLog audit,
            Clock clock) {
        this.store = store;
        this.records = records;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new connector, switched off, with the mapping most companies start from. */
    @Transactional
    public UUID create(String name, ConnectorKind kind, Actor actor) {
        if (name == null || name.isBlank()) {
            throw BadInputException.of(FieldProblem.of("name", "crm.nameRequired"));
        }
        if (kind == null) {
            throw BadInputException.of(FieldProblem.of("kind", "crm.kindRequired"));
        }
        if (store.all().stream().anyMatch(c -> c.name().equalsIgnoreCase(name.strip()))) {
            throw BadInputException.of(FieldProblem.of("name", "crm.nameTaken"));
        }
        UUID id = Ids.next();
        store.insert(id, name.strip(), kind, clock.instant());
        store.replaceMappings(id, defaultMappings(kind));
        audit.record(actor, AuditAction.CREATED, "connector", id, name.strip() + " (" + kind + ")");
        return id;
    }

    static List<FieldMapping> defaultMappings(ConnectorKind kind) {
        List<FieldMapping> mappings = new ArrayList<>();
        switch (kind) {
            case SALESFORCE -> {
                mappings.add(toCrm("lastName", "LastName", true));
                mappings.add(toCrm("firstName", "FirstName", false));
                mappings.add(toCrm("company", "Company", true));
                mappings.add(both("email", "Email"));
                mappings.add(both("phone", "Phone"));
                mappings.add(both("title", "Title"));
                mappings.add(toCrm("industry", "Industry", false));
                mappings.add(toCrm("province", "State", false));
                mappings.add(toCrm("city", "City", false));
                mappings.add(new FieldMapping("source", "LeadSource", FieldMapping.Direction.TO_CRM,
                        FieldMapping.ConflictRule.TANDEM_WINS, Map.of("web_form", "Web", "trade_show", "Trade Show",
                                "webinar", "Seminar - Partner", "referral", "Employee Referral", "*", "Other"),
                        false));
                mappings.add(toCrm("fitGrade", "Rating", false));
                mappings.add(new FieldMapping("opportunity.stage", "Opportunity.StageName",
                        FieldMapping.Direction.FROM_CRM, FieldMapping.ConflictRule.CRM_WINS, Map.of(), false));
            }
            case HUBSPOT -> {
                mappings.add(both("email", "email"));
                mappings.add(toCrm("firstName", "firstname", false));
                mappings.add(toCrm("lastName", "lastname", true));
                mappings.add(toCrm("company", "company", false));
                mappings.add(both("phone", "phone"));
                mappings.add(both("title", "jobtitle"));
                mappings.add(toCrm("city", "city", false));
            }
            case WEBHOOK -> {
                mappings.add(toCrm("tandemId", "leadId", true));
                mappings.add(toCrm("name", "name", true));
                mappings.add(toCrm("email", "email", false));
                mappings.add(toCrm("phone", "phone", false));
                mappings.add(toCrm("company", "company", false));
                mappings.add(toCrm("title", "title", false));
                mappings.add(toCrm("fitGrade", "grade", false));
            }
        }
        return mappings;
    }

    private static FieldMapping toCrm(String tandem, String crm, boolean required) {
        return new FieldMapping(tandem, crm, FieldMapping.Direction.TO_CRM, FieldMapping.ConflictRule.TANDEM_WINS,
                Map.of(), required);
    }

    private static FieldMapping both(String tandem, String crm) {
        return new FieldMapping(tandem, crm, FieldMapping.Direction.BOTH, FieldMapping.ConflictRule.CRM_UNLESS_BLANK,
                Map.of(), false);
    }

    /** New settings; secrets left blank keep their stored value (they are never shown again). */
    @Transactional
    public void saveSettings(UUID id, String name, boolean enabled, Map<String, String> settings,
            Map<String, String> secrets, Set<String> autoGrades, int dailyCallBudget, int maxConcurrentCalls,
            Actor actor) {
        Connector connector = store.get(id);
        if (name == null || name.isBlank()) {
            throw BadInputException.of(FieldProblem.of("name", "crm.nameRequired"));
        }
        if (dailyCallBudget < 1) {
            throw BadInputException.of(FieldProblem.of("dailyCallBudget", "crm.budgetPositive"));
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 64) {
            throw BadInputException.of(FieldProblem.of("maxConcurrentCalls", "crm.concurrencyRange"));
        }
        Set<String> grades = new java.util.TreeSet<>();
        for (String grade : autoGrades) {
            if (!Set.of("A", "B", "C", "D").contains(grade)) {
                throw BadInputException.of(FieldProblem.of("autoGrades", "crm.gradeUnknown", grade));
            }
            grades.add(grade);
        }
        Map<String, String> cleanSecrets = new LinkedHashMap<>();
        secrets.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                cleanSecrets.put(key, value.strip());
            }
        });
        Map<String, String> cleanSettings = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                cleanSettings.put(key, value.strip());
            }
        });
        store.saveSettings(id, name.strip(), enabled, cleanSettings, cleanSecrets, grades, dailyCallBudget,
                maxConcurrentCalls, clock.instant());
        audit.record(actor, AuditAction.UPDATED, "connector", id, connector.name() + ": settings"
                + (enabled ? " (on)" : " (off)"));
    }

    /**
     * Replaces the mapping. Each CRM field once; every Tandem field must exist; a value map entry needs both sides.
     */
    @Transactional
    public void saveMappings(UUID id, List<FieldMapping> mappings, Actor actor) {
        Connector connector = store.get(id);
        List<String> known = records.mappableFields();
        Set<String> crmFields = new java.util.HashSet<>();
        for (int i = 0; i < mappings.size(); i++) {
            FieldMapping mapping = mappings.get(i);
            if (mapping.crmField() == null || mapping.crmField().isBlank()) {
                throw BadInputException.of(FieldProblem.of("mappings[" + i + "].crmField", "crm.crmFieldRequired"));
            }
            if (!known.contains(mapping.tandemField()) && !mapping.tandemField().equals("opportunity.stage")) {
                throw BadInputException.of(FieldProblem.of("mappings[" + i + "].tandemField", "crm.tandemFieldUnknown",
                        mapping.tandemField()));
            }
            if (!crmFields.add(mapping.crmField())) {
                throw BadInputException.of(FieldProblem.of("mappings[" + i + "].crmField", "crm.crmFieldTwice",
                        mapping.crmField()));
            }
            if (mapping.required() && !mapping.direction().toCrm()) {
                throw BadInputException.of(FieldProblem.of("mappings[" + i + "].required", "crm.requiredOnlyToCrm"));
            }
        }
        store.replaceMappings(id, mappings);
        audit.record(actor, AuditAction.UPDATED, "connector", id, connector.name() + ": mapping of "
                + mappings.size() + " fields");
    }

    /** "Test with a lead": the exact request the CRM would get for this lead now, and what would stop it — not sent. */
    public record Preview(String method, String url, String body, List<String> missing, Map<String, Object> values) {
    }

    public Preview preview(UUID connectorId, UUID leadId) {
        Connector connector = store.get(connectorId);
        Map<String, Object> values = records.of(List.of(leadId)).get(leadId);
        if (values == null) {
            throw new io.tandem.shared.NotFoundException("Lead", leadId);
        }
        OutboundPayloads.Built built = OutboundPayloads.build(connector, leadId, null, values, true);
        CrmClient.CrmRequest request = dispatcher.client(connector.kind()).prepareUpsert(connector,
                List.of(built.record()));
        return new Preview(request.method(), request.url(), pretty(request.body()), built.missing(), values);
    }

    private static String pretty(String json) {
        try {
            return ConnectorStore.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(ConnectorStore.JSON.readTree(json));
        } catch (RuntimeException notJson) {
            return json;
        }
    }
}
