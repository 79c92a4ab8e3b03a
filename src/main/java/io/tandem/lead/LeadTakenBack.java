package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

/** A neglected MQL was taken back from the person who held it; it is free in the queue again. */
public record LeadTakenBack(UUID leadId, UUID previousOwner, String reason, Instant at) {
}
