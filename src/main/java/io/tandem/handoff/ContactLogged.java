package io.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/** Somebody logged a call or a note with the lead: the lead has been worked. */
public record ContactLogged(UUID leadId, UUID userId, Instant at, Disposition disposition) {
}
