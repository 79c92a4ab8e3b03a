package io.tandem.connectors.web;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.connectors.CrmTransfers;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.CurrentActor;

@Tag(name = "CRM transfers")
@RestController
@PreAuthorize("hasAuthority('SCOPE_leads:write') and hasAnyRole('ADMIN','SDR','MARKETING','SALES_MANAGER')")
class CrmTransferApi {

    private final CrmTransfers transfers;
    private final LeadAccess access;
    private final CurrentActor actor;

    CrmTransferApi(CrmTransfers transfers, LeadAccess access, CurrentActor actor) {
        this.transfers = transfers;
        this.access = access;
        this.actor = actor;
    }

    record TransferRequest(UUID connectorId) {
    }

    record TransferAccepted(UUID leadId, UUID connectorId, String status) {
    }

    @Operation(summary = "Transfer a qualified lead out to a CRM (转出)", description = "The lead (MQL or a sales stage) "
            + "is queued for the connector and upserted in the CRM by Tandem's id within seconds; its progress shows in "
            + "the lead's sync log. 400 when the lead is not qualified, a field the CRM requires is blank, or the "
            + "connector is unknown or off.")
    @PostMapping("/api/v1/leads/{id}/crm-transfers")
    @ResponseStatus(HttpStatus.ACCEPTED)
    TransferAccepted transfer(@PathVariable UUID id, @RequestBody TransferRequest request, TandemPrincipal me) {
        access.require(me, id, LeadAction.UPDATE);
        transfers.transferOut(id, request == null ? null : request.connectorId(), actor.get());
        return new TransferAccepted(id, request.connectorId(), "QUEUED");
    }
}
