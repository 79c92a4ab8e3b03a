package io.tandem.campaign.internal;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignStatus;
import io.tandem.campaign.CampaignSummary;
import io.tandem.campaign.CampaignType;
import io.tandem.shared.Ids;

@Table("campaign")
public class Campaign {

    private static final String FORM_KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    private UUID id;
    private String name;
    private CampaignType type;
    private String channel;
    private CampaignStatus status;
    private LocalDate startDate;
    private LocalDate endDate;
    private UUID ownerId;
    private BigDecimal budget;
    private BigDecimal actualCost;
    private String currency;
    private String description;
    private String formKey;
    private String formThankYouUrl;
    private String consentText;
    private String consentTextVersion;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Integer version;

    Campaign() {
    }

    static Campaign plan(CampaignDetails details, Instant now) {
        Campaign campaign = new Campaign();
        campaign.id = Ids.next();
        campaign.createdAt = now;
        campaign.currency = "CNY";
        campaign.apply(details, now);
        return campaign;
    }

    void apply(CampaignDetails details, Instant now) {
        details.validate();
        this.name = details.name().trim();
        this.type = details.type();
        this.channel = blankToNull(details.channel());
        this.status = details.status() == null ? CampaignStatus.PLANNED : details.status();
        this.startDate = details.startDate();
        this.endDate = details.endDate();
        this.ownerId = details.ownerId();
        this.budget = details.budget();
        this.actualCost = details.actualCost();
        if (details.currency() != null && !details.currency().isBlank()) {
            this.currency = details.currency().trim().toUpperCase(java.util.Locale.ROOT);
        }
        this.description = blankToNull(details.description());
        this.formThankYouUrl = blankToNull(details.formThankYouUrl());
        String newConsent = blankToNull(details.consentText());
        if (newConsent != null && !newConsent.equals(consentText)) {
            // Consent is recorded with the version of the text the person saw; a new text is a new version.
            consentTextVersion = now.toString();
        }
        this.consentText = newConsent;
        if (details.formEnabled() && formKey == null) {
            formKey = newFormKey();
        } else if (!details.formEnabled()) {
            formKey = null;
        }
        this.updatedAt = now;
    }

    static String newFormKey() {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            key.append(FORM_KEY_ALPHABET.charAt(RANDOM.nextInt(FORM_KEY_ALPHABET.length())));
        }
        return key.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public CampaignSummary summary() {
        return new CampaignSummary(id, name, type, channel, status, startDate, endDate);
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public CampaignType type() { return type; }
    public String channel() { return channel; }
    public CampaignStatus status() { return status; }
    public LocalDate startDate() { return startDate; }
    public LocalDate endDate() { return endDate; }
    public UUID ownerId() { return ownerId; }
    public BigDecimal budget() { return budget; }
    public BigDecimal actualCost() { return actualCost; }
    public String currency() { return currency; }
    public String description() { return description; }
    public String formKey() { return formKey; }
    public String formThankYouUrl() { return formThankYouUrl; }
    public String consentText() { return consentText; }
    public String consentTextVersion() { return consentTextVersion; }
    public Instant createdAt() { return createdAt; }
}
