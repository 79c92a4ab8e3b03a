package io.tandem.campaign;

import java.time.Instant;
import java.util.UUID;

public record Membership(UUID campaignId, UUID leadId, MemberStatus status, Instant at) {
}
