package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

/** {@code merged} is now part of {@code survivor}; everything that pointed at it must move. */
public record LeadsMerged(UUID survivor, UUID merged, String actor, Instant at) {
}
