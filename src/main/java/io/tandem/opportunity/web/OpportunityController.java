package io.tandem.opportunity.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.opportunity.LostReason;
import io.tandem.opportunity.internal.Opportunity;
import io.tandem.opportunity.internal.OpportunityAccess;
import io.tandem.opportunity.internal.OpportunityService;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletResponse;

/** The opportunity pool (商机池): list, each opportunity's page, and converting an SQL on its lead page. */
@Controller
class OpportunityController {

    private final OpportunityService opportunities;
    private final OpportunityAccess access;
    private final LeadAccess leadAccess;
    private final LeadDirectory leads;
    private final CampaignCatalog campaigns;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final AuditLog audit;
    private final Ui ui;

    OpportunityController(OpportunityService opportunities, OpportunityAccess access, LeadAccess leadAccess,
            LeadDirectory leads, CampaignCatalog campaigns, UserDirectory users, CurrentActor actor, AuditLog audit,
            Ui ui) {
        this.opportunities = opportunities;
        this.access = access;
        this.leadAccess = leadAccess;
        this.leads = leads;
        this.campaigns = campaigns;
        this.users = users;
        this.actor = actor;
        this.audit = audit;
        this.ui = ui;
    }

    @GetMapping("/opportunities")
    String list(@RequestParam(defaultValue = "open") String show, TandemPrincipal me, Model model) {
        List<Opportunity> items = opportunities.list(access.scope(me, LeadAction.READ), !"all".equals(show), 500);
        model.addAttribute("items", items);
        model.addAttribute("show", "all".equals(show) ? "all" : "open");
        model.addAttribute("stages", opportunities.stagesByCode());
        model.addAttribute("owners", users.displayNames(items.stream().map(Opportunity::ownerId).toList()));
        BigDecimal pipeline = BigDecimal.ZERO;
        BigDecimal weighted = BigDecimal.ZERO;
        for (Opportunity o : items) {
            if (!o.closed()) {
                pipeline = pipeline.add(o.amount());
                weighted = weighted.add(o.amount().multiply(BigDecimal.valueOf(o.probability()))
                        .divide(BigDecimal.valueOf(100)));
            }
        }
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("weighted", weighted);
        model.addAttribute("mayExport", !access.scope(me, LeadAction.EXPORT).predicate().equals("false"));
        return "opportunity/list";
    }

    @GetMapping("/opportunities/export")
    void export(TandemPrincipal me, HttpServletResponse response) throws IOException {
        OpportunityAccess.Scope scope = access.scope(me, LeadAction.EXPORT);
        if (scope.predicate().equals("false")) {
            throw new org.springframework.security.access.AccessDeniedException("Exports are not for your role");
        }
        List<Opportunity> items = opportunities.list(scope, false, 100_000);
        Map<UUID, String> owners = users.displayNames(items.stream().map(Opportunity::ownerId).toList());
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tandem-opportunities.csv\"");
        var writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
            csv.printRecord("id", "name", "stage", "amount", "currency", "expected_close", "probability", "owner",
                    "created_at", "closed_at", "lost_reason");
            for (Opportunity o : items) {
                csv.printRecord(o.id(), neutralised(o.name()), o.stage(), o.amount(), o.currency(), o.expectedClose(),
                        o.probability(), owners.get(o.ownerId()), o.createdAt(), o.closedAt(), o.lostReason());
            }
        }
        audit.record(actor.get(), AuditAction.EXPORTED, "opportunity", null, items.size() + " opportunities as CSV");
    }

    /** A spreadsheet must not run a name as a formula. */
    private static String neutralised(String value) {
        return value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    @GetMapping("/opportunities/{id}")
    String detail(@PathVariable UUID id, TandemPrincipal me, Model model) {
        access.require(me, id, LeadAction.READ);
        Opportunity opportunity = opportunities.get(id);
        OpportunityService.Details details = opportunities.details(id);
        model.addAttribute("o", opportunity);
        model.addAttribute("details", details);
        model.addAttribute("mayUpdate", access.may(me, id, LeadAction.UPDATE) && !opportunity.closed());
        model.addAttribute("mayDelete", me.isAdmin());
        model.addAttribute("stages", opportunities.stagesByCode());
        model.addAttribute("openStages", opportunities.stages().stream().filter(s -> s.open()).toList());
        model.addAttribute("lostReasons", LostReason.values());
        Map<UUID, LeadSummary> contacts = leads.summaries(details.contacts().stream()
                .map(OpportunityService.Contact::leadId).toList());
        model.addAttribute("contactLeads", contacts);
        List<UUID> people = new ArrayList<>();
        people.add(opportunity.ownerId());
        details.followUps().forEach(f -> people.add(f.authorId()));
        model.addAttribute("people", users.displayNames(people));
        Map<UUID, String> campaignNames = new LinkedHashMap<>();
        campaigns.all().forEach(c -> {
            if (details.campaignIds().contains(c.id())) {
                campaignNames.put(c.id(), c.name());
            }
        });
        model.addAttribute("campaignNames", campaignNames);
        // The buying group grows from the same account's leads that the rep may see.
        List<LeadSummary> candidates = opportunity.accountId() == null ? List.of()
                : leads.search(new LeadQuery(null, null, null, null, false, null, opportunity.accountId(), null,
                        null, null, null, 100).within(leadAccess.scope(me, LeadAction.READ))).items().stream()
                        .filter(l -> !contacts.containsKey(l.id())).toList();
        model.addAttribute("candidates", candidates);
        return "opportunity/detail";
    }

    @PostMapping("/opportunities/{id}")
    String revise(@PathVariable UUID id, TermsForm form, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/opportunities/" + id, "/opportunities/" + id,
                () -> opportunities.revise(id, form.terms(), actor.get()), "form.saved");
    }

    @PostMapping("/opportunities/{id}/stage")
    String advance(@PathVariable UUID id, @RequestParam(required = false) String stage, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/opportunities/" + id, "/opportunities/" + id,
                () -> opportunities.advance(id, stage, actor.get()), "form.saved");
    }

    @PostMapping("/opportunities/{id}/won")
    String win(@PathVariable UUID id, @RequestParam(required = false) BigDecimal amount,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate wonOn,
            TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/opportunities/" + id, "/opportunities/" + id,
                () -> opportunities.win(id, amount, wonOn, actor.get()), "opportunity.wonFlash");
    }

    @PostMapping("/opportunities/{id}/lost")
    String lose(@PathVariable UUID id, @RequestParam(required = false) LostReason reason,
            @RequestParam(required = false) String comment, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/opportunities/" + id, "/opportunities/" + id,
                () -> opportunities.lose(id, reason, comment, actor.get()), "opportunity.lostFlash");
    }

    @PostMapping("/opportunities/{id}/contacts")
    String addContact(@PathVariable UUID id, @RequestParam(required = false) UUID lead,
            @RequestParam(required = false) String role, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/opportunities/" + id, "/opportunities/" + id, () -> {
            if (lead == null) {
                throw io.tandem.shared.BadInputException.of("lead", "choose a lead");
            }
            leadAccess.require(me, lead, LeadAction.READ);
            opportunities.addContact(id, lead, role, actor.get());
        }, "form.saved");
    }

    @PostMapping("/opportunities/{id}/follow-ups")
    String followUp(@PathVariable UUID id, @RequestParam(required = false) String note, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/opportunities/" + id, "/opportunities/" + id,
                () -> opportunities.followUp(id, me.userId(), note, actor.get()), "form.saved");
    }

    @PostMapping("/opportunities/{id}/delete")
    @PreAuthorize("hasRole('ADMIN')")
    String delete(@PathVariable UUID id, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.DELETE);
        opportunities.delete(id, actor.get());
        redirect.addFlashAttribute("flashKey", "opportunity.deleted");
        return "redirect:/opportunities";
    }

    /** The opportunity panel on a lead's page: its opportunities, and for an SQL its owner may convert it. */
    @GetMapping("/leads/{id}/opportunities")
    String leadPanel(@PathVariable UUID id, TandemPrincipal me, Model model) {
        leadAccess.require(me, id, LeadAction.READ);
        LeadSummary lead = leads.summaries(List.of(id)).get(id);
        model.addAttribute("items", opportunities.ofLead(id, access.scope(me, LeadAction.READ)));
        model.addAttribute("stages", opportunities.stagesByCode());
        model.addAttribute("lead", lead);
        model.addAttribute("mayConvert", lead != null && Stage.SQL.equals(lead.stage())
                && leadAccess.may(me, id, LeadAction.UPDATE));
        model.addAttribute("today", LocalDate.now(java.time.Clock.system(ui.zone())).plusMonths(3));
        return "opportunity/lead-panel :: panel";
    }

    @PostMapping("/leads/{id}/opportunities")
    String convert(@PathVariable UUID id, TermsForm form, TandemPrincipal me, RedirectAttributes redirect) {
        leadAccess.require(me, id, LeadAction.UPDATE);
        UUID[] created = new UUID[1];
        String target = ui.attempt(redirect, "/leads/" + id, "/leads/" + id,
                () -> created[0] = opportunities.convert(id, form.terms(), actor.get()), "opportunity.opened");
        return created[0] == null ? target : "redirect:/opportunities/" + created[0];
    }

    record TermsForm(String name, BigDecimal amount, String currency,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expectedClose, Integer probability) {

        io.tandem.opportunity.OpportunityTerms terms() {
            return new io.tandem.opportunity.OpportunityTerms(name, amount, currency == null || currency.isBlank() ? "CNY" : currency,
                    expectedClose, probability);
        }
    }

}
