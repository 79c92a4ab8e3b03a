package io.tandem.lead;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Leads were created or received new data. One event per capture call or import chunk rather than per lead, so a
 * million-row import is a few hundred outbox rows, not a million.
 */
public record LeadsCaptured(List<UUID> created, List<UUID> updated, CaptureChannel channel, Instant at) {
}
