package io.tandem.analytics.internal;

import java.time.Instant;
import java.util.UUID;

/** One campaign touch of a lead on an opportunity: its membership in a campaign, from when it joined. */
public record Touch(UUID campaignId, Instant at) {
}
