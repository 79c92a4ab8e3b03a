package io.tandem.activity.web;

import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.tandem.activity.internal.Timeline;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.NotFoundException;

/** The timeline on a lead's page, loaded by htmx after the page itself. */
@Controller
class TimelineController {

    private final LeadDirectory leads;
    private final LeadAccess access;
    private final Timeline timeline;

    TimelineController(LeadDirectory leads, LeadAccess access, Timeline timeline) {
        this.leads = leads;
        this.access = access;
        this.timeline = timeline;
    }

    @GetMapping("/leads/{id}/timeline")
    String timeline(@PathVariable UUID id, TandemPrincipal me, Model model) {
        var lead = leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id));
        access.require(me, lead.id(), LeadAction.READ);
        model.addAttribute("entries", timeline.of(lead, 200));
        return "activity/timeline :: timeline";
    }
}
