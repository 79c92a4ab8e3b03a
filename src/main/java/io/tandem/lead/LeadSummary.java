package io.tandem.lead;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A lead as lists, exports and the API's list show it. */
public record LeadSummary(UUID id, String name, String email, String phone, String company, String title,
        String industry, String companySize, String province, String city, String country, String source,
        String sourceDetail, UUID firstCampaignId, UUID accountId, UUID ownerId, List<String> tags,
        Instant createdAt, Instant updatedAt, Instant lastActivityAt, String stage, Instant stageChangedAt,
        UUID sdrId, UUID pendingRepId) {

    public LeadSummary withLastActivityAt(Instant at) {
        return new LeadSummary(id, name, email, phone, company, title, industry, companySize, province, city, country,
                source, sourceDetail, firstCampaignId, accountId, ownerId, tags, createdAt, updatedAt, at, stage,
                stageChangedAt, sdrId, pendingRepId);
    }

    /** A transfer to sales awaits the rep's answer. */
    public boolean transferPending() {
        return pendingRepId != null;
    }
}
