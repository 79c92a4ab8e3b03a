package io.tandem.campaign;

import java.time.LocalDate;
import java.util.UUID;

public record CampaignSummary(UUID id, String name, CampaignType type, String channel, CampaignStatus status,
        LocalDate startDate, LocalDate endDate) {
}
