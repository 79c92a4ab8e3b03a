package io.tandem.activity;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tandem.lead.PersonRef;

/**
 * An activity as a client reports it.
 *
 * @param eventId the caller's id; a second report with the same id is recognised and ignored
 */
public record NewActivity(String eventId, String type, Instant occurredAt, PersonRef person, UUID campaignId,
        Map<String, Object> properties) {
}
