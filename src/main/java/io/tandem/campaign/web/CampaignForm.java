package io.tandem.campaign.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;

import io.tandem.campaign.CampaignStatus;
import io.tandem.campaign.CampaignType;
import io.tandem.campaign.internal.Campaign;
import io.tandem.campaign.CampaignDetails;

public record CampaignForm(String name, CampaignType type, String channel, CampaignStatus status,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate startDate,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endDate, UUID ownerId, BigDecimal budget,
        BigDecimal actualCost, String currency, String description, boolean formEnabled, String formThankYouUrl,
        String consentText) {

    static CampaignForm empty() {
        return new CampaignForm(null, null, null, CampaignStatus.PLANNED, null, null, null, null, null, "CNY", null,
                true, null, null);
    }

    static CampaignForm of(Campaign c) {
        return new CampaignForm(c.name(), c.type(), c.channel(), c.status(), c.startDate(), c.endDate(), c.ownerId(),
                c.budget(), c.actualCost(), c.currency(), c.description(), c.formKey() != null, c.formThankYouUrl(),
                c.consentText());
    }

    CampaignDetails toDetails() {
        return new CampaignDetails(name, type, channel, status, startDate, endDate, ownerId, budget, actualCost,
                currency, description, formEnabled, formThankYouUrl, consentText);
    }
}
