package io.tandem.routing.web;

import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadPage;
import io.tandem.lifecycle.StageModel;
import io.tandem.routing.internal.PublicPool;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** The public pool (公海) for salespeople: what lies there, claiming a lead, and giving one up. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN','SALES_REP','SALES_MANAGER')")
class PublicPoolController {

    private final PublicPool pool;
    private final LeadAccess access;
    private final StageModel stages;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final Ui ui;

    PublicPoolController(PublicPool pool, LeadAccess access, StageModel stages, UserDirectory users,
            CurrentActor actor, Ui ui) {
        this.pool = pool;
        this.access = access;
        this.stages = stages;
        this.users = users;
        this.actor = actor;
        this.ui = ui;
    }

    @GetMapping("/public-pool")
    String list(TandemPrincipal me, @RequestParam(required = false) String after, Model model) {
        LeadPage page = pool.leads(after, 50);
        model.addAttribute("page", page);
        model.addAttribute("stages", stages);
        model.addAttribute("claimsLeft", pool.claimsLeftToday(me.userId()));
        model.addAttribute("claimsPerDay", pool.claimsPerDay());
        model.addAttribute("coolDownDays", pool.coolDownDays());
        return "routing/public-pool";
    }

    @PostMapping("/public-pool/{id}/claim")
    String claim(@PathVariable UUID id, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.READ);
        return ui.attempt(redirect, "/leads/" + id, "/public-pool", () -> pool.claim(id, me.userId(), actor.get()),
                "publicPool.claimed");
    }

    @PostMapping("/leads/{id}/give-up")
    String giveUp(@PathVariable UUID id, @RequestParam(required = false) String reason, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/public-pool", "/leads/" + id, () -> pool.giveUp(id, me.userId(), reason,
                actor.get()), "publicPool.givenUp");
    }
}
