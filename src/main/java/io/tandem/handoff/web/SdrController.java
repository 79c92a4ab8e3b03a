package io.tandem.handoff.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.handoff.Disposition;
import io.tandem.handoff.RejectionReason;
import io.tandem.handoff.Qualification;
import io.tandem.handoff.internal.QualificationQuestions;
import io.tandem.handoff.internal.SdrWork;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadPage;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadSummary;
import io.tandem.lead.LeadView;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.scoring.LeadScores;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.NotFoundException;
import io.tandem.shared.web.Ui;

/** The SDR workspace: the MQL queue and the page where an SDR calls, qualifies and transfers one lead. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN','SDR','MARKETING')")
class SdrController {

    private final SdrWork work;
    private final QualificationQuestions questions;
    private final LeadDirectory leads;
    private final LeadAccess access;
    private final LeadScores scores;
    private final UserDirectory users;
    private final StageModel stages;
    private final CurrentActor actor;
    private final Ui ui;

    SdrController(SdrWork work, QualificationQuestions questions, LeadDirectory leads, LeadAccess access,
            LeadScores scores, UserDirectory users, StageModel stages, CurrentActor actor, Ui ui) {
        this.work = work;
        this.questions = questions;
        this.leads = leads;
        this.access = access;
        this.scores = scores;
        this.users = users;
        this.stages = stages;
        this.actor = actor;
        this.ui = ui;
    }

    /** Free MQLs (nobody works them yet) and the SDR's own, oldest first: the longest wait is called first. */
    @GetMapping("/sdr")
    String queue(@RequestParam(defaultValue = "free") String tab, @RequestParam(required = false) String cursor,
            TandemPrincipal me, Model model) {
        boolean mine = "mine".equals(tab);
        LeadQuery query = new LeadQuery(null, null, null, mine ? me.userId() : null, !mine, null, null, null, null,
                LeadQuery.Sort.OLDEST, cursor, 50, Set.of(Stage.MQL)).within(access.scope(me, LeadAction.READ));
        LeadPage page = leads.search(query);
        model.addAttribute("tab", mine ? "mine" : "free");
        model.addAttribute("page", page);
        model.addAttribute("scores", scores.of(page.items().stream().map(LeadSummary::id).toList()));
        model.addAttribute("sdrs", users.activeWithAnyRole(Set.of(Role.SDR)));
        model.addAttribute("mayAssign", me.has(Role.ADMIN) || me.has(Role.MARKETING));
        model.addAttribute("owners", users.displayNames(page.items().stream().map(LeadSummary::ownerId).toList()));
        model.addAttribute("recent", work.bySdr(me.userId(), 20));
        model.addAttribute("leadNames", leadNames(work.bySdr(me.userId(), 20).stream()
                .map(io.tandem.handoff.internal.Handoff::leadId).toList()));
        model.addAttribute("reps", users.displayNames(work.bySdr(me.userId(), 20).stream()
                .map(io.tandem.handoff.internal.Handoff::repId).toList()));
        return "handoff/queue";
    }

    @PostMapping("/sdr/leads/{id}/claim")
    @PreAuthorize("hasAnyRole('ADMIN','SDR')")
    String claim(@PathVariable UUID id, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return attempt(redirect, "/sdr/leads/" + id, "/sdr", () -> work.claim(id, me.userId(), actor.get()),
                "sdr.claimed");
    }

    @PostMapping("/sdr/leads/{id}/assign")
    @PreAuthorize("hasAnyRole('ADMIN','MARKETING')")
    String assign(@PathVariable UUID id, @RequestParam(required = false) UUID sdr, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return attempt(redirect, "/sdr", "/sdr", () -> {
            if (sdr == null) {
                throw BadInputException.of("sdr", "choose an SDR");
            }
            work.claim(id, sdr, actor.get());
        }, "sdr.assigned");
    }

    @GetMapping("/sdr/leads/{id}")
    String lead(@PathVariable UUID id, TandemPrincipal me, Model model) {
        LeadView view = leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id));
        if (!view.id().equals(id)) {
            return "redirect:/sdr/leads/" + view.id();
        }
        access.require(me, id, LeadAction.READ);
        LeadSummary lead = view.lead();
        boolean mayWork = (me.has(Role.SDR) || me.isAdmin()) && access.may(me, id, LeadAction.UPDATE);
        model.addAttribute("view", view);
        model.addAttribute("lead", lead);
        model.addAttribute("stages", stages);
        model.addAttribute("score", scores.of(id).orElse(null));
        model.addAttribute("mayWork", mayWork);
        model.addAttribute("mayClaim", mayWork && lead.ownerId() == null && Stage.MQL.equals(lead.stage()));
        model.addAttribute("mayTransfer", mayWork && Stage.MQL.equals(lead.stage()) && !lead.transferPending());
        model.addAttribute("calls", work.calls(id));
        model.addAttribute("qualification", work.qualification(id));
        model.addAttribute("questions", questions.active());
        model.addAttribute("handoffs", work.ofLead(id));
        model.addAttribute("reps", users.activeWithAnyRole(Set.of(Role.SALES_REP, Role.SALES_MANAGER)).stream()
                .filter(rep -> !rep.id().equals(me.userId())).toList());
        model.addAttribute("dispositions", Disposition.values());
        model.addAttribute("reasons", RejectionReason.values());
        model.addAttribute("maxRecordingMb", work.maxRecordingMegabytes());
        java.util.List<UUID> people = new java.util.ArrayList<>();
        people.add(lead.ownerId());
        work.calls(id).forEach(call -> people.add(call.sdrId()));
        work.ofLead(id).forEach(handoff -> {
            people.add(handoff.repId());
            people.add(handoff.sdrId());
        });
        model.addAttribute("people", users.displayNames(people));
        return "handoff/work";
    }

    @PostMapping("/sdr/leads/{id}/calls")
    @PreAuthorize("hasAnyRole('ADMIN','SDR')")
    String logCall(@PathVariable UUID id, @RequestParam(required = false) Disposition disposition,
            @RequestParam(required = false) String notes,
            @RequestParam(name = "recording", required = false) MultipartFile recording, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return attempt(redirect, "/sdr/leads/" + id, "/sdr/leads/" + id, () -> {
            try {
                SdrWork.Upload upload = recording == null || recording.isEmpty() ? null
                        : new SdrWork.Upload(recording.getOriginalFilename(), recording.getSize(),
                                recording.getInputStream());
                work.logCall(id, me.userId(), disposition, notes, upload, actor.get());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "sdr.callLogged");
    }

    @PostMapping("/sdr/leads/{id}/qualification")
    @PreAuthorize("hasAnyRole('ADMIN','SDR')")
    String qualify(@PathVariable UUID id, QualificationForm form, @RequestParam Map<String, String> parameters,
            TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        Map<String, String> answers = new LinkedHashMap<>();
        questions.active().forEach(question -> {
            String value = parameters.get("q." + question.id());
            if (value != null) {
                answers.put(question.id().toString(), value);
            }
        });
        return attempt(redirect, "/sdr/leads/" + id, "/sdr/leads/" + id, () -> work.saveQualification(id,
                new Qualification(form.budget(), form.authority(), form.need(), form.timeline(), answers),
                actor.get()), "sdr.qualificationSaved");
    }

    record QualificationForm(String budget, String authority, String need, String timeline) {
    }

    @PostMapping("/sdr/leads/{id}/disqualify")
    @PreAuthorize("hasAnyRole('ADMIN','SDR')")
    String disqualify(@PathVariable UUID id, @RequestParam(required = false) String target,
            @RequestParam(required = false) String reason, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return attempt(redirect, "/sdr", "/sdr/leads/" + id, () -> work.disqualify(id, target, reason, actor.get()),
                "sdr.disqualified");
    }

    @PostMapping("/sdr/leads/{id}/transfer")
    @PreAuthorize("hasAnyRole('ADMIN','SDR')")
    String transfer(@PathVariable UUID id, @RequestParam(required = false) UUID rep,
            @RequestParam(required = false) String notes, TandemPrincipal me, RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return attempt(redirect, "/sdr/leads/" + id, "/sdr/leads/" + id,
                () -> work.transfer(id, me.userId(), rep, notes, actor.get()), "sdr.transferred");
    }

    private String attempt(RedirectAttributes redirect, String success, String failure, Runnable change,
            String flashKey) {
        return ui.attempt(redirect, success, failure, change, flashKey);
    }


    private Map<UUID, String> leadNames(List<UUID> ids) {
        Map<UUID, String> names = new LinkedHashMap<>();
        leads.summaries(ids).forEach((id, lead) -> names.put(id, lead.name() != null ? lead.name() : lead.email()));
        return names;
    }
}
