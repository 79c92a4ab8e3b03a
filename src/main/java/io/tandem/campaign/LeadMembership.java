package io.tandem.campaign;

import java.time.Instant;
import java.util.UUID;

/** A lead's membership as shown on the lead: with the campaign's name and type. */
public record LeadMembership(UUID campaignId, String campaignName, CampaignType type, MemberStatus status,
        Instant joinedAt, Instant statusAt) {
}
