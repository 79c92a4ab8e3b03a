package io.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/** The rep refused the transfer with a reason; the lead went back to marketing's Nurture. */
public record HandoffRejected(UUID handoffId, UUID leadId, UUID sdrId, UUID repId, RejectionReason reason,
        String comment, Instant at) {
}
