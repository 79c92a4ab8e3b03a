package io.tandem.lead;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * When each lead was last active. Kept by the module that records activities and asked by lead lists and pages:
 * the time is read from the activities themselves instead of being copied onto the lead with every batch.
 */
public interface LastActivities {

    /** @return the time of each lead's latest activity; leads without any are absent */
    Map<UUID, Instant> of(Collection<UUID> leadIds);
}
