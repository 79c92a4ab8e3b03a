package io.tandem.routing;

import java.time.Instant;
import java.util.UUID;

/** A routing rule gave the lead to someone. {@code why} names the rule (and pool) for the person who gets it. */
public record LeadRouted(UUID leadId, UUID assigneeId, String why, Instant at) {
}
