package io.tandem.handoff.web;

import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.handoff.HandoffStatus;
import io.tandem.handoff.RejectionReason;
import io.tandem.handoff.internal.Handoff;
import io.tandem.handoff.internal.SdrWork;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.NotFoundException;

@Tag(name = "Handoffs")
@RestController
@RequestMapping("/api/v1/handoffs/{id}")
@PreAuthorize("hasAuthority('SCOPE_leads:write') and hasAnyRole('SALES_REP','SALES_MANAGER')")
class HandoffApi {

    private final SdrWork work;
    private final CurrentActor actor;

    HandoffApi(SdrWork work, CurrentActor actor) {
        this.work = work;
        this.actor = actor;
    }

    record Answer(UUID id, UUID leadId, HandoffStatus status) {
    }

    record Rejection(String reason, String comment) {
    }

    @Operation(summary = "Accept a transfer awaiting your answer", description = "The lead becomes yours and SAL. "
            + "Only the rep the transfer was made to may answer, once (else 400).")
    @PostMapping("/accept")
    Answer accept(@PathVariable UUID id, TandemPrincipal me) {
        work.accept(visible(id, me).id(), me.userId(), actor.get());
        return answer(id);
    }

    @Operation(summary = "Reject a transfer awaiting your answer", description = "reason is one of BAD_CONTACT_DATA, "
            + "NOT_A_FIT, ALREADY_CUSTOMER, DUPLICATE, NO_BUDGET, NO_NEED, OTHER (OTHER needs a comment). The lead "
            + "returns to marketing's Nurture with your reason visible to marketing and the SDR.")
    @PostMapping("/reject")
    Answer reject(@PathVariable UUID id, @RequestBody Rejection rejection, TandemPrincipal me) {
        RejectionReason reason;
        try {
            reason = rejection.reason() == null ? null : RejectionReason.valueOf(rejection.reason().strip());
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("reason", "is not one of " + java.util.Arrays.toString(RejectionReason.values()));
        }
        work.reject(visible(id, me).id(), me.userId(), reason, rejection.comment(), actor.get());
        return answer(id);
    }

    /** Somebody else's transfer does not exist for the caller. */
    private Handoff visible(UUID id, TandemPrincipal me) {
        Handoff handoff = work.handoff(id);
        if (!handoff.repId().equals(me.userId())) {
            throw new NotFoundException("Handoff", id);
        }
        return handoff;
    }

    private Answer answer(UUID id) {
        Handoff handoff = work.handoff(id);
        return new Answer(handoff.id(), handoff.leadId(), handoff.status());
    }
}
