package io.tandem.lead.web;

import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.lead.internal.LeadCommands;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.NotFoundException;
import io.tandem.shared.db.Transactions;

@Tag(name = "Leads")
@RestController
@RequestMapping("/api/v1/leads/{id}/stage")
@PreAuthorize("hasAuthority('SCOPE_leads:write')")
class LeadStageApi {

    private final LeadCommands commands;
    private final LeadDirectory leads;
    private final CurrentActor actor;
    private final TransactionTemplate transactions;
    private final io.tandem.lead.LeadAccess access;

    LeadStageApi(LeadCommands commands, LeadDirectory leads, CurrentActor actor, TransactionTemplate transactions,
            io.tandem.lead.LeadAccess access) {
        this.access = access;
        this.commands = commands;
        this.leads = leads;
        this.actor = actor;
        this.transactions = transactions;
    }

    record StageRequest(String stage, String reason) {
    }

    record StageResponse(UUID id, String stage) {
    }

    @Operation(summary = "Move a lead to another stage of the waterfall",
            description = "Only the transitions of the stage model are allowed (Admin → Stages); any other move is "
                    + "refused with 400 naming both stages. SAL is reached only by a rep accepting a transfer. "
                    + "The caller must be allowed to change the lead (404 when they may not see it, 403 otherwise).")
    @PostMapping
    StageResponse move(@PathVariable UUID id, @RequestBody StageRequest request,
            io.tandem.security.TandemPrincipal me) {
        access.require(me, id, io.tandem.lead.LeadAction.UPDATE);
        if (request.stage() == null || request.stage().isBlank()) {
            throw BadInputException.of("stage", "is required");
        }
        Transactions.retryingOnConflict(transactions, () -> {
            commands.moveToStage(id, request.stage().strip(), request.reason(), actor.get());
            return null;
        });
        LeadSummary lead = leads.find(id).orElseThrow(() -> new NotFoundException("Lead", id)).lead();
        return new StageResponse(lead.id(), lead.stage());
    }
}
