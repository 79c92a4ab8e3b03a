package io.tandem.opportunity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A sales-qualified lead became an opportunity. */
public record OpportunityOpened(UUID opportunityId, UUID leadId, UUID ownerId, BigDecimal amount, String currency,
        List<UUID> campaignIds, Instant at) {
}
