package io.tandem.connectors.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.connectors.internal.BackSync;
import io.tandem.connectors.internal.Connector;
import io.tandem.connectors.internal.ConnectorAdmin;
import io.tandem.connectors.internal.ConnectorKind;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.CrmCalls;
import io.tandem.connectors.internal.Deliveries;
import io.tandem.connectors.internal.DeliveryDispatcher;
import io.tandem.connectors.internal.FieldMapping;
import io.tandem.connectors.internal.SyncLog;
import io.tandem.connectors.internal.TandemRecords;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadSummary;
import io.tandem.security.AdminOnly;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** The admin's connector pages: list and create, settings, field mapping with "test with a lead", backlog and replay. */
@Controller
@AdminOnly
class ConnectorAdminController {

    /** The settings each CRM needs, in the order the form shows them; secrets are written, never shown. */
    static final Map<ConnectorKind, List<String>> SETTINGS = Map.of(
            ConnectorKind.SALESFORCE, List.of("loginUrl", "authFlow", "clientId", "username", "apiVersion",
                    "externalIdField", "currency", "acceptedStatuses", "rejectedStatuses"),
            ConnectorKind.HUBSPOT, List.of("baseUrl", "object", "idProperty", "statusProperty", "modifiedProperty",
                    "currency", "acceptedStatuses", "rejectedStatuses"),
            ConnectorKind.WEBHOOK, List.of("url", "template"));
    static final Map<ConnectorKind, List<String>> SECRETS = Map.of(
            ConnectorKind.SALESFORCE, List.of("clientSecret", "privateKey"),
            ConnectorKind.HUBSPOT, List.of("accessToken"),
            ConnectorKind.WEBHOOK, List.of("signingSecret"));

    private final ConnectorStore store;
    private final ConnectorAdmin admin;
    private final Deliveries deliveries;
    private final DeliveryDispatcher dispatcher;
    private final BackSync backSync;
    private final SyncLog syncLog;
    private final CrmCalls calls;
    private final TandemRecords records;
    private final LeadDirectory leads;
    private final CurrentActor actor;
    private final Ui ui;
    private final Clock clock;

    ConnectorAdminController(ConnectorStore store, ConnectorAdmin admin, Deliveries deliveries,
            DeliveryDispatcher dispatcher, BackSync backSync, SyncLog syncLog, CrmCalls calls, TandemRecords records,
            LeadDirectory leads, CurrentActor actor, Ui ui, Clock clock) {
        this.store = store;
        this.admin = admin;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.backSync = backSync;
        this.syncLog = syncLog;
        this.calls = calls;
        this.records = records;
        this.leads = leads;
        this.actor = actor;
        this.ui = ui;
        this.clock = clock;
    }

    record ConnectorRow(Connector connector, Deliveries.Backlog backlog) {
    }

    @GetMapping("/admin/connectors")
    String list(Model model) {
        List<ConnectorRow> rows = store.all().stream()
                .map(c -> new ConnectorRow(c, deliveries.backlog(c.id(), clock.instant()))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("kinds", ConnectorKind.values());
        model.addAttribute("section", "connectors");
        return "connectors/list";
    }

    record NewConnectorForm(String name, ConnectorKind kind) {
    }

    @PostMapping("/admin/connectors")
    String create(@ModelAttribute NewConnectorForm form, RedirectAttributes redirect) {
        try {
            UUID id = admin.create(form.name(), form.kind(), actor.get());
            redirect.addFlashAttribute("flashKey", "crm.created");
            return "redirect:/admin/connectors/" + id;
        } catch (BadInputException e) {
            redirect.addFlashAttribute("flashError", String.join("; ", e.problems().stream().map(ui::problem).toList()));
            return "redirect:/admin/connectors";
        }
    }

    @GetMapping("/admin/connectors/{id}")
    String detail(@PathVariable UUID id, Model model) {
        Connector connector = store.get(id);
        model.addAttribute("connector", connector);
        model.addAttribute("settingKeys", SETTINGS.get(connector.kind()));
        model.addAttribute("secretKeys", SECRETS.get(connector.kind()));
        model.addAttribute("tandemFields", withOpportunityStage(records.mappableFields()));
        model.addAttribute("directions", FieldMapping.Direction.values());
        model.addAttribute("conflictRules", FieldMapping.ConflictRule.values());
        model.addAttribute("backlog", deliveries.backlog(id, clock.instant()));
        model.addAttribute("section", "connectors");
        return "connectors/detail";
    }

    private static List<String> withOpportunityStage(List<String> fields) {
        List<String> all = new ArrayList<>(fields);
        all.add("opportunity.stage");
        return all;
    }

    @PostMapping("/admin/connectors/{id}/settings")
    String saveSettings(@PathVariable UUID id, @RequestParam Map<String, String> form,
            @RequestParam(name = "autoGrade", required = false) List<String> autoGrades, RedirectAttributes redirect) {
        Connector connector = store.get(id);
        Map<String, String> settings = new LinkedHashMap<>();
        SETTINGS.get(connector.kind()).forEach(key -> settings.put(key, form.get("setting." + key)));
        Map<String, String> secrets = new LinkedHashMap<>();
        SECRETS.get(connector.kind()).forEach(key -> secrets.put(key, form.get("secret." + key)));
        return ui.attempt(redirect, "/admin/connectors/" + id, "/admin/connectors/" + id,
                () -> admin.saveSettings(id, form.get("name"), "true".equals(form.get("enabled")), settings, secrets,
                        autoGrades == null ? Set.of() : new LinkedHashSet<>(autoGrades),
                        number(form.get("dailyCallBudget"), "dailyCallBudget"),
                        number(form.get("maxConcurrentCalls"), "maxConcurrentCalls"), actor.get()),
                "crm.saved");
    }

    private static int number(String text, String field) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw BadInputException.of(BadInputException.FieldProblem.of(field, "crm.notANumber"));
        }
    }

    /** One row per mapping line; a line without a CRM field is dropped (that is how a line is removed). */
    record MappingForm(List<String> tandemField, List<String> crmField, List<String> direction,
            List<String> conflictRule, List<String> valueMap, List<Integer> required) {
    }

    @PostMapping("/admin/connectors/{id}/mappings")
    String saveMappings(@PathVariable UUID id, @ModelAttribute MappingForm form, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/connectors/" + id, "/admin/connectors/" + id,
                () -> admin.saveMappings(id, mappings(form), actor.get()), "crm.mappingSaved");
    }

    static List<FieldMapping> mappings(MappingForm form) {
        List<FieldMapping> mappings = new ArrayList<>();
        int rows = form.crmField() == null ? 0 : form.crmField().size();
        Set<Integer> required = form.required() == null ? Set.of() : Set.copyOf(form.required());
        for (int i = 0; i < rows; i++) {
            String crm = at(form.crmField(), i);
            if (crm == null || crm.isBlank()) {
                continue;
            }
            FieldMapping.Direction direction;
            FieldMapping.ConflictRule conflict;
            try {
                direction = FieldMapping.Direction.valueOf(at(form.direction(), i));
                conflict = FieldMapping.ConflictRule.valueOf(at(form.conflictRule(), i));
            } catch (RuntimeException e) {
                throw BadInputException.of(BadInputException.FieldProblem.of("mappings[" + i + "]",
                        "crm.mappingChoice"));
            }
            mappings.add(new FieldMapping(at(form.tandemField(), i), crm.strip(), direction, conflict,
                    valueMap(at(form.valueMap(), i), i), required.contains(i)));
        }
        return mappings;
    }

    /** "web_form=Web; trade_show=Trade Show; *=Other" → a value map. */
    static Map<String, String> valueMap(String text, int row) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return map;
        }
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw BadInputException.of(BadInputException.FieldProblem.of("mappings[" + row + "].valueMap",
                        "crm.valueMapFormat", pair.strip()));
            }
            map.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return map;
    }

    private static String at(List<String> values, int i) {
        return values == null || i >= values.size() ? null : values.get(i);
    }

    /** "Test with a lead": the exact request, not sent. The lead is found by its email or id. */
    @PostMapping("/admin/connectors/{id}/preview")
    String preview(@PathVariable UUID id, @RequestParam(defaultValue = "") String lead, Model model) {
        model.addAttribute("connectorId", id);
        UUID leadId = findLead(lead.strip());
        if (leadId == null) {
            model.addAttribute("notFound", lead.strip());
            return "connectors/detail :: preview";
        }
        ConnectorAdmin.Preview preview = admin.preview(id, leadId);
        model.addAttribute("preview", preview);
        model.addAttribute("previewLead", leads.summaries(List.of(leadId)).get(leadId));
        return "connectors/detail :: preview";
    }

    private UUID findLead(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            return leads.summaries(List.of(id)).containsKey(id) ? id : null;
        } catch (IllegalArgumentException notAnId) {
            List<LeadSummary> found = leads.search(new LeadQuery(text, null, null, null, false, null, null, null, null,
                    LeadQuery.Sort.NEWEST, null, 1)).items();
            return found.isEmpty() ? null : found.get(0).id();
        }
    }

    @GetMapping("/admin/connectors/{id}/backlog")
    String backlog(@PathVariable UUID id, Model model) {
        Connector connector = store.get(id);
        Deliveries.Backlog backlog = deliveries.backlog(id, clock.instant());
        List<Deliveries.Row> failed = new ArrayList<>(deliveries.inState(id, "FAILED", 100));
        failed.addAll(deliveries.inState(id, "DEAD", 100));
        List<Deliveries.Row> pending = deliveries.inState(id, "PENDING", 20);
        List<UUID> leadIds = new ArrayList<>();
        failed.forEach(row -> leadIds.add(row.leadId()));
        pending.forEach(row -> leadIds.add(row.leadId()));
        List<SyncLog.Entry> log = syncLog.ofConnector(id, 50);
        log.forEach(entry -> { if (entry.leadId() != null) leadIds.add(entry.leadId()); });
        model.addAttribute("connector", connector);
        model.addAttribute("backlog", backlog);
        model.addAttribute("oldestAge", backlog.oldestPending() == null ? null
                : ui.duration(Duration.between(backlog.oldestPending(), clock.instant())));
        model.addAttribute("failed", failed);
        model.addAttribute("pending", pending);
        model.addAttribute("log", log);
        model.addAttribute("leadNames", names(leadIds));
        model.addAttribute("callsToday", calls.callsToday(id));
        model.addAttribute("paused", connector.pausedAt(clock.instant()));
        model.addAttribute("watermarks", backSync.watermarks(id));
        model.addAttribute("inboundFailures", backSync.inboundFailures(id, 50));
        model.addAttribute("section", "connectors");
        return "connectors/backlog";
    }

    private Map<UUID, String> names(List<UUID> ids) {
        Map<UUID, String> names = new LinkedHashMap<>();
        leads.summaries(ids).forEach((id, lead) -> names.put(id, lead.name() == null ? lead.email() : lead.name()));
        return names;
    }

    /** Replays one failed or dead delivery, or all of them; they go at once. */
    @PostMapping("/admin/connectors/{id}/replay")
    String replay(@PathVariable UUID id, @RequestParam(required = false) Long delivery, RedirectAttributes redirect) {
        int replayed = deliveries.replay(id, delivery == null ? List.of() : List.of(delivery), clock.instant());
        dispatcher.kick();
        redirect.addFlashAttribute("flashKey", "crm.replayed");
        redirect.addFlashAttribute("flashCount", replayed);
        return "redirect:/admin/connectors/" + id + "/backlog";
    }

    @PostMapping("/admin/connectors/{id}/pull")
    String pull(@PathVariable UUID id, RedirectAttributes redirect) {
        BackSync.Pulled pulled = backSync.pull(id);
        redirect.addFlashAttribute("flashKey", "crm.pulled");
        redirect.addFlashAttribute("flashCount", pulled.applied());
        return "redirect:/admin/connectors/" + id + "/backlog";
    }
}
