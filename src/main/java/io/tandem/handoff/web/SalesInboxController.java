package io.tandem.handoff.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.handoff.RejectionReason;
import io.tandem.handoff.internal.Handoff;
import io.tandem.handoff.internal.QualificationQuestions;
import io.tandem.handoff.internal.SdrWork;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadPage;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.scoring.LeadScores;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.NotFoundException;
import io.tandem.shared.web.Ui;

/**
 * Sales' side of the handoff: the rep's inbox of transfers awaiting an answer, a transfer's page with accept and
 * reject, the handoff panel on a lead's page, and the recordings.
 */
@Controller
class SalesInboxController {

    private final SdrWork work;
    private final QualificationQuestions questions;
    private final LeadDirectory leads;
    private final LeadAccess access;
    private final LeadScores scores;
    private final UserDirectory users;
    private final StageModel stages;
    private final CurrentActor actor;
    private final Ui ui;

    SalesInboxController(SdrWork work, QualificationQuestions questions, LeadDirectory leads, LeadAccess access,
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

    /** Transfers awaiting an answer (a manager sees the team's), and the leads sales works now. */
    @GetMapping("/sales")
    @PreAuthorize("hasAnyRole('ADMIN','SALES_REP','SALES_MANAGER','EXECUTIVE')")
    String inbox(TandemPrincipal me, Model model) {
        Set<UUID> reps = new LinkedHashSet<>();
        reps.add(me.userId());
        if (me.has(Role.SALES_MANAGER) && me.teamId() != null) {
            reps.addAll(users.teamMembers(me.teamId()));
        }
        List<Handoff> pending = work.pendingFor(reps);
        LeadPage working = leads.search(new LeadQuery(null, null, null, null, false, null, null, null, null,
                LeadQuery.Sort.NEWEST, null, 100, salesStages())
                .within(access.scope(me, LeadAction.UPDATE)));
        List<UUID> leadIds = new ArrayList<>(pending.stream().map(Handoff::leadId).toList());
        model.addAttribute("pending", pending);
        model.addAttribute("working", working);
        model.addAttribute("leadsById", leads.summaries(leadIds));
        leadIds.addAll(working.items().stream().map(LeadSummary::id).toList());
        model.addAttribute("scores", scores.of(leadIds));
        List<UUID> people = new ArrayList<>();
        pending.forEach(handoff -> {
            people.add(handoff.sdrId());
            people.add(handoff.repId());
        });
        working.items().forEach(lead -> people.add(lead.ownerId()));
        model.addAttribute("people", users.displayNames(people));
        model.addAttribute("stages", stages);
        return "handoff/sales";
    }

    private Set<String> salesStages() {
        Set<String> codes = new LinkedHashSet<>();
        stages.stages().stream().filter(stage -> stage.pool() == io.tandem.lifecycle.StagePool.SALES)
                .filter(stage -> !stage.code().equals(Stage.OPPORTUNITY)).forEach(stage -> codes.add(stage.code()));
        return codes;
    }

    @GetMapping("/handoffs/{id}")
    String handoff(@PathVariable UUID id, TandemPrincipal me, Model model) {
        Handoff handoff = work.handoff(id);
        requireReadable(me, handoff);
        LeadSummary lead = leads.summaries(List.of(handoff.leadId())).get(handoff.leadId());
        model.addAttribute("handoff", handoff);
        model.addAttribute("lead", lead);
        model.addAttribute("score", scores.of(handoff.leadId()).orElse(null));
        model.addAttribute("mayAnswer", handoff.pending() && handoff.repId().equals(me.userId()));
        model.addAttribute("questions", questions.all());
        model.addAttribute("calls", work.calls(handoff.leadId()));
        model.addAttribute("reasons", RejectionReason.values());
        model.addAttribute("people", users.displayNames(List.of(handoff.sdrId(), handoff.repId())));
        model.addAttribute("stages", stages);
        return "handoff/handoff";
    }

    @PostMapping("/handoffs/{id}/accept")
    @PreAuthorize("hasAnyRole('SALES_REP','SALES_MANAGER')")
    String accept(@PathVariable UUID id, TandemPrincipal me, RedirectAttributes redirect) {
        Handoff handoff = work.handoff(id);
        requireReadable(me, handoff);
        return ui.attempt(redirect, "/leads/" + handoff.leadId(), "/handoffs/" + id,
                () -> work.accept(id, me.userId(), actor.get()), "handoff.accepted");
    }

    @PostMapping("/handoffs/{id}/reject")
    @PreAuthorize("hasAnyRole('SALES_REP','SALES_MANAGER')")
    String reject(@PathVariable UUID id, @RequestParam(required = false) RejectionReason reason,
            @RequestParam(required = false) String comment, TandemPrincipal me, RedirectAttributes redirect) {
        Handoff handoff = work.handoff(id);
        requireReadable(me, handoff);
        return ui.attempt(redirect, "/sales", "/handoffs/" + id,
                () -> work.reject(id, me.userId(), reason, comment, actor.get()), "handoff.rejected");
    }

    /** The handoff panel on a lead's page: every transfer and its answer, rejection feedback included. */
    @GetMapping("/leads/{id}/handoffs")
    String leadPanel(@PathVariable UUID id, TandemPrincipal me, Model model) {
        access.require(me, id, LeadAction.READ);
        List<Handoff> handoffs = work.ofLead(id);
        model.addAttribute("handoffs", handoffs);
        model.addAttribute("leadId", id);
        List<UUID> people = new ArrayList<>();
        handoffs.forEach(handoff -> {
            people.add(handoff.sdrId());
            people.add(handoff.repId());
        });
        model.addAttribute("people", users.displayNames(people));
        model.addAttribute("maySdrWork", me.has(Role.SDR) || me.isAdmin() || me.has(Role.MARKETING));
        // Salespeople log their calls and notes on the leads they work: that is the first contact and every
        // follow-up the SLA clocks wait for.
        boolean salesLead = leads.find(id).flatMap(view -> stages.stage(view.lead().stage()))
                .map(stage -> stage.pool() == io.tandem.lifecycle.StagePool.SALES).orElse(false);
        boolean maySalesContact = salesLead && (me.isAdmin() || me.has(Role.SALES_REP) || me.has(Role.SALES_MANAGER))
                && access.may(me, id, LeadAction.UPDATE);
        model.addAttribute("maySalesContact", maySalesContact);
        if (salesLead) {
            List<SdrWork.Call> calls = work.calls(id);
            model.addAttribute("calls", calls.subList(0, Math.min(5, calls.size())));
            calls.forEach(call -> people.add(call.sdrId()));
            model.addAttribute("people", users.displayNames(people));
        } else {
            model.addAttribute("calls", List.of());
        }
        return "handoff/lead-panel :: panel";
    }

    @PostMapping("/leads/{id}/contacts")
    String logContact(@PathVariable UUID id, @RequestParam(required = false) String notes, TandemPrincipal me,
            RedirectAttributes redirect) {
        access.require(me, id, LeadAction.UPDATE);
        return ui.attempt(redirect, "/leads/" + id, "/leads/" + id, () -> {
            try {
                work.logCall(id, me.userId(), null, notes, null, actor.get());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "handoff.contactLogged");
    }

    /** Streams a call recording to whoever may see its lead, and to nobody else. */
    @GetMapping("/recordings/{id}")
    ResponseEntity<InputStreamResource> recording(@PathVariable UUID id, TandemPrincipal me) throws IOException {
        SdrWork.Recording recording = work.recording(id).orElseThrow(() -> new NotFoundException("Recording", id));
        access.require(me, recording.leadId(), LeadAction.READ);
        InputStream content = work.open(recording);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(recording.contentType()))
                .contentLength(recording.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(recording.originalName() == null ? "recording" : recording.originalName(),
                                java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff").header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(new InputStreamResource(content));
    }

    private void requireReadable(TandemPrincipal me, Handoff handoff) {
        boolean involved = handoff.repId().equals(me.userId()) || handoff.sdrId().equals(me.userId());
        if (!involved && !access.may(me, handoff.leadId(), LeadAction.READ)) {
            throw new NotFoundException("Handoff", handoff.id());
        }
    }

}
