package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

public record LeadDeleted(UUID leadId, String actor, Instant at) {
}
