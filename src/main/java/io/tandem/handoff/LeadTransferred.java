package io.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/** An SDR transferred a qualified lead to a sales rep (转出); the rep's answer is pending. */
public record LeadTransferred(UUID handoffId, UUID leadId, UUID sdrId, UUID repId, Instant at) {
}
