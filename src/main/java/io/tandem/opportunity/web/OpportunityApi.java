package io.tandem.opportunity.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.lead.LeadAction;
import io.tandem.opportunity.internal.Opportunity;
import io.tandem.opportunity.internal.OpportunityAccess;
import io.tandem.opportunity.internal.OpportunityService;
import io.tandem.security.TandemPrincipal;

@Tag(name = "Opportunities")
@RestController
@RequestMapping("/api/v1/opportunities")
@PreAuthorize("hasAuthority('SCOPE_read')")
class OpportunityApi {

    private final OpportunityService opportunities;
    private final OpportunityAccess access;

    OpportunityApi(OpportunityService opportunities, OpportunityAccess access) {
        this.opportunities = opportunities;
        this.access = access;
    }

    record OpportunityView(UUID id, String name, UUID accountId, UUID ownerId, String stage, BigDecimal amount,
            String currency, LocalDate expectedClose, int probability, String lostReason, Instant createdAt,
            Instant closedAt, List<UUID> leadIds, List<UUID> campaignIds) {
    }

    @Operation(summary = "One opportunity with its leads and campaigns",
            description = "404 for an opportunity the caller may not see.")
    @GetMapping("/{id}")
    OpportunityView get(@PathVariable UUID id, TandemPrincipal me) {
        access.require(me, id, LeadAction.READ);
        Opportunity o = opportunities.get(id);
        OpportunityService.Details details = opportunities.details(id);
        return new OpportunityView(o.id(), o.name(), o.accountId(), o.ownerId(), o.stage(), o.amount(), o.currency(),
                o.expectedClose(), o.probability(), o.lostReason() == null ? null : o.lostReason().name(),
                o.createdAt(), o.closedAt(),
                details.contacts().stream().map(OpportunityService.Contact::leadId).toList(),
                details.campaignIds());
    }
}
