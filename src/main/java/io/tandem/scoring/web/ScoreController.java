package io.tandem.scoring.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.activity.ActivityType;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.scoring.FitOperator;
import io.tandem.scoring.RuleKind;
import io.tandem.scoring.ScoringRule;
import io.tandem.scoring.ScoringSettings;
import io.tandem.scoring.internal.Rescorer;
import io.tandem.scoring.internal.ScoringRules;
import io.tandem.scoring.internal.ScoringService;
import io.tandem.security.AdminOnly;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;

/** A lead's score with its reasons (loaded into the lead's page), and the admin page of rules and settings. */
@Controller
@Validated
class ScoreController {

    private final ScoringService scoring;
    private final ScoringRules rules;
    private final Rescorer rescorer;
    private final CampaignCatalog campaigns;
    private final CurrentActor actor;
    private final io.tandem.lead.LeadAccess access;

    ScoreController(ScoringService scoring, ScoringRules rules, Rescorer rescorer, CampaignCatalog campaigns,
            CurrentActor actor, io.tandem.lead.LeadAccess access) {
        this.access = access;
        this.scoring = scoring;
        this.rules = rules;
        this.rescorer = rescorer;
        this.campaigns = campaigns;
        this.actor = actor;
    }

    @GetMapping("/leads/{id}/score")
    String score(@PathVariable UUID id, io.tandem.security.TandemPrincipal me, Model model) {
        access.require(me, id, io.tandem.lead.LeadAction.READ);
        model.addAttribute("score", scoring.explain(id).orElse(null));
        model.addAttribute("settings", rules.settings());
        return "scoring/score :: score";
    }

    @GetMapping("/admin/scoring")
    @AdminOnly
    String admin(Model model) {
        model.addAttribute("rules", rules.all());
        model.addAttribute("settings", rules.settings());
        model.addAttribute("operators", FitOperator.values());
        model.addAttribute("activityTypes", ActivityType.values());
        model.addAttribute("campaigns", campaigns.all());
        model.addAttribute("job", rescorer.latest().orElse(null));
        return "scoring/admin";
    }

    @GetMapping("/admin/scoring/progress")
    @AdminOnly
    String progress(Model model) {
        model.addAttribute("job", rescorer.latest().orElse(null));
        return "scoring/admin :: progress";
    }

    @PostMapping("/admin/scoring/rules")
    @AdminOnly
    String addRule(@RequestParam RuleKind kind, @RequestParam String label, @RequestParam(required = false) String field,
            @RequestParam(required = false) FitOperator operator, @RequestParam(required = false) String value,
            @RequestParam(required = false) String activityType, @RequestParam(required = false) UUID campaignId,
            @RequestParam int points, @RequestParam(required = false) Integer dailyCap, Model model,
            RedirectAttributes redirect) {
        try {
            rules.add(new ScoringRule(null, kind, label, field, operator, value, activityType, campaignId, points,
                    dailyCap, true), actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return admin(model);
        }
        redirect.addFlashAttribute("flashKey", "scoring.saved");
        return "redirect:/admin/scoring";
    }

    @PostMapping("/admin/scoring/rules/{id}")
    @AdminOnly
    String toggle(@PathVariable UUID id, @RequestParam boolean active, RedirectAttributes redirect) {
        rules.setActive(id, active, actor.get());
        redirect.addFlashAttribute("flashKey", "scoring.saved");
        return "redirect:/admin/scoring";
    }

    @PostMapping("/admin/scoring/settings")
    @AdminOnly
    String settings(@RequestParam int halfLifeDays, @RequestParam int gradeA, @RequestParam int gradeB,
            @RequestParam int gradeC, @RequestParam String mqlMinGrade, @RequestParam int mqlMinEngagement,
            @RequestParam(name = "handRaisers", required = false) List<String> handRaisers, Model model,
            RedirectAttributes redirect) {
        Set<String> raisers = handRaisers == null ? Set.of() : new LinkedHashSet<>(handRaisers);
        try {
            rules.updateSettings(new ScoringSettings(halfLifeDays, gradeA, gradeB, gradeC, mqlMinGrade,
                    mqlMinEngagement, raisers, 0), actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return admin(model);
        }
        redirect.addFlashAttribute("flashKey", "scoring.saved");
        return "redirect:/admin/scoring";
    }
}
