package io.tandem.capture.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.campaign.CampaignCatalog;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadData;
import io.tandem.security.CanManageLeads;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;
import io.tandem.shared.db.Transactions;

/** Entering one lead by hand, e.g. from a business card. Same rules as every other channel: one person, once. */
@Controller
@CanManageLeads
class NewLeadController {

    private final LeadCapture capture;
    private final CampaignCatalog campaigns;
    private final CurrentActor actor;
    private final TransactionTemplate transactions;
    private final Ui ui;

    NewLeadController(LeadCapture capture, CampaignCatalog campaigns, CurrentActor actor,
            TransactionTemplate transactions, Ui ui) {
        this.ui = ui;
        this.capture = capture;
        this.campaigns = campaigns;
        this.actor = actor;
        this.transactions = transactions;
    }

    record NewLeadForm(String name, String email, String phone, String company, String title, String source,
            UUID campaignId) {
    }

    @GetMapping("/leads/new")
    String form(Model model) {
        model.addAttribute("form", new NewLeadForm(null, null, null, null, null, "manual", null));
        model.addAttribute("campaigns", campaigns.all());
        model.addAttribute("errors", Map.of());
        return "capture/new-lead";
    }

    @PostMapping("/leads/new")
    String create(@ModelAttribute("form") NewLeadForm form, Model model, RedirectAttributes redirect) {
        LeadData data = LeadData.builder().name(form.name()).email(form.email()).phone(form.phone())
                .company(form.company()).title(form.title()).source(form.source()).campaignId(form.campaignId())
                .build();
        IntakeResult.Item item = Transactions.retryingOnConflict(transactions, () -> capture.capture(
                List.of(new CaptureItem(data, null)), CaptureContext.of(CaptureChannel.UI, actor.get())).items().get(0));
        if (item.outcome() == IntakeResult.Outcome.INVALID) {
            Map<String, String> errors = new LinkedHashMap<>();
            item.problems().forEach(problem -> errors.put(problem.field(), ui.problem(problem)));
            model.addAttribute("campaigns", campaigns.all());
            model.addAttribute("errors", errors);
            return "capture/new-lead";
        }
        redirect.addFlashAttribute("flashKey", item.outcome() == IntakeResult.Outcome.CREATED ? "lead.created"
                : "lead.mergedIntoExisting");
        return "redirect:/leads/" + item.leadId();
    }
}
