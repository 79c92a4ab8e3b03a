package io.tandem.lead.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.lead.CustomFieldCatalog;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadScope;
import io.tandem.security.TandemPrincipal;
import org.springframework.security.access.AccessDeniedException;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadPage;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadStatistics;
import io.tandem.lead.LeadSummary;
import io.tandem.lead.LeadView;
import io.tandem.lead.internal.AccountsAndDuplicates;
import io.tandem.lead.internal.LeadCommands;
import io.tandem.security.CanManageLeads;
import io.tandem.security.CanReadLeads;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.NotFoundException;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletResponse;

/** Marketing's lead pool: list, search, filter, bulk actions, export, and each lead's page. */
@Controller
class LeadPoolController {

    static final int COUNT_CAP = 10_000;

    private final LeadDirectory leads;
    private final LeadStatistics statistics;
    private final LeadCommands commands;
    private final AccountsAndDuplicates accounts;
    private final CustomFieldCatalog customFields;
    private final CampaignCatalog campaigns;
    private final CampaignMembers members;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Ui ui;
    private final Clock clock;
    private final io.tandem.lifecycle.StageModel stages;
    private final LeadAccess access;

    LeadPoolController(LeadAccess access, io.tandem.lifecycle.StageModel stages, LeadDirectory leads, LeadStatistics statistics, LeadCommands commands,
            AccountsAndDuplicates accounts, CustomFieldCatalog customFields, CampaignCatalog campaigns,
            CampaignMembers members, UserDirectory users, CurrentActor actor, AuditLog audit,
            TransactionTemplate transactions, Ui ui, Clock clock) {
        this.leads = leads;
        this.statistics = statistics;
        this.commands = commands;
        this.accounts = accounts;
        this.customFields = customFields;
        this.campaigns = campaigns;
        this.members = members;
        this.users = users;
        this.actor = actor;
        this.audit = audit;
        this.transactions = transactions;
        this.ui = ui;
        this.clock = clock;
        this.stages = stages;
        this.access = access;
    }

    @GetMapping("/leads")
    String list(@ModelAttribute("filter") LeadFilter filter,
            @RequestHeader(name = "HX-Target", required = false) String htmxTarget, TandemPrincipal me, Model model) {
        LeadQuery query = filter.toQuery().within(access.scope(me, LeadAction.READ));
        LeadPage page = leads.search(query);
        model.addAttribute("page", page);
        model.addAttribute("owners", ownerNames(page.items()));
        model.addAttribute("queryString", filter.queryString());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("stages", stages);
        if ("lead-table".equals(htmxTarget)) {
            return "lead/list :: table";
        }
        model.addAttribute("campaigns", campaigns.all());
        model.addAttribute("sources", statistics.createdBySource(clock.instant().minus(Duration.ofDays(90)), 30)
                .stream().map(Map.Entry::getKey).toList());
        model.addAttribute("sorts", LeadQuery.Sort.values());
        return "lead/list";
    }

    /** The count arrives after the page, so a broad search shows its first page without waiting for it. */
    @GetMapping("/leads/count")
    String count(@ModelAttribute("filter") LeadFilter filter, TandemPrincipal me, Model model) {
        LeadQuery query = filter.toQuery().within(access.scope(me, LeadAction.READ));
        if (query.isFiltered() || !query.scope().isEverything()) {
            long count = leads.countUpTo(query, COUNT_CAP + 1);
            model.addAttribute("count", count > COUNT_CAP ? ui.number(COUNT_CAP) + "+" : ui.number(count));
        } else {
            model.addAttribute("count", "≈ " + ui.number(leads.estimatedTotal()));
        }
        return "lead/list :: count";
    }

    private Map<UUID, String> ownerNames(List<LeadSummary> items) {
        Set<UUID> ids = new LinkedHashSet<>();
        items.forEach(lead -> {
            if (lead.ownerId() != null) {
                ids.add(lead.ownerId());
            }
        });
        Map<UUID, String> names = new HashMap<>();
        users.findAll(ids).forEach((id, user) -> names.put(id, user.displayName()));
        return names;
    }

    @PostMapping("/leads/bulk")
    @CanManageLeads
    String bulk(@RequestParam(name = "ids", required = false) List<UUID> ids, @RequestParam String action,
            @RequestParam(required = false) String tag, @RequestParam(required = false) String owner,
            @RequestParam(name = "back", required = false) String back, TandemPrincipal me,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            throw new BadInputException("Select at least one lead first.");
        }
        if (!access.permitted(me, ids, LeadAction.UPDATE).containsAll(ids)) {
            throw new AccessDeniedException("Some of the selected leads belong to sales and cannot be changed here");
        }
        int changed = switch (action) {
            case "tag" -> commands.tag(ids, Set.of(requireTag(tag)), Set.of(), actor.get());
            case "untag" -> commands.tag(ids, Set.of(), Set.of(requireTag(tag)), actor.get());
            case "assign" -> commands.assign(ids, owner == null || owner.isBlank() ? null : UUID.fromString(owner),
                    actor.get());
            default -> throw BadInputException.of("action", "unknown bulk action " + action);
        };
        redirect.addFlashAttribute("flashKey", "leads.bulk.done");
        redirect.addFlashAttribute("flashCount", changed);
        return "redirect:/leads" + (back == null || back.isBlank() ? "" : "?" + back);
    }

    private static String requireTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw BadInputException.of("tag", "enter a tag");
        }
        return tag.strip();
    }

    /** Streams every lead of the filter (or only the selected ones) as CSV or XLSX. */
    @GetMapping("/leads/export")
    @org.springframework.security.access.prepost.PreAuthorize("hasAnyRole('ADMIN','MARKETING','EXECUTIVE')")
    void export(@ModelAttribute LeadFilter filter, @RequestParam(defaultValue = "csv") String format,
            @RequestParam(name = "ids", required = false) List<UUID> ids, TandemPrincipal me,
            HttpServletResponse response) throws IOException {
        LeadScope scope = access.scope(me, LeadAction.EXPORT);
        Set<UUID> selected = ids == null || ids.isEmpty() ? Set.of() : access.permitted(me, ids, LeadAction.EXPORT);
        boolean xlsx = "xlsx".equalsIgnoreCase(format);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").format(clock.instant().atZone(ui.zone()));
        response.setContentType(xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tandem-leads-" + stamp
                + (xlsx ? ".xlsx" : ".csv") + "\"");
        Map<UUID, String> owners = new HashMap<>();
        users.activeUsers().forEach(user -> owners.put(user.id(), user.displayName()));
        transactions.execute(status -> {
            try {
                java.util.function.Consumer<java.util.function.Consumer<List<String>>> rows = sink -> {
                    if (ids != null && !ids.isEmpty()) {
                        leads.summaries(selected).values().forEach(lead -> sink.accept(LeadExportWriter.row(lead, owners,
                                ui)));
                    } else {
                        leads.forEach(filter.toQuery().within(scope), lead -> sink.accept(LeadExportWriter.row(lead, owners, ui)));
                    }
                };
                long count = xlsx ? LeadExportWriter.xlsx(response.getOutputStream(), rows)
                        : LeadExportWriter.csv(response.getOutputStream(), rows);
                audit.record(actor.get(), AuditAction.EXPORTED, "lead", null, count + " leads as "
                        + (xlsx ? "XLSX" : "CSV") + (ids != null && !ids.isEmpty() ? " (selected)"
                                : " (filter: " + filter.queryString() + ")"));
                return count;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        response.flushBuffer();
    }

    @GetMapping("/leads/{id}")
    String detail(@PathVariable UUID id, TandemPrincipal me, Model model) {
        LeadView lead = leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id));
        if (!lead.id().equals(id)) {
            return "redirect:/leads/" + lead.id();
        }
        access.require(me, id, LeadAction.READ);
        model.addAttribute("mayUpdate", access.may(me, id, LeadAction.UPDATE));
        model.addAttribute("mayDelete", access.may(me, id, LeadAction.DELETE));
        model.addAttribute("pendingRep", users.find(lead.lead().pendingRepId()).map(UserSummary::displayName)
                .orElse(null));
        model.addAttribute("view", lead);
        model.addAttribute("lead", lead.lead());
        model.addAttribute("region", String.join(" · ", java.util.stream.Stream.of(lead.lead().country(),
                lead.lead().province(), lead.lead().city()).filter(java.util.Objects::nonNull).toList()));
        model.addAttribute("owner", users.find(lead.lead().ownerId()).map(UserSummary::displayName).orElse(null));
        model.addAttribute("memberships", members.ofLead(id));
        model.addAttribute("duplicates", accounts.openDuplicates(id, 10));
        model.addAttribute("customFields", customFields.all());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("stages", stages);
        model.addAttribute("stageDates", leads.stageDates(id));
        // SAL is reached only by answering a transfer, and nothing moves while a transfer awaits its answer.
        model.addAttribute("nextStages", lead.lead().transferPending() ? List.of()
                : stages.next(lead.lead().stage()).stream()
                        .filter(stage -> !stage.code().equals(io.tandem.lifecycle.Stage.SAL))
                        // forward first: the usual next step is the first choice
                        .sorted(java.util.Comparator.comparing((io.tandem.lifecycle.Stage stage) -> stage.position()
                                < stages.stage(lead.lead().stage()).map(io.tandem.lifecycle.Stage::position).orElse(0))
                                .thenComparing(io.tandem.lifecycle.Stage::position))
                        .toList());
        return "lead/detail";
    }

    @GetMapping("/leads/{id}/edit")
    @CanManageLeads
    String edit(@PathVariable UUID id, TandemPrincipal me, Model model) {
        access.require(me, id, LeadAction.UPDATE);
        LeadView lead = leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id));
        LeadSummary l = lead.lead();
        model.addAttribute("view", lead);
        model.addAttribute("form", new LeadForm(l.name(), l.email(), l.phone(), l.company(), l.title(), l.industry(),
                l.companySize(), l.province(), l.city(), l.country()));
        model.addAttribute("customValues", stringValues(lead.custom()));
        model.addAttribute("customFields", customFields.all());
        model.addAttribute("errors", Map.of());
        return "lead/detail :: edit";
    }

    @PostMapping("/leads/{id}")
    @CanManageLeads
    String save(@PathVariable UUID id, @ModelAttribute("form") LeadForm form,
            @RequestParam Map<String, String> parameters, @RequestHeader(name = "HX-Request", required = false)
            String htmx, HttpServletResponse response, TandemPrincipal me, Model model, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        Map<String, Object> custom = new LinkedHashMap<>();
        customFields.all().forEach(field -> {
            if (parameters.containsKey("custom." + field.key())) {
                custom.put(field.key(), parameters.get("custom." + field.key()));
            }
        });
        try {
            commands.edit(id, form.toLeadData(custom), actor.get());
        } catch (BadInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(problem -> errors.put(problem.field(), ui.problem(problem)));
            if (errors.isEmpty()) {
                errors.put("form", e.getMessage());
            }
            model.addAttribute("view", leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id)));
            model.addAttribute("customValues", custom);
            model.addAttribute("customFields", customFields.all());
            model.addAttribute("errors", errors);
            return "lead/detail :: edit";
        }
        redirect.addFlashAttribute("flashKey", "lead.saved");
        if (htmx != null) {
            response.setHeader("HX-Redirect", "/leads/" + id);
            return "lead/detail :: saved";
        }
        return "redirect:/leads/" + id;
    }

    @PostMapping("/leads/{id}/owner")
    @CanManageLeads
    String assign(@PathVariable UUID id, @RequestParam(required = false) String owner, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        commands.assign(List.of(id), owner == null || owner.isBlank() ? null : UUID.fromString(owner), actor.get());
        redirect.addFlashAttribute("flashKey", "lead.saved");
        return "redirect:/leads/" + id;
    }

    @PostMapping("/leads/{id}/stage")
    String moveToStage(@PathVariable UUID id, @RequestParam String stage, @RequestParam(required = false) String reason,
            TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        commands.moveToStage(id, stage, reason, actor.get());
        redirect.addFlashAttribute("flashKey", "lead.stageChanged");
        return "redirect:/leads/" + id;
    }

    @PostMapping("/leads/{id}/delete")
    @CanManageLeads
    String delete(@PathVariable UUID id, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.DELETE);
        commands.delete(id, actor.get());
        redirect.addFlashAttribute("flashKey", "lead.deleted");
        return "redirect:/leads";
    }

    @GetMapping("/duplicates")
    @CanManageLeads
    String duplicates(Model model) {
        model.addAttribute("suggestions", accounts.openDuplicates(null, 100));
        return "lead/duplicates";
    }

    @PostMapping("/duplicates/{id}/merge")
    @CanManageLeads
    String merge(@PathVariable UUID id, @RequestParam UUID survivor, TandemPrincipal me,
            RedirectAttributes redirect) {
        UUID[] pair = accounts.pair(id).orElseThrow(() -> new NotFoundException("Open duplicate suggestion", id));
        if (!access.permitted(me, List.of(pair), LeadAction.UPDATE).containsAll(List.of(pair))) {
            throw new AccessDeniedException("One of the two leads belongs to sales; ask its owner");
        }
        UUID duplicate = pair[0].equals(survivor) ? pair[1] : pair[0];
        if (!pair[0].equals(survivor) && !pair[1].equals(survivor)) {
            throw BadInputException.of("survivor", "choose one of the two leads");
        }
        commands.merge(survivor, duplicate, actor.get());
        redirect.addFlashAttribute("flashKey", "duplicates.merged");
        return "redirect:/duplicates";
    }

    @PostMapping("/duplicates/{id}/dismiss")
    @CanManageLeads
    String dismiss(@PathVariable UUID id, RedirectAttributes redirect) {
        commands.dismissDuplicate(id, actor.get());
        redirect.addFlashAttribute("flashKey", "duplicates.dismissed");
        return "redirect:/duplicates";
    }

    @GetMapping("/accounts")
    @CanReadLeads
    String accounts(@RequestParam(required = false) String q, @RequestParam(required = false) String after,
            Model model) {
        var page = accounts.accounts(q, after, 51);
        model.addAttribute("accounts", page.size() > 50 ? page.subList(0, 50) : page);
        model.addAttribute("next", page.size() > 50 ? page.get(49).name() : null);
        model.addAttribute("q", q);
        return "lead/accounts";
    }

    @GetMapping("/accounts/{id}")
    @CanReadLeads
    String account(@PathVariable UUID id, TandemPrincipal me, Model model) {
        model.addAttribute("account", accounts.account(id).orElseThrow(() -> new NotFoundException("Account", id)));
        LeadPage page = leads.search(new LeadQuery(null, null, null, null, false, null, id, null, null, null, null,
                100).within(access.scope(me, LeadAction.READ)));
        model.addAttribute("page", page);
        model.addAttribute("owners", ownerNames(page.items()));
        model.addAttribute("salespeople", users.activeWithAnyRole(java.util.Set.of(io.tandem.security.Role.SALES_REP,
                io.tandem.security.Role.SALES_MANAGER)));
        model.addAttribute("mayAssignOwner", me.isAdmin() || me.has(io.tandem.security.Role.SALES_MANAGER));
        return "lead/account";
    }

    /** Gives the company to a salesperson; routing rules of the kind "account owner" send its leads to them. */
    @PostMapping("/accounts/{id}/owner")
    @org.springframework.security.access.prepost.PreAuthorize("hasAnyRole('ADMIN','SALES_MANAGER')")
    String accountOwner(@PathVariable UUID id, @RequestParam(required = false) UUID owner,
            RedirectAttributes redirect) {
        accounts.assignOwner(id, owner, actor.get());
        redirect.addFlashAttribute("flashKey", "account.ownerSaved");
        return "redirect:/accounts/" + id;
    }

    private static Map<String, Object> stringValues(Map<String, Object> custom) {
        Map<String, Object> values = new LinkedHashMap<>();
        custom.forEach((key, value) -> values.put(key, value == null ? "" : value.toString()));
        return values;
    }
}
