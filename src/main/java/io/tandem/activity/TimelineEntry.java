package io.tandem.activity;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A line of a lead's timeline: an activity, or a change to the lead itself. */
public record TimelineEntry(Instant at, String kind, String type, String campaignName, UUID campaignId,
        Map<String, Object> details, String actor, String field, String oldValue, String newValue) {

    public boolean isActivity() {
        return "ACTIVITY".equals(kind);
    }
}
