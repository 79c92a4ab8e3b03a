package io.tandem.activity;

import java.time.Instant;
import java.util.UUID;

public record RecordedActivity(UUID activityId, UUID leadId, String type, UUID campaignId, Instant occurredAt) {
}
