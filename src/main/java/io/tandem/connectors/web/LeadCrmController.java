package io.tandem.connectors.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tandem.connectors.CrmTransfers;
import io.tandem.connectors.internal.ConnectorStore;
import io.tandem.connectors.internal.CrmLinks;
import io.tandem.connectors.internal.CrmTransferService;
import io.tandem.connectors.internal.Deliveries;
import io.tandem.connectors.internal.SyncLog;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** The CRM panel on a lead's page: where it went, what the CRM did with it, and the button that sends it. */
@Controller
class LeadCrmController {

    private static final Set<Role> MAY_TRANSFER = Set.of(Role.ADMIN, Role.SDR, Role.MARKETING, Role.SALES_MANAGER);

    private final CrmTransfers transfers;
    private final CrmLinks links;
    private final Deliveries deliveries;
    private final SyncLog syncLog;
    private final ConnectorStore connectors;
    private final LeadDirectory leads;
    private final LeadAccess access;
    private final CurrentActor actor;
    private final Ui ui;

    LeadCrmController(CrmTransfers transfers, CrmLinks links, Deliveries deliveries, SyncLog syncLog,
            ConnectorStore connectors, LeadDirectory leads, LeadAccess access, CurrentActor actor, Ui ui) {
        this.transfers = transfers;
        this.links = links;
        this.deliveries = deliveries;
        this.syncLog = syncLog;
        this.connectors = connectors;
        this.leads = leads;
        this.access = access;
        this.actor = actor;
        this.ui = ui;
    }

    @GetMapping("/leads/{id}/crm")
    String panel(@PathVariable UUID id, TandemPrincipal me, Model model) {
        access.require(me, id, LeadAction.READ);
        return render(id, me, model);
    }

    @PostMapping("/leads/{id}/crm")
    String transfer(@PathVariable UUID id, @RequestParam(required = false) UUID connector, TandemPrincipal me,
            Model model) {
        access.require(me, id, LeadAction.UPDATE);
        if (me.roles().stream().noneMatch(MAY_TRANSFER::contains)) {
            throw new org.springframework.security.access.AccessDeniedException("only SDRs, marketing and managers "
                    + "transfer leads out to a CRM");
        }
        try {
            transfers.transferOut(id, connector, actor.get());
            model.addAttribute("flash", "crm.transferred");
        } catch (BadInputException e) {
            model.addAttribute("problem", String.join("; ", e.problems().stream().map(ui::problem).toList()));
        }
        return render(id, me, model);
    }

    private String render(UUID id, TandemPrincipal me, Model model) {
        Map<UUID, String> names = new LinkedHashMap<>();
        connectors.all().forEach(c -> names.put(c.id(), c.name()));
        LeadSummary lead = leads.summaries(List.of(id)).get(id);
        model.addAttribute("leadId", id);
        model.addAttribute("links", links.ofLead(id));
        model.addAttribute("deliveries", deliveries.ofLead(id));
        model.addAttribute("log", syncLog.ofLead(id, 10));
        model.addAttribute("connectorNames", names);
        model.addAttribute("destinations", transfers.destinations());
        model.addAttribute("mayTransfer", lead != null && me.roles().stream().anyMatch(MAY_TRANSFER::contains)
                && access.may(me, id, LeadAction.UPDATE));
        model.addAttribute("qualified", lead != null && CrmTransferService.qualified(lead));
        return "connectors/lead-panel :: crm";
    }
}
