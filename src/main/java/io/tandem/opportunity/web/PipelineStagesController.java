package io.tandem.opportunity.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.opportunity.internal.OpportunityService;
import io.tandem.security.AdminOnly;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** Admin: the sales pipeline's stages, their names in both languages and their forecast probabilities. */
@Controller
@AdminOnly
class PipelineStagesController {

    private final OpportunityService opportunities;
    private final CurrentActor actor;
    private final Ui ui;

    PipelineStagesController(OpportunityService opportunities, CurrentActor actor, Ui ui) {
        this.opportunities = opportunities;
        this.actor = actor;
        this.ui = ui;
    }

    @GetMapping("/admin/pipeline")
    String stages(Model model) {
        model.addAttribute("stages", opportunities.stages());
        return "opportunity/pipeline";
    }

    @PostMapping("/admin/pipeline/{code}")
    String revise(@PathVariable String code, @RequestParam(required = false) String nameEn,
            @RequestParam(required = false) String nameZh, @RequestParam(defaultValue = "-1") int probability,
            RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/pipeline", "/admin/pipeline",
                () -> opportunities.reviseStage(code, nameEn, nameZh, probability, actor.get()), "form.saved");
    }

    @PostMapping("/admin/pipeline")
    String add(@RequestParam(required = false) String code, @RequestParam(required = false) String nameEn,
            @RequestParam(required = false) String nameZh, @RequestParam(defaultValue = "-1") int probability,
            @RequestParam(required = false) String after, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/pipeline", "/admin/pipeline",
                () -> opportunities.addStage(code, nameEn, nameZh, probability, after, actor.get()), "form.saved");
    }
}
