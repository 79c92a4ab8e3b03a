package io.tandem.campaign.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.campaign.CampaignStatus;
import io.tandem.campaign.CampaignType;
import io.tandem.campaign.MemberStatus;
import io.tandem.campaign.internal.Campaign;
import io.tandem.campaign.internal.CampaignService;
import io.tandem.campaign.internal.CampaignStats;
import io.tandem.security.CanManageLeads;
import io.tandem.security.CanReadLeads;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;

@Controller
@CanReadLeads
class CampaignController {

    private final CampaignService campaigns;
    private final CampaignStats stats;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final String baseUrl;

    CampaignController(CampaignService campaigns, CampaignStats stats, UserDirectory users, CurrentActor actor,
            @Value("${tandem.base-url}") String baseUrl) {
        this.campaigns = campaigns;
        this.stats = stats;
        this.users = users;
        this.actor = actor;
        this.baseUrl = baseUrl;
    }

    @GetMapping("/campaigns")
    String list(Model model) {
        model.addAttribute("campaigns", campaigns.list());
        model.addAttribute("members", stats.memberCounts());
        return "campaign/list";
    }

    @GetMapping("/campaigns/new")
    @CanManageLeads
    String create(Model model) {
        return form(model, CampaignForm.empty(), null, Map.of());
    }

    @PostMapping("/campaigns")
    @CanManageLeads
    String save(@ModelAttribute("form") CampaignForm form, BindingResult binding, Model model,
            RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return form(model, form, null, errors(binding));
        }
        try {
            Campaign campaign = campaigns.plan(form.toDetails(), actor.get());
            redirect.addFlashAttribute("flashKey", "campaign.saved");
            return "redirect:/campaigns/" + campaign.id();
        } catch (BadInputException e) {
            return form(model, form, null, errors(e));
        }
    }

    @GetMapping("/campaigns/{id}/edit")
    @CanManageLeads
    String edit(@PathVariable UUID id, Model model) {
        return form(model, CampaignForm.of(campaigns.get(id)), id, Map.of());
    }

    @PostMapping("/campaigns/{id}")
    @CanManageLeads
    String update(@PathVariable UUID id, @ModelAttribute("form") CampaignForm form, BindingResult binding,
            Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return form(model, form, id, errors(binding));
        }
        try {
            campaigns.update(id, form.toDetails(), actor.get());
            redirect.addFlashAttribute("flashKey", "campaign.saved");
            return "redirect:/campaigns/" + id;
        } catch (BadInputException e) {
            return form(model, form, id, errors(e));
        }
    }

    @GetMapping("/campaigns/{id}")
    String detail(@PathVariable UUID id, Model model) {
        Campaign campaign = campaigns.get(id);
        Map<MemberStatus, Long> byStatus = stats.membersByStatus(id);
        long members = byStatus.values().stream().mapToLong(Long::longValue).sum();
        model.addAttribute("campaign", campaign);
        model.addAttribute("byStatus", byStatus);
        model.addAttribute("members", members);
        model.addAttribute("costPerMember", campaign.actualCost() == null || members == 0 ? null
                : campaign.actualCost().divide(BigDecimal.valueOf(members), 2, RoundingMode.HALF_UP));
        model.addAttribute("owner", users.find(campaign.ownerId()).map(UserSummary::displayName).orElse(null));
        String formUrl = campaign.formKey() == null ? null : baseUrl + "/f/" + campaign.formKey();
        model.addAttribute("formUrl", formUrl);
        model.addAttribute("formSnippet", formUrl == null ? null : String.join("\n",
                "<form method=\"post\" action=\"" + formUrl + "\">",
                "  <input name=\"name\"> <input name=\"email\" type=\"email\"> <input name=\"phone\">",
                "  <input name=\"company\"> <input name=\"title\">",
                "  <input name=\"website\" tabindex=\"-1\" autocomplete=\"off\" style=\"position:absolute;left:-9999px\">",
                "  <label><input type=\"checkbox\" name=\"consent\"> ...</label>",
                "  <button>Submit</button>",
                "</form>"));
        return "campaign/detail";
    }

    private String form(Model model, CampaignForm form, UUID id, Map<String, String> errors) {
        model.addAttribute("form", form == null ? CampaignForm.empty() : form);
        model.addAttribute("campaignId", id);
        model.addAttribute("types", CampaignType.values());
        model.addAttribute("statuses", CampaignStatus.values());
        model.addAttribute("users", users.activeUsers());
        model.addAttribute("errors", errors);
        return "campaign/form";
    }

    private static Map<String, String> errors(BindingResult binding) {
        Map<String, String> errors = new LinkedHashMap<>();
        binding.getFieldErrors().forEach(error -> errors.put(error.getField(), "\"" + error.getRejectedValue()
                + "\" is not valid here"));
        return errors;
    }

    private static Map<String, String> errors(BadInputException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.problems().forEach(problem -> errors.put(problem.field(), problem.message()));
        return errors;
    }
}
