package io.tandem.routing.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.routing.internal.RoutingCondition;
import io.tandem.routing.internal.RoutingCondition.Operator;
import io.tandem.routing.internal.RoutingDecisions;
import io.tandem.routing.internal.RoutingRule.Target;
import io.tandem.routing.internal.RoutingSettings;
import io.tandem.security.AdminOnly;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/**
 * The admin's routing page (rules, pools, out of office), each person's own out-of-office days, and the "why routed"
 * panel on a lead's page.
 */
@Controller
class RoutingController {

    /** Conditions a rule form offers; more can be added by saving the rule again. */
    static final int CONDITION_ROWS = 3;

    private final RoutingSettings settings;
    private final RoutingDecisions decisions;
    private final io.tandem.lead.LeadDirectory leads;
    private final io.tandem.lifecycle.StageModel stages;
    private final LeadAccess access;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final Ui ui;
    private final Clock clock;

    RoutingController(RoutingSettings settings, RoutingDecisions decisions, io.tandem.lead.LeadDirectory leads,
            io.tandem.lifecycle.StageModel stages, LeadAccess access, UserDirectory users, CurrentActor actor, Ui ui,
            Clock clock) {
        this.settings = settings;
        this.decisions = decisions;
        this.leads = leads;
        this.stages = stages;
        this.access = access;
        this.users = users;
        this.actor = actor;
        this.ui = ui;
        this.clock = clock;
    }

    @GetMapping("/leads/{id}/routing")
    String ofLead(@PathVariable UUID id, TandemPrincipal me, Model model) {
        access.require(me, id, LeadAction.READ);
        List<RoutingDecisions.Decision> list = decisions.ofLead(id);
        Set<UUID> people = new LinkedHashSet<>();
        list.forEach(d -> {
            people.add(d.assigneeId());
            d.skipped().forEach(s -> people.add(s.userId()));
        });
        model.addAttribute("decisions", list);
        model.addAttribute("names", users.displayNames(people));
        model.addAttribute("pools", settings.pools().stream()
                .collect(java.util.stream.Collectors.toMap(RoutingSettings.Pool::id, RoutingSettings.Pool::name)));
        // The rep who owns a sales lead may give it up to the public pool (公海).
        model.addAttribute("leadId", id);
        model.addAttribute("mayGiveUp", leads.find(id).map(view -> me.userId().equals(view.lead().ownerId())
                && stages.stage(view.lead().stage()).map(s -> s.pool() == io.tandem.lifecycle.StagePool.SALES)
                        .orElse(false)).orElse(false));
        return "routing/lead-panel :: decisions";
    }

    @GetMapping("/admin/routing")
    @AdminOnly
    String admin(Model model) {
        model.addAttribute("rules", settings.rules());
        model.addAttribute("pools", settings.pools());
        model.addAttribute("people", users.activeUsers());
        model.addAttribute("names", users.displayNames(users.activeUsers().stream().map(u -> u.id()).toList()));
        model.addAttribute("absences", settings.absences(today()));
        model.addAttribute("fields", RoutingCondition.FIELDS);
        model.addAttribute("operators", Operator.values());
        model.addAttribute("targets", Target.values());
        model.addAttribute("conditionRows", CONDITION_ROWS);
        return "routing/admin";
    }

    @PostMapping("/admin/routing/rules")
    @AdminOnly
    String saveRule(@RequestParam(required = false) UUID id, @RequestParam(required = false) String name,
            @RequestParam(required = false) Target target, @RequestParam(required = false) UUID user,
            @RequestParam(required = false) UUID pool, @RequestParam(defaultValue = "true") boolean active,
            @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        List<RoutingCondition> conditions = new ArrayList<>();
        for (int i = 0; i < CONDITION_ROWS; i++) {
            String field = form.get("field" + i);
            String operator = form.get("operator" + i);
            if (field != null && !field.isBlank()) {
                conditions.add(new RoutingCondition(field.strip(), operator(operator),
                        form.getOrDefault("value" + i, "")));
            }
        }
        return ui.attempt(redirect, "/admin/routing", "/admin/routing",
                () -> settings.saveRule(id, name, conditions, target, user, pool, active, actor.get()), "routing.saved");
    }

    @PostMapping("/admin/routing/rules/{id}/toggle")
    @AdminOnly
    String toggle(@PathVariable UUID id, RedirectAttributes redirect) {
        var rule = settings.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(
                () -> new io.tandem.shared.NotFoundException("Routing rule", id));
        return ui.attempt(redirect, "/admin/routing", "/admin/routing", () -> settings.saveRule(id, rule.name(),
                rule.conditions(), rule.target(), rule.targetUserId(), rule.targetPoolId(), !rule.active(),
                actor.get()), "routing.saved");
    }

    @PostMapping("/admin/routing/rules/{id}/move")
    @AdminOnly
    String move(@PathVariable UUID id, @RequestParam boolean up) {
        settings.move(id, up, actor.get());
        return "redirect:/admin/routing";
    }

    @PostMapping("/admin/routing/rules/{id}/delete")
    @AdminOnly
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/routing", "/admin/routing", () -> settings.deleteRule(id, actor.get()),
                "routing.saved");
    }

    @PostMapping("/admin/routing/pools")
    @AdminOnly
    String createPool(@RequestParam(required = false) String name, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/routing", "/admin/routing", () -> settings.createPool(name, actor.get()),
                "routing.saved");
    }

    @PostMapping("/admin/routing/pools/{pool}/members")
    @AdminOnly
    String saveMember(@PathVariable UUID pool, @RequestParam(required = false) UUID user,
            @RequestParam(defaultValue = "1") int weight, @RequestParam(required = false) Integer dailyCap,
            @RequestParam(required = false) Integer capacity, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/routing", "/admin/routing",
                () -> settings.saveMember(pool, user, weight, dailyCap, capacity, actor.get()), "routing.saved");
    }

    @PostMapping("/admin/routing/pools/{pool}/members/{user}/delete")
    @AdminOnly
    String removeMember(@PathVariable UUID pool, @PathVariable UUID user) {
        settings.removeMember(pool, user, actor.get());
        return "redirect:/admin/routing";
    }

    @PostMapping("/admin/routing/absences")
    @AdminOnly
    String addAbsence(@RequestParam(required = false) UUID user,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate firstDay,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate lastDay,
            @RequestParam(required = false) String note, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/routing", "/admin/routing",
                () -> settings.addAbsence(user, firstDay, lastDay, note, actor.get()), "routing.saved");
    }

    @PostMapping("/admin/routing/absences/delete")
    @AdminOnly
    String removeAbsence(@RequestParam UUID user,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate firstDay) {
        settings.removeAbsence(user, firstDay, actor.get());
        return "redirect:/admin/routing";
    }

    /** Everyone marks their own days out of office; routing passes them over on those days. */
    @GetMapping("/account/out-of-office")
    String myAbsences(TandemPrincipal me, Model model) {
        model.addAttribute("absences", settings.absences(today()).stream()
                .filter(a -> a.userId().equals(me.userId())).toList());
        return "routing/out-of-office";
    }

    @PostMapping("/account/out-of-office")
    String addMyAbsence(TandemPrincipal me,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate firstDay,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate lastDay,
            @RequestParam(required = false) String note, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/account/out-of-office", "/account/out-of-office",
                () -> settings.addAbsence(me.userId(), firstDay, lastDay, note, actor.get()), "routing.absenceSaved");
    }

    @PostMapping("/account/out-of-office/delete")
    String removeMyAbsence(TandemPrincipal me,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate firstDay) {
        settings.removeAbsence(me.userId(), firstDay, actor.get());
        return "redirect:/account/out-of-office";
    }

    /** An operator the form does not know is reported by the rule's validation, not as a server error. */
    private static Operator operator(String name) {
        try {
            return name == null || name.isBlank() ? null : Operator.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private LocalDate today() {
        return clock.instant().atZone(ui.zone()).toLocalDate();
    }
}
