package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

/** A sales lead went to the public pool (公海): its owner gave it up, or it was taken back from them. */
public record LeadReleased(UUID leadId, UUID previousOwner, String reason, Instant at) {
}
