package io.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/** An SDR took an MQL from the queue (or a manager gave it to them). */
public record LeadClaimed(UUID leadId, UUID sdrId, Instant at) {
}
