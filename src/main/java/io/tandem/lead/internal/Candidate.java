package io.tandem.lead.internal;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.lead.LeadField;

/** One valid, normalised capture item. */
record Candidate(int index, EnumMap<LeadField, String> fields, List<IdentityKey> keys, UUID campaignId,
        Set<String> tags, Map<String, Object> custom, Instant capturedAt, UUID ownerId) {

    /**
     * Carries no data beyond who the person is (an activity's reference). The source is a default every candidate
     * has and never changes an existing lead. A reference writes to an existing lead only when it brings an email
     * or mobile the lead did not have.
     */
    boolean identityOnly() {
        return fields.keySet().stream().allMatch(f -> f == LeadField.EMAIL || f == LeadField.PHONE
                || f == LeadField.SOURCE)
                && campaignId == null && tags.isEmpty() && custom.isEmpty() && ownerId == null;
    }
}
