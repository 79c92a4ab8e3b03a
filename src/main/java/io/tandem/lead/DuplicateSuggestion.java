package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

public record DuplicateSuggestion(UUID id, LeadSummary lead, LeadSummary other, String reason, Instant createdAt) {
}
