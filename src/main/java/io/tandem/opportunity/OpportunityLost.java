package io.tandem.opportunity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An opportunity was lost, with the reason. */
public record OpportunityLost(UUID opportunityId, LostReason reason, String comment, List<UUID> leadIds,
        Instant at) {
}
