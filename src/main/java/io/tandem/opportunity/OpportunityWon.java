package io.tandem.opportunity;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An opportunity was won and created an order; the leads and campaigns it came from are named for attribution. */
public record OpportunityWon(UUID opportunityId, UUID orderId, BigDecimal amount, String currency, LocalDate wonOn,
        List<UUID> leadIds, List<UUID> campaignIds, Instant at) {
}
