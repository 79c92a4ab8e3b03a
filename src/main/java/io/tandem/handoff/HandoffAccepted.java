package io.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/** The rep accepted the transfer: the lead is sales-accepted (SAL) and theirs. */
public record HandoffAccepted(UUID handoffId, UUID leadId, UUID sdrId, UUID repId, Instant at) {
}
